"""The planning core: what to send, which ids the server confirmed, what may go (no I/O)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from sync_script.model import WATCHED, LibraryScan, ShowFolder, VideoFile, item_name
from sync_script.watched_lines import is_confirmed

T = TypeVar("T")

EpisodeKey = tuple[str, str]
"""An episode as the server keys it: (folder name, file name without extension)."""

CHUNK_SIZE = 500
"""Items per request: the API refuses more than 1,000 items or 1 MB in one request."""

SPOTIFY_CHUNK_SIZE = 100
"""Spotify has no batch endpoint, so the server makes one provider call per new episode;
smaller requests stay well inside an API gateway's request time limit."""


@dataclass(frozen=True)
class SyncPlan:
    """The distinct items a scan asks to send, in the order they were found."""

    episodes: tuple[EpisodeKey, ...]
    movies: tuple[str, ...]
    youtube_ids: tuple[str, ...]
    spotify_ids: tuple[str, ...]

    @property
    def item_count(self) -> int:
        """How many distinct items there are to send."""
        return len(self.episodes) + len(self.movies) + len(self.youtube_ids) + len(self.spotify_ids)


@dataclass(frozen=True)
class BatchAnswer:
    """The server's answer to one sync request, reduced to what matters for deletion.

    ``accepted`` is true for a 2xx, and for a 422/503 partial failure whose ``failed``
    list could be read; then every sent id not in ``failed`` was recorded.
    """

    accepted: bool
    failed: Mapping[str, str] = field(default_factory=dict)
    message: str | None = None
    added: int = 0


@dataclass
class Confirmed:
    """Ids the server confirmed during this run, per kind."""

    episodes: set[EpisodeKey] = field(default_factory=set)
    movies: set[str] = field(default_factory=set)
    youtube_ids: set[str] = field(default_factory=set)
    spotify_ids: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class KeptFolder:
    """A show folder that loses files but stays, and the entries that keep it."""

    path: Path
    others: tuple[str, ...]


@dataclass(frozen=True)
class CleanupPlan:
    """What may be removed now that the server confirmed it."""

    files: tuple[VideoFile, ...]
    show_folders: tuple[ShowFolder, ...]
    """Show folders the confirmed deletions empty (junk aside); each goes with its junk."""
    kept_folders: tuple[KeptFolder, ...]
    youtube_done: frozenset[str]
    spotify_done: frozenset[str]
    lines_to_remove: int
    root: Path = Path()
    """The library folder; nothing outside it is ever removed."""


def plan_sync(scan: LibraryScan) -> SyncPlan:
    """The distinct items of a scan; duplicates (two lines, two extensions) are sent once."""
    episodes = _unique((file.folder_name or "", file.name) for file in scan.episodes)
    movies = _unique(file.name for file in scan.movies)
    youtube = _unique(video for line in scan.lines if line.readable for video in line.youtube_ids)
    spotify = _unique(
        item
        for line in scan.lines
        if line.readable
        for item in (*line.spotify_ids, *line.short_link_ids)
    )
    return SyncPlan(episodes, movies, youtube, spotify)


def chunked(items: Sequence[T], size: int) -> list[tuple[T, ...]]:
    """Consecutive slices of at most ``size`` items."""
    if size < 1:
        raise ValueError("chunk size must be positive")
    return [tuple(items[start : start + size]) for start in range(0, len(items), size)]


def episode_id(episode: EpisodeKey) -> str:
    """How the server names an episode in a ``failed`` list: ``<folder>/<file name>``."""
    folder, name = episode
    return f"{folder}/{name}"


def episode_body(episodes: Sequence[EpisodeKey]) -> dict[str, object]:
    """The ``POST /sync`` body for some episodes."""
    return {"episodes": [{"folder_name": folder, "file_name": name} for folder, name in episodes]}


def movie_body(movies: Sequence[tuple[str, int]]) -> dict[str, object]:
    """The ``POST /syncmovies`` body for (file name, TVDB id) pairs."""
    return {"movies": [{"file_name": name, "tvdb_id": tvdb_id} for name, tvdb_id in movies]}


def youtube_body(video_ids: Sequence[str]) -> dict[str, object]:
    """The ``POST /syncyoutube`` body."""
    return {"video_ids": list(video_ids)}


def spotify_body(episode_ids: Sequence[str]) -> dict[str, object]:
    """The ``POST /syncspotify`` body."""
    return {"episode_ids": list(episode_ids)}


def confirmed_ids(sent: Iterable[str], answer: BatchAnswer) -> set[str]:
    """The sent ids the server recorded: none unless accepted, then all but the failed."""
    if not answer.accepted:
        return set()
    return {item for item in sent if item not in answer.failed}


def plan_cleanup(
    scan: LibraryScan, confirmed: Confirmed, known_shows: frozenset[str] = frozenset()
) -> CleanupPlan:
    """Exactly the files and lines the server confirmed, and the folders they empty.

    A show folder goes only when nothing but junk and an empty ``watched/`` is left once
    the confirmed files are gone. It is considered when it loses a file now, or when the
    server knows it (an earlier run may have stopped between deleting the last episode and
    removing the folder; such a folder already holds nothing but junk).
    """
    episodes = tuple(
        file for file in scan.episodes if (file.folder_name or "", file.name) in confirmed.episodes
    )
    movies = tuple(file for file in scan.movies if file.name in confirmed.movies)
    removed, kept = _folders(scan, {file.path for file in episodes}, known_shows)
    youtube_done = frozenset(confirmed.youtube_ids)
    spotify_done = _with_short_links(scan, frozenset(confirmed.spotify_ids))
    removed_lines = sum(1 for line in scan.lines if is_confirmed(line, youtube_done, spotify_done))
    return CleanupPlan(
        episodes + movies, removed, kept, youtube_done, spotify_done, removed_lines, scan.root
    )


def _with_short_links(scan: LibraryScan, spotify_done: frozenset[str]) -> frozenset[str]:
    """The confirmed episode ids plus the short links that resolved to one of them.

    The rewrite of ``watched.txt`` reads each line again, links and all, so it needs the
    links themselves; a link that was never resolved is never among them.
    """
    links = {
        link
        for line in scan.lines
        for link, episode in zip(line.short_links, line.short_link_ids, strict=False)
        if episode in spotify_done
    }
    return spotify_done | links


def _folders(
    scan: LibraryScan, deleted: set[Path], known_shows: frozenset[str]
) -> tuple[tuple[ShowFolder, ...], tuple[KeptFolder, ...]]:
    losing: set[Path] = set()
    staying: dict[Path, list[str]] = {}
    for file in scan.episodes:
        parent = file.path.parent.parent
        if file.path in deleted:
            losing.add(parent)
        else:
            staying.setdefault(parent, []).append(f"{WATCHED}/{file.path.name}")
    removed: list[ShowFolder] = []
    kept: list[KeptFolder] = []
    for folder in scan.show_folders:
        if folder.path not in losing and item_name(folder.path.name) not in known_shows:
            continue
        others = (*staying.get(folder.path, ()), *folder.others)
        if not others:
            removed.append(folder)
        elif folder.path in losing:
            kept.append(KeptFolder(folder.path, others))
    return tuple(removed), tuple(kept)


def _unique(values: Iterable[T]) -> tuple[T, ...]:
    return tuple(dict.fromkeys(values))
