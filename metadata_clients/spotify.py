"""Spotify Web API client (client-credentials flow): episodes and show listings (does I/O)."""

from __future__ import annotations

import base64
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx

from metadata_clients.errors import BadCredentials, NotFound, ProviderError, ProviderUnavailable
from metadata_clients.models import SpotifyEpisode, SpotifyShow
from metadata_clients.spotify_records import episode_from_json, show_from_json
from metadata_clients.token_auth import RefreshingBearerAuth, Token
from metadata_clients.transport import (
    Clock,
    ProviderTransport,
    RetryPolicy,
    Sleep,
    unexpected_shape,
)

DEFAULT_API_BASE_URL = "https://api.spotify.com"
DEFAULT_ACCOUNTS_BASE_URL = "https://accounts.spotify.com"
PROVIDER = "Spotify"
TOKEN_MARGIN_SECONDS = 60.0
"""A token is renewed this long before Spotify says it expires."""
PAGE_SIZE = 50
MAX_PAGES = 200
"""Bounds a show listing at 10,000 episodes even if ``next`` never ends."""


class SpotifyClient:
    """Looks up Spotify podcast episodes; one call per episode, made concurrently."""

    def __init__(self, http: httpx.Client, client_id: str, client_secret: str,
                 api_base_url: str = DEFAULT_API_BASE_URL,
                 accounts_base_url: str = DEFAULT_ACCOUNTS_BASE_URL, market: str = "US",
                 max_concurrency: int = 8, *, clock: Clock = time.monotonic,
                 sleep: Sleep = time.sleep, policy: RetryPolicy | None = None) -> None:
        if max_concurrency < 1:
            raise ValueError("max_concurrency must be at least 1")
        self._transport = ProviderTransport(http, PROVIDER, policy or RetryPolicy(), sleep,
                                            clock)
        self._basic = base64.b64encode(f"{client_id}:{client_secret}".encode()).decode()
        self._api = api_base_url.rstrip("/")
        self._accounts = accounts_base_url.rstrip("/")
        self.market = market
        self.max_concurrency = max_concurrency
        # One token for every worker thread of ``episodes``: the auth fetches it once.
        self._auth = RefreshingBearerAuth(self._fetch_token, clock)

    def __repr__(self) -> str:
        return (f"SpotifyClient(api_base_url={self._api!r}, market={self.market!r}, "
                f"max_concurrency={self.max_concurrency})")

    def episode(self, episode_id: str) -> SpotifyEpisode:
        body = self._get(f"/v1/episodes/{episode_id}", {"market": self.market},
                         "episode", episode_id)
        return _converted(body)

    def episodes(self, ids: Iterable[str]) -> dict[str, SpotifyEpisode | ProviderError]:
        """Each id's episode or the error for that id alone, looked up concurrently."""
        unique = list(dict.fromkeys(ids))
        if not unique:
            return {}
        workers = min(self.max_concurrency, len(unique))
        with ThreadPoolExecutor(max_workers=workers,
                                thread_name_prefix="spotify-episodes") as pool:
            outcomes = list(pool.map(self._episode_or_error, unique))
        return dict(zip(unique, outcomes, strict=True))

    def _episode_or_error(self, episode_id: str) -> SpotifyEpisode | ProviderError:
        try:
            return self.episode(episode_id)
        except ProviderError as error:
            return error

    def show(self, show_id: str) -> SpotifyShow:
        body = self._get(f"/v1/shows/{show_id}", {"market": self.market}, "show", show_id)
        try:
            return show_from_json(body)
        except (KeyError, TypeError, ValueError):
            raise unexpected_shape(PROVIDER) from None

    def show_episodes(self, show_id: str, market: str | None = None) -> Iterator[SpotifyEpisode]:
        """Every playable episode of a show, newest first as Spotify lists them (no ``show``)."""
        url: str | None = f"{self._api}/v1/shows/{show_id}/episodes"
        params: dict[str, str | int] | None = {"market": market or self.market,
                                               "limit": PAGE_SIZE, "offset": 0}
        for _ in range(MAX_PAGES):
            if url is None:
                return
            page = self._get_url(url, params, "show", show_id)
            items = page.get("items") if isinstance(page, dict) else None
            if not isinstance(items, list):
                raise unexpected_shape(PROVIDER)
            # Spotify lists an episode the market cannot play as null.
            yield from (_converted(item) for item in items if item is not None)
            url, params = page.get("next"), None  # ``next`` already carries the query

    def _get(self, path: str, params: dict[str, str | int], kind: str, wanted: str) -> Any:
        return self._get_url(self._api + path, params, kind, wanted)

    def _get_url(self, url: str, params: dict[str, str | int] | None, kind: str,
                 wanted: str) -> Any:
        response = self._transport.send("GET", url, params=params, auth=self._auth)
        if response.status_code in (401, 403):
            # A 401 here survived a fresh token: the client credentials are at fault.
            raise BadCredentials(PROVIDER)
        if response.status_code in (400, 404):
            # Spotify answers 400 "invalid id" for ids that cannot exist.
            raise NotFound(PROVIDER, kind, wanted)
        if response.status_code != 200:
            raise ProviderUnavailable(PROVIDER, f"HTTP {response.status_code}")
        return self._transport.decode(response)

    def _fetch_token(self) -> Token:
        response = self._transport.send(
            "POST", f"{self._accounts}/api/token", data={"grant_type": "client_credentials"},
            headers={"Authorization": f"Basic {self._basic}"})
        if response.status_code in (400, 401, 403):
            raise BadCredentials(PROVIDER)
        if response.status_code != 200:
            raise ProviderUnavailable(PROVIDER, f"token answered HTTP {response.status_code}")
        body = self._transport.decode(response)
        try:
            token, lifetime = body["access_token"], float(body.get("expires_in", 3600))
        except (KeyError, TypeError, ValueError, AttributeError):
            raise unexpected_shape(PROVIDER) from None
        if not isinstance(token, str) or not token:
            raise unexpected_shape(PROVIDER)
        # Renewed a little early so that no token expires mid-request.
        return Token(token, lifetime - TOKEN_MARGIN_SECONDS)


def _converted(body: Any) -> SpotifyEpisode:
    try:
        return episode_from_json(body)
    except (KeyError, TypeError, ValueError, AttributeError):
        raise unexpected_shape(PROVIDER) from None
