"""Bearer-token authentication as an ``httpx.Auth`` flow with a cached, shared token (pure).

The flow adds ``Authorization: Bearer <token>``, obtains a token when there is none or it
has expired, and on a 401 obtains a fresh one once and sends the request again (providers
may revoke a token before its time). How a token is obtained is the provider's business:
``fetch`` does its own I/O (TVDB's login, Spotify's client-credentials grant) and raises the
provider's typed error, e.g. ``BadCredentials``, which reaches the caller unchanged.

One instance is shared by every thread of its client: a lock makes concurrent callers wait
for one fetch instead of each fetching their own. The flow is for sync clients (the only
kind there is); an async one would need an async ``fetch`` so it never blocks its loop.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass

import httpx

from metadata_clients.transport import Clock


@dataclass(frozen=True)
class Token:
    """A bearer token and how many seconds from now it may still be sent."""

    value: str
    lifetime: float


FetchToken = Callable[[], Token]


class RefreshingBearerAuth(httpx.Auth):
    """Sends a cached bearer token, renewing it on expiry and, once per request, on a 401."""

    def __init__(self, fetch: FetchToken, clock: Clock = time.monotonic) -> None:
        self._fetch = fetch
        self._clock = clock
        self._lock = threading.Lock()
        self._token: str | None = None
        self._expires = 0.0

    def __repr__(self) -> str:
        return "RefreshingBearerAuth()"

    def token(self, stale: str | None = None) -> str:
        """The current token; a new one if there is none, it expired, or it is ``stale``."""
        with self._lock:
            # Comparing with the refused token (not refetching blindly) means that when many
            # threads meet the same 401, only the first fetches; the rest reuse its token.
            if self._token is None or self._token == stale or self._clock() >= self._expires:
                fresh = self._fetch()
                self._token = fresh.value
                self._expires = self._clock() + max(0.0, fresh.lifetime)
            return self._token

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        sent = self.token()
        request.headers["Authorization"] = f"Bearer {sent}"
        response = yield request
        if response.status_code == 401:
            request.headers["Authorization"] = f"Bearer {self.token(stale=sent)}"
            yield request
