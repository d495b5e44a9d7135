"""The refreshing bearer-token auth flow, on httpx.MockTransport with an injected clock."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import httpx
import pytest

from metadata_clients.errors import BadCredentials
from metadata_clients.spotify import SpotifyClient
from metadata_clients.token_auth import RefreshingBearerAuth, Token
from metadata_clients.tvdb import TvdbClient
from tests.unit.metadata_clients.conftest import FakeTime


@dataclass
class Issuer:
    """Issues numbered tokens and accepts only those not yet revoked."""

    lifetime: float = 100.0
    issued: int = 0
    valid: set[str] = field(default_factory=set)
    seen: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def fetch(self) -> Token:
        with self.lock:
            self.issued += 1
            value = f"token-{self.issued}"
            self.valid.add(value)
        return Token(value, self.lifetime)

    def revoke(self) -> None:
        with self.lock:
            self.valid.clear()

    def handle(self, request: httpx.Request) -> httpx.Response:
        sent = request.headers.get("Authorization", "").removeprefix("Bearer ")
        with self.lock:
            self.seen.append(sent)
            accepted = sent in self.valid
        return httpx.Response(200 if accepted else 401)


@pytest.fixture
def issuer() -> Issuer:
    return Issuer()


def _client(issuer: Issuer) -> httpx.Client:
    return httpx.Client(transport=httpx.MockTransport(issuer.handle))


def test_one_token_serves_many_requests_and_threads(issuer: Issuer) -> None:
    auth = RefreshingBearerAuth(issuer.fetch)
    with _client(issuer) as http, ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(lambda _: http.get("https://p.test/", auth=auth).status_code,
                                 range(40)))
    assert statuses == [200] * 40
    assert issuer.issued == 1
    assert set(issuer.seen) == {"token-1"}


def test_token_is_renewed_once_its_lifetime_is_over(issuer: Issuer, fake_time: FakeTime) -> None:
    auth = RefreshingBearerAuth(issuer.fetch, fake_time.clock)
    with _client(issuer) as http:
        http.get("https://p.test/", auth=auth)
        fake_time.now += issuer.lifetime - 1
        http.get("https://p.test/", auth=auth)
        assert issuer.issued == 1
        fake_time.now += 1
        http.get("https://p.test/", auth=auth)
    assert issuer.issued == 2
    assert issuer.seen == ["token-1", "token-1", "token-2"]


def test_a_401_means_one_new_token_and_the_request_sent_again(issuer: Issuer) -> None:
    auth = RefreshingBearerAuth(issuer.fetch)
    with _client(issuer) as http:
        http.get("https://p.test/", auth=auth)
        issuer.revoke()
        assert http.get("https://p.test/", auth=auth).status_code == 200
    assert issuer.seen == ["token-1", "token-1", "token-2"]
    assert issuer.issued == 2


def test_a_second_401_is_handed_back_not_retried_forever(issuer: Issuer) -> None:
    def refuse_all(request: httpx.Request) -> httpx.Response:
        issuer.seen.append(request.headers["Authorization"])
        return httpx.Response(401)

    auth = RefreshingBearerAuth(issuer.fetch)
    with httpx.Client(transport=httpx.MockTransport(refuse_all)) as http:
        assert http.get("https://p.test/", auth=auth).status_code == 401
    assert issuer.seen == ["Bearer token-1", "Bearer token-2"]


def test_threads_meeting_the_same_revocation_share_one_new_token(issuer: Issuer) -> None:
    auth = RefreshingBearerAuth(issuer.fetch)
    with _client(issuer) as http:
        http.get("https://p.test/", auth=auth)
        issuer.revoke()
        with ThreadPoolExecutor(max_workers=8) as pool:
            statuses = list(pool.map(
                lambda _: http.get("https://p.test/", auth=auth).status_code, range(16)))
    assert statuses == [200] * 16
    assert issuer.issued == 2, "every thread refused token-1 reuses the one token-2"


def test_a_refused_tvdb_login_is_bad_credentials() -> None:
    requests: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        requests.append(request.url.path)
        return httpx.Response(401, json={"status": "failure", "message": "InvalidAPIKey"})

    client = TvdbClient(httpx.Client(transport=httpx.MockTransport(handle)), "wrong",
                        "https://tvdb.test/v4")
    with pytest.raises(BadCredentials, match="TVDB refused the configured credentials"):
        client.series(278157)
    assert requests == ["/v4/login"], "no lookup is sent without a token"


def test_a_refused_spotify_grant_is_bad_credentials() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/api/token"
        return httpx.Response(400, json={"error": "invalid_client"})

    client = SpotifyClient(httpx.Client(transport=httpx.MockTransport(handle)), "id", "wrong",
                           "https://api.test", "https://accounts.test")
    with pytest.raises(BadCredentials, match="Spotify refused"):
        client.episode("4qjerzMw8jfD30VOG0tjpK")


def test_transport_retries_reuse_the_cached_token(fake_time: FakeTime) -> None:
    answers = iter([httpx.Response(503), httpx.Response(200, json={
        "status": "success", "data": {"id": 1, "name": "Free!"}})])
    logins = [0]

    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/login"):
            logins[0] += 1
            return httpx.Response(200, json={"status": "success", "data": {"token": "t"}})
        assert request.headers["Authorization"] == "Bearer t"
        return next(answers)

    client = TvdbClient(httpx.Client(transport=httpx.MockTransport(handle)), "k",
                        "https://tvdb.test/v4", clock=fake_time.clock, sleep=fake_time.sleep)
    assert client.series(1).name == "Free!"
    assert logins == [1]
    assert len(fake_time.sleeps) == 1
