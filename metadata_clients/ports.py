"""The small protocols the service layer depends on, one per provider (pure).

The httpx clients satisfy them; service-layer tests may pass hand-written fakes instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Literal, Protocol

from metadata_clients.errors import ProviderError
from metadata_clients.models import (
    SpotifyEpisode,
    SpotifyShow,
    TmdbMovie,
    TvdbEpisode,
    TvdbMovie,
    TvdbSearchResult,
    TvdbSeries,
    YouTubeChannel,
    YouTubeVideo,
)


class TvdbLookup(Protocol):
    def series(self, tvdb_id: int) -> TvdbSeries: ...
    def episode(self, tvdb_id: int) -> TvdbEpisode: ...
    def movie(self, tvdb_id: int) -> TvdbMovie: ...
    def search(self, query: str, kind: Literal["series", "movie"],
               limit: int = 5) -> list[TvdbSearchResult]: ...


class YouTubeLookup(Protocol):
    def videos(self, ids: Iterable[str]) -> dict[str, YouTubeVideo]: ...
    def channels(self, ids: Iterable[str]) -> dict[str, YouTubeChannel]: ...
    def playlist_video_ids(self, playlist_id: str) -> list[str]: ...


class SpotifyLookup(Protocol):
    def episode(self, episode_id: str) -> SpotifyEpisode: ...
    def episodes(self, ids: Iterable[str]) -> dict[str, SpotifyEpisode | ProviderError]: ...
    def show(self, show_id: str) -> SpotifyShow: ...
    def show_episodes(self, show_id: str,
                      market: str | None = None) -> Iterator[SpotifyEpisode]: ...


class TmdbLookup(Protocol):
    def movie(self, tmdb_id: int) -> TmdbMovie: ...
