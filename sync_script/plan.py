"""The planning core: what to send, which ids the server confirmed, what may go (no I/O)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from sync_script.model import LibraryScan, VideoFile, item_name
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
class CleanupPlan:
    """What may be removed now that the server confirmed it."""

    files: tuple[VideoFile, ...]
    show_folders: tuple[Path, ...]
    """Show folders that lose a file; each goes only if no video is left under it."""
    youtube_done: frozenset[str]
    spotify_done: frozenset[str]
    lines_to_remove: int


def plan_sync(scan: LibraryScan) -> SyncPlan:
    """The distinct items of a scan; duplicates (two lines, two extensions) are sent once."""
    episodes = _unique((file.folder_name or "", file.name) for file in scan.episodes)
    movies = _unique(file.name for file in scan.movies)
    youtube = _unique(video for line in scan.lines if line.readable for video in line.youtube_ids)
    spotify = _unique(item for line in scan.lines if line.readable for item in line.spotify_ids)
    return SyncPlan(episodes, movies, youtube, spotify)


def chunked(items: Sequence[T], size: int) -> list[tuple[T, ...]]:
    """Consecutive slices of at most ``size`` items."""
    if size < 1:
        raise ValueError("chunk size must be positive")
    return [tuple(items[start : start + size]) for start in range(0, len(items), size)]


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
    """Exactly the files and lines the server confirmed; everything else stays.

    Show folders considered for removal are those losing a file now, and those the server
    already knows (``known_shows``: an earlier run may have stopped between deleting the
    last episode and removing the folder).
    """
    episodes = tuple(
        file for file in scan.episodes if (file.folder_name or "", file.name) in confirmed.episodes
    )
    movies = tuple(file for file in scan.movies if file.name in confirmed.movies)
    known = (folder for folder in scan.show_folders if item_name(folder.name) in known_shows)
    folders = _unique((*(file.path.parent.parent for file in episodes), *known))
    youtube_done = frozenset(confirmed.youtube_ids)
    spotify_done = frozenset(confirmed.spotify_ids)
    removed = sum(1 for line in scan.lines if is_confirmed(line, youtube_done, spotify_done))
    return CleanupPlan(episodes + movies, folders, youtube_done, spotify_done, removed)


def _unique(values: Iterable[T]) -> tuple[T, ...]:
    return tuple(dict.fromkeys(values))
