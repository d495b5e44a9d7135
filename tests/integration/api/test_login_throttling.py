"""Failed logins over real sockets: 429 with Retry-After for a guesser; the owner still gets in."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path

import pytest

from handlers.http.api import Api
from handlers.http.local_server import LocalServer, ServerLimits
from handlers.http.throttle import LoginThrottle, ThrottleLimits
from handlers.service.accounts import AccountStore, Authenticator
from handlers.service.facade import Service
from storage.sqlite import SQLiteItemRepository
from tests.support.local_server import RawAnswer, exchange, serving
from tests.unit.handlers.provider_doubles import fake_clients

LIMITS = ThrottleLimits(per_client_and_name=3, per_client=6, per_name=50)
ATTACKER = "127.0.0.2"  # all of 127/8 is loopback: a second client address on one machine


@pytest.fixture
def port(tmp_path: Path) -> Iterator[int]:
    with SQLiteItemRepository(tmp_path / "t.sqlite3") as repo:
        accounts = AccountStore(repo)
        accounts.add("alice", "correct horse")
        api = Api(Service(repo=repo, providers=fake_clients()), Authenticator(accounts))
        limits = ServerLimits(workers=4, refusal_delay=0)
        server = LocalServer(api, "127.0.0.1", 0, limits, LoginThrottle(LIMITS))
        with serving(server):
            yield server.address[1]


def progress(port: int, user: str, password: str, source: str = "127.0.0.1") -> RawAnswer:
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    request = f"GET /progress HTTP/1.1\r\nHost: t\r\nAuthorization: Basic {token}\r\n\r\n"
    return exchange(port, request.encode(), source)


def test_a_guesser_gets_429_with_retry_after_and_the_owner_still_logs_in(port: int) -> None:
    statuses = [progress(port, "alice", f"guess{i}", ATTACKER).status for i in range(5)]
    assert statuses == [403, 403, 403, 429, 429]
    refused = progress(port, "alice", "correct horse", ATTACKER)
    assert refused.status == 429
    assert int(refused.headers["retry-after"]) > 0
    assert refused.headers["content-type"] == "application/json; charset=utf-8"
    assert "try again in" in refused.json()["message"]
    assert progress(port, "alice", "correct horse").status == 200


def test_spraying_other_names_from_one_address_is_stopped_but_not_the_real_user(
    port: int,
) -> None:
    statuses = [progress(port, f"user{i}", "guess", ATTACKER).status for i in range(8)]
    assert statuses[:6] == [403] * 6 and statuses[6:] == [429, 429]
    assert progress(port, "alice", "correct horse").status == 200
    assert progress(port, "alice", "correct horse").status == 200  # cached, still let in
