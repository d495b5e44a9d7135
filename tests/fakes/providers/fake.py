"""TVDB, YouTube, Spotify and TMDB fakes behind one entry: in-process or on a loopback port.

``mock_transport()`` answers through ``httpx.MockTransport`` (pure, for unit tests);
``start()`` (or ``with``) serves the same fakes on 127.0.0.1 (network I/O, for integration
and e2e tests and benchmarks). Both record every request in ``calls`` and serve injected
faults: ``"429"`` (with ``Retry-After``), ``"500"``, ``"malformed"`` (200 with a body that
is not JSON), ``"quota"`` (YouTube 403 quotaExceeded) for the next ``count`` requests to
one endpoint. ``latency`` (seconds, settable) is added to every request; ``hold_replies()``
keeps every reply waiting until ``release_replies()``, to keep a request in flight for as
long as a test needs, whatever the machine's load.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Mapping
from types import TracebackType
from typing import Literal
from urllib.parse import parse_qs, urlsplit

import httpx

from tests.fakes.providers.exchange import Call, CallLog, Reply, Request, Route, json_reply
from tests.fakes.providers.server import LoopbackServer
from tests.fakes.providers.spotify import SPOTIFY_CLIENT_ID, SPOTIFY_CLIENT_SECRET, SpotifyFake
from tests.fakes.providers.tmdb import TMDB_READ_ACCESS_TOKEN, TmdbFake
from tests.fakes.providers.tvdb import TVDB_API_KEY, TvdbFake
from tests.fakes.providers.youtube import YOUTUBE_API_KEY, YouTubeFake

Fault = Literal["429", "500", "malformed", "quota"]
HOLD_LIMIT_SECONDS = 120.0
"""The longest a held reply waits for its release."""
MOCK_URL = "http://providers.test"
"""The origin used while no loopback server runs; ``mock_transport()`` answers any host."""


class ProviderFake:
    """The four providers, answering in-process or on one loopback port."""

    def __init__(self, *, latency: float = 0.0, spotify_token_lifetime: int = 3600) -> None:
        self.latency = latency
        self.calls = CallLog()
        self.tvdb = TvdbFake.with_fixtures()
        self.youtube = YouTubeFake.with_fixtures()
        self.spotify = SpotifyFake.with_fixtures(spotify_token_lifetime)
        self.tmdb = TmdbFake.with_fixtures()
        routes = [*self.tvdb.routes(), *self.youtube.routes(), *self.spotify.routes(),
                  *self.tmdb.routes()]
        self._routes = [(route, re.compile(route.pattern)) for route in routes]
        self._faults: dict[str, list[tuple[Fault, int]]] = {}
        self._lock = threading.Lock()
        self._released = threading.Event()
        self._released.set()
        self._server: LoopbackServer | None = None

    # -- in-process and loopback doors ---------------------------------------------------
    def mock_transport(self) -> httpx.MockTransport:
        """A transport for ``httpx.Client`` that answers from these fakes without a socket."""
        return httpx.MockTransport(self._answer_httpx)

    def start(self) -> ProviderFake:
        self._server = LoopbackServer(self.answer)
        return self

    def stop(self) -> None:
        self.release_replies()
        if self._server is not None:
            self._server.stop()
        self._server = None

    def __enter__(self) -> ProviderFake:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """The loopback server's origin while it runs, else ``MOCK_URL``."""
        return self._server.url if self._server is not None else MOCK_URL

    def environment(self) -> dict[str, str]:
        """Environment variables pointing the product at this fake, with matching credentials."""
        return {
            "IMMERSION_TRACKER_TVDB_BASE_URL": f"{self.url}/v4",
            "IMMERSION_TRACKER_YOUTUBE_BASE_URL": self.url,
            "IMMERSION_TRACKER_SPOTIFY_API_BASE_URL": self.url,
            "IMMERSION_TRACKER_SPOTIFY_ACCOUNTS_BASE_URL": self.url,
            "IMMERSION_TRACKER_TMDB_BASE_URL": self.url,
            "IMMERSION_TRACKER_TVDB_API_KEY": TVDB_API_KEY,
            "IMMERSION_TRACKER_YOUTUBE_API_KEY": YOUTUBE_API_KEY,
            "IMMERSION_TRACKER_SPOTIFY_CLIENT_ID": SPOTIFY_CLIENT_ID,
            "IMMERSION_TRACKER_SPOTIFY_CLIENT_SECRET": SPOTIFY_CLIENT_SECRET,
            "IMMERSION_TRACKER_TMDB_READ_ACCESS_TOKEN": TMDB_READ_ACCESS_TOKEN,
        }

    # -- test controls ---------------------------------------------------------------------
    def inject(self, endpoint: str, fault: Fault, *, count: int = 1,
               retry_after: int = 1) -> None:
        """Make the next ``count`` requests to ``endpoint`` fail with ``fault``."""
        if endpoint not in self.endpoints():
            raise ValueError(f"unknown endpoint {endpoint!r}")
        with self._lock:
            self._faults.setdefault(endpoint, []).extend([(fault, retry_after)] * count)

    def hold_replies(self) -> None:
        """Keep every reply from now on waiting until :meth:`release_replies`."""
        self._released.clear()

    def release_replies(self) -> None:
        self._released.set()

    def clear_faults(self) -> None:
        """Forget every fault not yet served."""
        with self._lock:
            self._faults.clear()

    def endpoints(self) -> list[str]:
        """Every endpoint name served, for call-log and fault-injection users."""
        return [route.endpoint for route, _ in self._routes]

    def expire_tvdb_tokens(self) -> None:
        self.tvdb.expire_tokens()

    def expire_spotify_tokens(self) -> None:
        self.spotify.expire_tokens()

    def add_youtube_videos(self, count: int, *, channels: int = 1,
                           seconds: int = 600) -> list[str]:
        return self.youtube.add_videos(count, channels=channels, seconds=seconds)

    def add_spotify_episodes(self, count: int, *, duration_ms: int = 1_200_000) -> list[str]:
        return self.spotify.add_episodes(count, duration_ms=duration_ms)

    # -- answering -------------------------------------------------------------------------
    def answer(self, method: str, target: str, headers: Mapping[str, str], body: bytes,
               origin: str) -> Reply:
        """The reply to one request (``target`` is the path with its query)."""
        split = urlsplit(target)
        reply = self._dispatch(method, split.path, split.query, headers, body, origin)
        # Bounded, so a test that forgets to release cannot hang the product under test.
        self._released.wait(HOLD_LIMIT_SECONDS)
        if self.latency > 0:
            time.sleep(self.latency)
        return reply

    def _answer_httpx(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        reply = self.answer(request.method, url.raw_path.decode("ascii"),
                            {name.lower(): value for name, value in request.headers.items()},
                            request.read(), f"{url.scheme}://{url.netloc.decode('ascii')}")
        return httpx.Response(reply.status, headers=dict(reply.headers), content=reply.body)

    def _dispatch(self, method: str, path: str, query: str, headers: Mapping[str, str],
                  body: bytes, origin: str) -> Reply:
        for route, pattern in self._routes:
            match = pattern.fullmatch(path)
            if match is None or route.method != method:
                continue
            params = {k: v[-1] for k, v in parse_qs(query, keep_blank_values=True).items()}
            self.calls.record(Call(route.endpoint, method, path, params))
            fault = self._take_fault(route)
            if fault is not None:
                return fault
            return route.handler(Request(origin, match.groupdict().get("id", ""), params,
                                         headers, body))
        self.calls.record(Call("unknown", method, path, {}))
        return json_reply(404, {"error": "no such route"})

    def _take_fault(self, route: Route) -> Reply | None:
        with self._lock:
            queue = self._faults.get(route.endpoint)
            if not queue:
                return None
            fault, retry_after = queue.pop(0)
        if fault == "429":
            return json_reply(429, {"error": {"status": 429,
                                              "message": "API rate limit exceeded"}},
                              {"Retry-After": str(retry_after)})
        if fault == "500":
            return json_reply(500, {"error": {"status": 500, "message": "Server error"}})
        if fault == "quota":
            return json_reply(403, {"error": {"code": 403, "message": "quota exceeded",
                                              "errors": [{"reason": "quotaExceeded",
                                                          "domain": "youtube.quota"}]}})
        return Reply(200, b"<html>upstream hiccup", {"Content-Type": "application/json"})
