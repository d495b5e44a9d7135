"""What a library scan found: plain immutable values shared by the planning core (no I/O)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

VIDEO_SUFFIXES = frozenset({".mkv", ".mp4"})
"""Extensions that make a file a watched video (compared case-insensitively)."""

JUNK_NAMES = frozenset({".ds_store", "thumbs.db", "desktop.ini"})
"""Files the operating system drops into folders (compared case-insensitively): they never
keep a show folder, and they are removed with it."""

SHOWS = "shows"
MOVIES = "movies"
WATCHED = "watched"
WATCHED_TXT = "watched.txt"


def item_name(name: str) -> str:
    """A folder or file name as sent to the server.

    macOS hands out decomposed (NFD) names; composing them gives the same show or movie
    the same key from every computer.
    """
    return unicodedata.normalize("NFC", name)


def is_video_name(name: str) -> bool:
    """Whether a file name is a video (``.mkv``/``.mp4``, not a macOS ``._`` twin)."""
    if name.startswith("._"):
        # AppleDouble metadata that macOS writes next to every file on foreign drives.
        return False
    return Path(name).suffix.lower() in VIDEO_SUFFIXES


def is_junk(name: str) -> bool:
    """Whether a file name is operating-system clutter rather than the user's data."""
    return name.lower() in JUNK_NAMES


@dataclass(frozen=True)
class VideoFile:
    """A watched video on disk: an episode (``folder_name`` set) or a movie (``None``)."""

    path: Path
    name: str
    """The item name sent to the API: the file name without its extension."""
    size: int
    folder_name: str | None = None


@dataclass(frozen=True)
class ShowFolder:
    """A real folder under ``shows/`` and what, besides its watched videos, it holds."""

    path: Path
    others: tuple[str, ...] = ()
    """Entries that keep the folder, relative to it: ``notes.txt``, ``Subs/``,
    ``watched/01.ja.srt`` (anything that is neither a watched video nor junk)."""
    junk: tuple[Path, ...] = ()
    """Junk files directly in the folder or its ``watched/``, removed with it."""
    has_watched: bool = False
    """Whether it holds a real ``watched/`` folder."""


@dataclass(frozen=True)
class WatchedLine:
    """One non-blank line of ``watched.txt`` and what it links to."""

    number: int
    """1-based line number in the file, for messages."""
    text: str
    """The line as written, without its line ending."""
    youtube_ids: tuple[str, ...] = ()
    spotify_ids: tuple[str, ...] = ()
    short_links: tuple[str, ...] = ()
    """``spotify.link`` short links; each must resolve to an episode before the line goes."""
    short_link_ids: tuple[str, ...] = ()
    """The episode id each short link resolved to, in the same order (empty until then)."""
    problem: str | None = None
    """Why the line cannot be synced; such a line is always kept."""

    @property
    def readable(self) -> bool:
        """Whether the line carries at least one id to sync and no problem."""
        return self.problem is None and bool(
            self.youtube_ids or self.spotify_ids or self.short_links
        )


@dataclass(frozen=True)
class LibraryScan:
    """Everything the three sources of a library folder hold right now."""

    episodes: tuple[VideoFile, ...] = ()
    movies: tuple[VideoFile, ...] = ()
    lines: tuple[WatchedLine, ...] = ()
    show_folders: tuple[ShowFolder, ...] = ()
    """Every real folder under ``shows/``, watched episodes or not."""
    root: Path = Path()
    """The library folder the paths above start with."""
    notes: tuple[str, ...] = field(default=())
    """Problems met while scanning (an unreadable folder), reported to the user."""

    @property
    def unreadable_lines(self) -> tuple[WatchedLine, ...]:
        """Lines kept because nothing could be read from them."""
        return tuple(line for line in self.lines if not line.readable)

    @property
    def is_empty(self) -> bool:
        """Whether there is nothing at all to send."""
        return not (self.episodes or self.movies or any(line.readable for line in self.lines))
