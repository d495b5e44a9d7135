"""TVDB API v4 client: series, episodes, movies and search, with a cached login token (does I/O)."""

from __future__ import annotations

import time
from typing import Any, Literal

import httpx

from metadata_clients.errors import BadCredentials, NotFound, ProviderUnavailable
from metadata_clients.models import TvdbEpisode, TvdbMovie, TvdbSearchResult, TvdbSeries
from metadata_clients.token_auth import RefreshingBearerAuth, Token
from metadata_clients.transport import (
    Clock,
    ProviderTransport,
    RetryPolicy,
    Sleep,
    unexpected_shape,
)

DEFAULT_BASE_URL = "https://api4.thetvdb.com/v4"
PROVIDER = "TVDB"
# TVDB tokens last about a month; renewing a few days early avoids a 401 round trip.
TOKEN_LIFETIME_SECONDS = 25 * 24 * 3600.0


class TvdbClient:
    """Looks up TVDB series and movies; logs in once and reuses the token."""

    def __init__(self, http: httpx.Client, api_key: str, base_url: str = DEFAULT_BASE_URL, *,
                 clock: Clock = time.monotonic, sleep: Sleep = time.sleep,
                 policy: RetryPolicy | None = None) -> None:
        self._transport = ProviderTransport(http, PROVIDER, policy or RetryPolicy(), sleep,
                                            clock)
        self._api_key = api_key
        self._base_url = base_url.rstrip("/")
        self._auth = RefreshingBearerAuth(self._login, clock)

    def __repr__(self) -> str:
        return f"TvdbClient(base_url={self._base_url!r})"

    def series(self, tvdb_id: int) -> TvdbSeries:
        data = self._get(f"/series/{tvdb_id}", None, "series", str(tvdb_id))
        try:
            return TvdbSeries(id=int(data["id"]), name=data["name"], image=data.get("image"),
                              average_runtime_minutes=data.get("averageRuntime"),
                              original_language=data.get("originalLanguage"))
        except (KeyError, TypeError, ValueError):
            raise unexpected_shape(PROVIDER) from None

    def episode(self, tvdb_id: int) -> TvdbEpisode:
        """The episode with that TVDB id (players send an episode's own id, not its series')."""
        data = self._get(f"/episodes/{tvdb_id}", None, "episode", str(tvdb_id))
        try:
            return TvdbEpisode(id=int(data["id"]), series_id=int(data["seriesId"]),
                               name=data.get("name"), runtime_minutes=data.get("runtime"))
        except (KeyError, TypeError, ValueError):
            raise unexpected_shape(PROVIDER) from None

    def movie(self, tvdb_id: int) -> TvdbMovie:
        data = self._get(f"/movies/{tvdb_id}", None, "movie", str(tvdb_id))
        try:
            return TvdbMovie(id=int(data["id"]), name=data["name"], image=data.get("image"),
                             runtime_minutes=data.get("runtime"))
        except (KeyError, TypeError, ValueError):
            raise unexpected_shape(PROVIDER) from None

    def search(self, query: str, kind: Literal["series", "movie"],
               limit: int = 5) -> list[TvdbSearchResult]:
        """Best matches first, at most ``limit``; an empty list when nothing matches."""
        try:
            data = self._get("/search", {"query": query, "type": kind, "limit": limit},
                             "search result", query)
        except NotFound:
            return []
        try:
            return [_search_result(entry) for entry in data][:limit]
        except (KeyError, TypeError, ValueError):
            raise unexpected_shape(PROVIDER) from None

    def _get(self, path: str, params: dict[str, str | int] | None, kind: str,
             wanted: str) -> Any:
        response = self._transport.send("GET", self._base_url + path, params=params,
                                        auth=self._auth)
        if response.status_code == 401:
            # Even a fresh login's token was refused: the key itself is at fault.
            raise BadCredentials(PROVIDER)
        if response.status_code == 404:
            raise NotFound(PROVIDER, kind, wanted)
        if response.status_code != 200:
            raise ProviderUnavailable(PROVIDER, f"HTTP {response.status_code}")
        body = self._transport.decode(response)
        if not isinstance(body, dict) or "data" not in body:
            raise unexpected_shape(PROVIDER)
        return body["data"]

    def _login(self) -> Token:
        response = self._transport.send("POST", self._base_url + "/login",
                                        json={"apikey": self._api_key})
        if response.status_code in (400, 401, 403):
            raise BadCredentials(PROVIDER)
        if response.status_code != 200:
            raise ProviderUnavailable(PROVIDER, f"login answered HTTP {response.status_code}")
        body = self._transport.decode(response)
        try:
            token = body["data"]["token"]
        except (KeyError, TypeError):
            raise unexpected_shape(PROVIDER) from None
        if not isinstance(token, str) or not token:
            raise unexpected_shape(PROVIDER)
        return Token(token, TOKEN_LIFETIME_SECONDS)


def _search_result(entry: dict[str, Any]) -> TvdbSearchResult:
    return TvdbSearchResult(
        tvdb_id=int(entry["tvdb_id"]), name=entry["name"], year=entry.get("year"),
        image_url=entry.get("image_url"), primary_language=entry.get("primary_language"),
        overview=entry.get("overview"),
    )
