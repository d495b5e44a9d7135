"""TMDB client: movies looked up by TMDB id (does I/O)."""

from __future__ import annotations

import time

import httpx

from metadata_clients.errors import BadCredentials, NotFound, ProviderUnavailable
from metadata_clients.models import TmdbMovie
from metadata_clients.transport import (
    Clock,
    ProviderTransport,
    RetryPolicy,
    Sleep,
    unexpected_shape,
)

DEFAULT_BASE_URL = "https://api.themoviedb.org"
PROVIDER = "TMDB"
POSTER_BASE_URL = "https://image.tmdb.org/t/p/w500"


class TmdbClient:
    """Looks up TMDB movies with a read access token."""

    def __init__(self, http: httpx.Client, read_access_token: str,
                 base_url: str = DEFAULT_BASE_URL, *, clock: Clock = time.monotonic,
                 sleep: Sleep = time.sleep, policy: RetryPolicy | None = None) -> None:
        self._transport = ProviderTransport(http, PROVIDER, policy or RetryPolicy(), sleep,
                                            clock)
        self._token = read_access_token
        self._base_url = base_url.rstrip("/")

    def __repr__(self) -> str:
        return f"TmdbClient(base_url={self._base_url!r})"

    def movie(self, tmdb_id: int) -> TmdbMovie:
        response = self._transport.send("GET", f"{self._base_url}/3/movie/{tmdb_id}",
                                        headers={"Authorization": f"Bearer {self._token}"})
        if response.status_code == 404:
            raise NotFound(PROVIDER, "movie", str(tmdb_id))
        if response.status_code in (401, 403):
            raise BadCredentials(PROVIDER)
        if response.status_code != 200:
            raise ProviderUnavailable(PROVIDER, f"HTTP {response.status_code}")
        body = self._transport.decode(response)
        try:
            poster = body.get("poster_path")
            return TmdbMovie(id=int(body["id"]), title=body["original_title"],
                             runtime_minutes=body.get("runtime") or None,
                             image=POSTER_BASE_URL + poster if poster else None)
        except (KeyError, TypeError, ValueError, AttributeError):
            raise unexpected_shape(PROVIDER) from None
