"""Failed logins over real sockets: 429 with Retry-After for a guesser; the owner still gets in."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from handlers.http.api import Api
from handlers.http.local_server import LocalServer, ServerLimits
from handlers.http.throttle import LoginThrottle, ThrottleLimits
from handlers.service.accounts.credentials import AccountStore, Authenticator
from handlers.service.facade import Service
from handlers.settings import Settings
from storage.sqlite import SQLiteItemRepository
from tests.support.local_server import RawAnswer, exchange, serving
from tests.unit.handlers.provider_doubles import fake_clients

LIMITS = ThrottleLimits(per_client_and_name=3, per_client=6, per_name=50)
ATTACKER = "127.0.0.2"  # all of 127/8 is loopback: a second client address on one machine
PROXY = "127.0.0.3"


@contextmanager
def _serving(tmp_path: Path, settings: Settings) -> Iterator[int]:
    with SQLiteItemRepository(tmp_path / "t.sqlite3") as repo:
        accounts = AccountStore(repo)
        accounts.add("alice", "correct horse")
        service = Service(repo=repo, providers=fake_clients(), settings=settings)
        api = Api(service, Authenticator(accounts))
        limits = ServerLimits(workers=4, refusal_delay=0)
        server = LocalServer(api, "127.0.0.1", 0, limits, LoginThrottle(LIMITS))
        with serving(server):
            yield server.address[1]


@pytest.fixture
def port(tmp_path: Path) -> Iterator[int]:
    with _serving(tmp_path, Settings()) as port:
        yield port


@pytest.fixture
def behind_proxy(tmp_path: Path) -> Iterator[int]:
    """A server whose reverse proxy is at ``PROXY``."""
    with _serving(tmp_path, Settings(trusted_proxies=PROXY)) as port:
        yield port


def progress(
    port: int, user: str, password: str, source: str = "127.0.0.1", extra: str = ""
) -> RawAnswer:
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    request = (
        f"GET /progress HTTP/1.1\r\nHost: t\r\nAuthorization: Basic {token}\r\n{extra}\r\n"
    )
    return exchange(port, request.encode(), source)


def test_a_guesser_gets_429_with_retry_after_and_the_owner_still_logs_in(port: int) -> None:
    statuses = [progress(port, "alice", f"guess{i}", ATTACKER).status for i in range(5)]
    assert statuses == [403, 403, 403, 429, 429]
    refused = progress(port, "alice", "correct horse", ATTACKER)
    assert refused.status == 429
    assert int(refused.headers["retry-after"]) > 0
    assert refused.headers["content-type"] == "application/json; charset=utf-8"
    assert refused.headers["x-content-type-options"] == "nosniff"
    assert "try again in" in refused.json()["message"]
    assert progress(port, "alice", "correct horse").status == 200


def test_spraying_other_names_from_one_address_is_stopped_but_not_the_real_user(
    port: int,
) -> None:
    statuses = [progress(port, f"user{i}", "guess", ATTACKER).status for i in range(8)]
    assert statuses[:6] == [403] * 6 and statuses[6:] == [429, 429]
    assert progress(port, "alice", "correct horse").status == 200
    assert progress(port, "alice", "correct horse").status == 200  # cached, still let in


def test_a_guesser_cannot_dodge_the_throttle_by_writing_x_forwarded_for(port: int) -> None:
    # No proxy is trusted by default, not even one on this machine.
    statuses = [
        progress(port, "alice", f"guess{i}", extra=f"X-Forwarded-For: 198.51.100.{i}\r\n").status
        for i in range(5)
    ]
    assert statuses == [403, 403, 403, 429, 429]


def test_behind_a_trusted_proxy_one_guesser_does_not_lock_out_everyone(behind_proxy: int) -> None:
    def through_proxy(password: str, client: str) -> int:
        # The client wrote the first hop itself; the proxy appended the address it saw.
        hops = f"X-Forwarded-For: 192.0.2.1, {client}\r\n"
        return progress(behind_proxy, "alice", password, PROXY, hops).status

    statuses = [through_proxy(f"guess{i}", "203.0.113.66") for i in range(5)]
    assert statuses == [403, 403, 403, 429, 429]
    assert through_proxy("correct horse", "203.0.113.7") == 200
    # Only the named proxy speaks for others: the same header from elsewhere is ignored.
    spoofed = "X-Forwarded-For: 203.0.113.{}\r\n"
    direct = [progress(behind_proxy, "alice", f"g{i}", ATTACKER, spoofed.format(i)).status
              for i in range(5)]
    assert direct == [403, 403, 403, 429, 429]
