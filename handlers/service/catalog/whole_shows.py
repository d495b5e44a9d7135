"""A whole Spotify show or YouTube playlist shared at once: what it holds, and logging all
or up to one episode (calls the providers, reads and writes the store).

A show's episodes come 50 a page, a playlist's items 50 a page and then its videos 50 ids a
call; how many are already logged is one batched read. Logging up to a show's episode is
the backfill of ``/syncspotify`` (that episode and every earlier one); up to a playlist's
video is the playlist from its start to that video. Logging all of it is one operation both
chat doors call, so "Log all" means the same in every chat.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from handlers.service.catalog.sync_report import LoggedItem, SyncReport
from handlers.service.core.errors import (
    InvalidInput,
    NotFound,
    ProviderNotConfigured,
    ServiceUnavailable,
)
from metadata_clients import errors as provider_errors
from storage.models import SpotifyEpisode, YouTubeVideo, user_pk
from storage.repository import ItemRepository

CollectionKind = Literal["spotify", "youtube"]
"""A Spotify show or a YouTube playlist."""

if TYPE_CHECKING:
    # For annotations only: the clients' module loads httpx, which no rule calls.
    from metadata_clients.settings import ProviderClients


@dataclass(frozen=True)
class CollectionEpisode:
    id: str
    title: str
    seconds: int
    logged: bool
    position: int = 0
    """Its place in the playlist as YouTube lists it, gone videos counted (what
    :meth:`WholeShows.log_youtube_playlist`'s count counts)."""


@dataclass(frozen=True)
class Collection:
    """A show's episodes, newest first, and how much of it the user logged already."""

    id: str
    name: str
    episodes: list[CollectionEpisode]
    kind: str = "spotify"
    """``spotify`` (a show, newest first) or ``youtube`` (a playlist, in its order)."""

    @property
    def total_seconds(self) -> int:
        return sum(e.seconds for e in self.episodes)

    @property
    def logged_count(self) -> int:
        return sum(1 for e in self.episodes if e.logged)


def spotify_show(
    repo: ItemRepository, providers: ProviderClients, user: str, show_id: str
) -> Collection:
    """What the show holds; NotFound for an unknown show."""
    if providers.spotify is None:
        raise ProviderNotConfigured("Cannot look the show up: Spotify is not configured.")
    try:
        show = providers.spotify.show(show_id)
        listed = list(providers.spotify.show_episodes(show_id))
    except provider_errors.NotFound:
        raise NotFound("Spotify has no show with this id.") from None
    except provider_errors.ProviderError as error:
        raise ServiceUnavailable(str(error)) from error
    stored = repo.get_many(user_pk(user), [SpotifyEpisode.SK_PREFIX + e.id for e in listed])
    episodes = [
        CollectionEpisode(e.id, e.name, e.duration_seconds,
                          SpotifyEpisode.SK_PREFIX + e.id in stored)
        for e in listed
    ]
    return Collection(show.id, show.name, episodes)


def youtube_playlist(
    repo: ItemRepository, providers: ProviderClients, user: str, playlist_id: str
) -> Collection:
    """What the playlist holds (videos YouTube no longer has are left out)."""
    ids = playlist_ids(providers, playlist_id)
    assert providers.youtube is not None
    try:
        videos = providers.youtube.videos(ids)
    except provider_errors.ProviderError as error:
        raise ServiceUnavailable(str(error)) from error
    stored = repo.get_many(user_pk(user), [YouTubeVideo.SK_PREFIX + v for v in videos])
    episodes = [
        CollectionEpisode(v, videos[v].title or v, videos[v].duration_seconds or 0,
                          YouTubeVideo.SK_PREFIX + v in stored, position)
        for position, v in enumerate(ids) if v in videos
    ]
    return Collection(playlist_id, "YouTube playlist", episodes, "youtube")


def newest_episode(providers: ProviderClients, show_id: str) -> str | None:
    """The id of the show's newest playable episode (``None``: it has none); NotFound for an
    unknown show. Spotify lists newest first, so only the first page is read."""
    if providers.spotify is None:
        raise ProviderNotConfigured("Cannot look the show up: Spotify is not configured.")
    try:
        return next((e.id for e in providers.spotify.show_episodes(show_id)), None)
    except provider_errors.NotFound:
        raise NotFound("Spotify has no show with this id.") from None
    except provider_errors.ProviderError as error:
        raise ServiceUnavailable(str(error)) from error


def playlist_ids(providers: ProviderClients, playlist_id: str) -> list[str]:
    """The playlist's video ids in order; NotFound for an unknown or private playlist."""
    if providers.youtube is None:
        raise ProviderNotConfigured("Cannot read the playlist: no YouTube API key is configured.")
    try:
        return list(dict.fromkeys(providers.youtube.playlist_video_ids(playlist_id)))
    except provider_errors.NotFound:
        raise NotFound("YouTube has no public playlist with this id.") from None
    except provider_errors.ProviderError as error:
        raise ServiceUnavailable(str(error)) from error


class WholeShows:
    """The service's area for a shared Spotify show or YouTube playlist: look, then log."""

    def __init__(
        self,
        repo: ItemRepository,
        providers: ProviderClients,
        sync_youtube: Callable[[str, list[str]], SyncReport],
        sync_spotify_backfill: Callable[[str, str], SyncReport],
        remember: Callable[[str, Sequence[LoggedItem]], object],
    ) -> None:
        self._repo, self._providers = repo, providers
        self._sync_youtube, self._sync_spotify_backfill = sync_youtube, sync_spotify_backfill
        # What a whole show logs goes on the user's undo stack, as a shared link's does.
        self._remember = remember

    def collection(self, user: str, kind: CollectionKind, collection_id: str) -> Collection:
        """A shared show or playlist, by kind (what each chat shows before "Log all")."""
        if kind == "youtube":
            return self.youtube_playlist(user, collection_id)
        return self.spotify_show(user, collection_id)

    def spotify_show(self, user: str, show_id: str) -> Collection:
        """A shared Spotify show: its episodes, total length, how many are logged."""
        return spotify_show(self._repo, self._providers, user, show_id)

    def log_spotify_show(self, user: str, up_to_episode: str) -> SyncReport:
        """Log an episode and every earlier one of its show (all: pass the newest)."""
        return self._remembered(user, self._sync_spotify_backfill(user, up_to_episode))

    def youtube_playlist(self, user: str, playlist_id: str) -> Collection:
        """A shared YouTube playlist: its videos, total length, how many are logged."""
        return youtube_playlist(self._repo, self._providers, user, playlist_id)

    def log_youtube_playlist(self, user: str, playlist_id: str, count: int) -> SyncReport:
        """Log the playlist's first ``count`` videos (all of them: its length)."""
        ids = playlist_ids(self._providers, playlist_id)
        return self._remembered(user, self._sync_youtube(user, ids[: max(0, count)]))

    def log_all(self, user: str, kind: CollectionKind, collection_id: str) -> SyncReport:
        """Log every episode of a Spotify show or every video of a YouTube playlist (what a
        chat's "Log all" button does)."""
        if kind == "youtube":
            ids = playlist_ids(self._providers, collection_id)
            return self._remembered(user, self._sync_youtube(user, ids))
        if kind != "spotify":
            raise InvalidInput("Only a Spotify show or a YouTube playlist can be logged whole.")
        newest = newest_episode(self._providers, collection_id)
        if newest is None:
            return SyncReport()
        return self.log_spotify_show(user, newest)

    def _remembered(self, user: str, report: SyncReport) -> SyncReport:
        self._remember(user, report.added)
        return report
