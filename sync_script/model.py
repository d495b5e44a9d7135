"""What a library scan found: plain immutable values shared by the planning core (no I/O)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

VIDEO_SUFFIXES = frozenset({".mkv", ".mp4"})
"""Extensions that make a file a watched video (compared case-insensitively)."""

PARTIAL_DOWNLOAD_SUFFIXES = frozenset({".part", ".crdownload", ".!qb"})
"""Suffixes download tools add while a video is still arriving."""


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


def keeps_folder(name: str) -> bool:
    """Whether a file left under a show folder means the folder must stay.

    A video still downloading counts: removing the folder would destroy the download.
    """
    if is_video_name(name):
        return True
    path = Path(name)
    if path.suffix.lower() in PARTIAL_DOWNLOAD_SUFFIXES:
        return is_video_name(path.stem)
    return False


@dataclass(frozen=True)
class VideoFile:
    """A watched video on disk: an episode (``folder_name`` set) or a movie (``None``)."""

    path: Path
    name: str
    """The item name sent to the API: the file name without its extension."""
    size: int
    folder_name: str | None = None


@dataclass(frozen=True)
class WatchedLine:
    """One non-blank line of ``watched.txt`` and what it links to."""

    number: int
    """1-based line number in the file, for messages."""
    text: str
    """The line as written, without its line ending."""
    youtube_ids: tuple[str, ...] = ()
    spotify_ids: tuple[str, ...] = ()
    problem: str | None = None
    """Why the line cannot be synced; such a line is always kept."""

    @property
    def readable(self) -> bool:
        """Whether the line carries at least one id to sync and no problem."""
        return self.problem is None and bool(self.youtube_ids or self.spotify_ids)


@dataclass(frozen=True)
class LibraryScan:
    """Everything the three sources of a library folder hold right now."""

    episodes: tuple[VideoFile, ...] = ()
    movies: tuple[VideoFile, ...] = ()
    lines: tuple[WatchedLine, ...] = ()
    show_folders: tuple[Path, ...] = ()
    """Every folder under ``shows/``, watched episodes or not."""
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
