"""The local server on loopback sockets: framing abuse, slow clients, JSON errors, keep-alive."""

from __future__ import annotations

import base64
import select
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from handlers.http.api import Api
from handlers.http.local_server import LocalServer, ServerLimits
from handlers.service.accounts.credentials import AccountStore, Authenticator
from handlers.service.facade import Service
from handlers.settings import Settings
from storage.sqlite import SQLiteItemRepository
from tests.support.local_server import RawAnswer, RawConnection, exchange, server_end, serving
from tests.unit.handlers.provider_doubles import fake_clients

LIMITS = ServerLimits(head_timeout=0.5, body_timeout=0.5, workers=4, graceful_seconds=5)
MAX_BODY = 4096
TRICKLE_LINES = 50


@pytest.fixture
def api(tmp_path: Path) -> Iterator[Api]:
    with SQLiteItemRepository(tmp_path / "t.sqlite3") as repo:
        settings = Settings(max_body_bytes=MAX_BODY)
        service = Service(repo=repo, providers=fake_clients(), settings=settings)
        accounts = AccountStore(repo)
        accounts.add("alice", "correct horse")
        yield Api(service, Authenticator(accounts))


@pytest.fixture
def port(api: Api) -> Iterator[int]:
    with serving(LocalServer(api, "127.0.0.1", 0, LIMITS)) as server:
        yield server.address[1]


def assert_json_error(answer: RawAnswer, status: int) -> None:
    assert answer.status == status, answer
    assert answer.headers["content-type"] == "application/json; charset=utf-8"
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.json()["message"].endswith("."), answer.json()


def post(headers: str, body: bytes = b"") -> bytes:
    return b"POST /sync HTTP/1.1\r\nHost: t\r\n" + headers.encode() + b"\r\n" + body


def test_a_negative_content_length_is_refused_before_any_body_is_read(port: int) -> None:
    answer = exchange(port, post("Content-Length: -1\r\n", b"x" * 1000))
    assert_json_error(answer, 400)
    assert "Content-Length" in answer.json()["message"]
    assert answer.closed


def test_a_content_length_that_is_not_a_number_gets_json_not_a_dropped_connection(
    port: int,
) -> None:
    assert_json_error(exchange(port, post("Content-Length: abc\r\n")), 400)


def test_a_body_over_the_limit_is_refused_from_its_declared_length(port: int) -> None:
    with RawConnection(port) as connection:
        connection.send(post(f"Content-Length: {400 * 1024 * 1024}\r\n"))
        answer = connection.answer()  # answered with no body byte sent
    assert_json_error(answer, 413)
    assert str(MAX_BODY) in answer.json()["message"] and answer.closed


def test_a_chunked_body_is_understood_not_parsed_as_the_next_request(port: int) -> None:
    body = b'{"episodes": [{"folder_name": "Show", "file_name": "01.mkv"}]}'
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)
    smuggled = b"GET /openapi.json HTTP/1.1\r\nHost: t\r\n\r\n"
    auth = "Authorization: Basic YWxpY2U6Y29ycmVjdCBob3JzZQ==\r\n"
    with RawConnection(port) as connection:
        connection.send(post(f"{auth}Transfer-Encoding: chunked\r\n", chunked + smuggled))
        first = connection.answer()
        assert (first.status, first.json()) == (200, {"episodes_added": 1})
        second = connection.answer()
    assert second.status == 200 and "openapi" in second.json()


def test_a_chunked_body_over_the_limit_is_cut_off_at_the_limit(port: int) -> None:
    chunk = b"%x\r\n%s\r\n" % (1024, b"x" * 1024)
    with RawConnection(port) as connection:
        connection.send(post("Transfer-Encoding: chunked\r\n", chunk * 5))
        answer = connection.answer()
    assert_json_error(answer, 413)


def test_an_unsupported_transfer_encoding_is_501_as_json(port: int) -> None:
    assert_json_error(exchange(port, post("Transfer-Encoding: gzip\r\n")), 501)


def test_headers_too_large_are_431_as_json(port: int) -> None:
    big = "X-Filler: " + "a" * (LIMITS.max_head_bytes + 100) + "\r\n"
    assert_json_error(exchange(port, post(big)), 431)


def test_a_malformed_request_line_is_400_as_json(port: int) -> None:
    assert_json_error(exchange(port, b"HELLO\r\n\r\n"), 400)


def test_a_client_trickling_its_headers_is_cut_off_at_the_head_deadline(port: int) -> None:
    sent = 0
    with RawConnection(port) as connection:
        connection.send(b"GET /progress HTTP/1.1\r\n")
        # One header line every 0.2 s: each is activity, none completes the head. A deadline
        # renewed by each line would never come while they do; the trickle goes on until the
        # server answers, and its length only bounds how long a broken server holds the test.
        while sent < TRICKLE_LINES and not _answered(connection.sock):
            time.sleep(0.2)
            try:
                connection.send(b"X-Slow-%d: 1\r\n" % sent)
            except OSError:
                break
            sent += 1
        answer = connection.answer()
    assert_json_error(answer, 408)
    assert sent < TRICKLE_LINES, "the trickle kept the request head open"


def _answered(sock: socket.socket) -> bool:
    return bool(select.select([sock], [], [], 0)[0])


def test_a_client_that_never_finishes_its_body_gets_408(port: int) -> None:
    with RawConnection(port) as connection:
        connection.send(post("Content-Length: 100\r\n", b"{"))
        answer = connection.answer()
    assert_json_error(answer, 408)


def test_keep_alive_answers_are_not_held_back(port: int) -> None:
    # With Nagle's algorithm on, the client's delayed ACK held each answer ~40 ms. asyncio
    # turns it off only on accepted sockets whose proto says TCP: checked on the socket
    # itself, not with a stopwatch that a busy machine stops.
    with RawConnection(port) as connection:
        for _ in range(2):
            connection.send(b"GET /openapi.json HTTP/1.1\r\nHost: t\r\n\r\n")
            assert connection.answer().status == 200
        with server_end(connection.sock, port) as accepted:
            assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0


def _listen_queue_drops() -> int:
    """Connects the kernel dropped because a listen queue was full (in this network
    namespace: the suite runs in a private one)."""
    names, values = (line.split() for line in Path("/proc/net/netstat").read_text().splitlines()
                     if line.startswith("TcpExt:"))
    counters = dict(zip(names[1:], map(int, values[1:]), strict=True))
    return counters["ListenOverflows"] + counters["ListenDrops"]


def test_many_simultaneous_connects_are_queued_not_refused_or_stalled(port: int) -> None:
    socks = []
    try:
        dropped = _listen_queue_drops()
        for _ in range(300):  # far past the old backlog of 5
            socks.append(socket.create_connection(("127.0.0.1", port), 5))
        # A dropped connect is one that waited for a SYN retry (a second or more).
        assert _listen_queue_drops() == dropped, "the listen queue overflowed"
        with RawConnection(port) as last:
            last.send(b"GET /openapi.json HTTP/1.1\r\nHost: t\r\n\r\n")
            assert last.answer().status == 200
    finally:
        for sock in socks:
            sock.close()


def _signed_in_cookie(port: int) -> str:
    basic = base64.b64encode(b"alice:correct horse").decode()
    answer = exchange(port, (f"POST /session HTTP/1.1\r\nHost: t\r\nAuthorization: Basic {basic}"
                             "\r\nContent-Length: 0\r\n\r\n").encode())
    assert answer.status == 200
    return answer.headers["set-cookie"].split(";", 1)[0]


def test_x_forwarded_host_from_a_client_cannot_vouch_for_another_origin(port: int) -> None:
    # No proxy is trusted by default: the header is the client's own word.
    cookie = _signed_in_cookie(port)
    forged = (f"POST /linkcode HTTP/1.1\r\nHost: t\r\nCookie: {cookie}\r\n"
              "X-Forwarded-Host: evil.example\r\nOrigin: http://evil.example\r\n"
              "Content-Length: 0\r\n\r\n")
    assert_json_error(exchange(port, forged.encode()), 403)
    honest = forged.replace("evil.example", "t").replace("X-Forwarded-Host: t\r\n", "")
    assert exchange(port, honest.encode()).status == 200


def test_a_trusted_proxy_s_forwarded_host_and_proto_are_believed(api: Api) -> None:
    settings = api.service.settings.model_copy(update={"trusted_proxies": "127.0.0.0/8"})
    api.service.settings = settings
    with serving(LocalServer(api, "127.0.0.1", 0, LIMITS)) as server:
        port = server.address[1]
        basic = base64.b64encode(b"alice:correct horse").decode()
        answer = exchange(port, (
            f"POST /session HTTP/1.1\r\nHost: t\r\nAuthorization: Basic {basic}\r\n"
            "X-Forwarded-Proto: https\r\nContent-Length: 0\r\n\r\n").encode())
        assert "; Secure" in answer.headers["set-cookie"]
        cookie = answer.headers["set-cookie"].split(";", 1)[0]
        behind = (f"POST /linkcode HTTP/1.1\r\nHost: internal:8080\r\nCookie: {cookie}\r\n"
                  "X-Forwarded-Host: tracker.example\r\nOrigin: https://tracker.example\r\n"
                  "Content-Length: 0\r\n\r\n")
        assert exchange(port, behind.encode()).status == 200
