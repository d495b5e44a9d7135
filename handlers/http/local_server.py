"""The local HTTP server: the Lambda's API, served by uvicorn on one event loop (network I/O).

Why uvicorn (h11, asyncio) rather than a thread per connection: an idle or slow client
costs a small protocol object on the event loop instead of a thread, the bot (asyncio too)
shares the loop, and uvicorn drains in-flight requests on shutdown. Neither uvicorn nor
waitress bounds the time a client may take to send its request head (both keep a socket
that trickles one header line every few seconds open indefinitely), so the protocol below
adds that deadline, and answers every HTTP-level error as JSON ``{"message"}``.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import sys
from dataclasses import dataclass
from http import HTTPStatus

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from handlers.http import access_log
from handlers.http.api import Api
from handlers.http.asgi import ApiApp, json_message
from handlers.http.throttle import LoginThrottle, ThrottleGate

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ServerLimits:
    """Timeouts and sizes that keep slow or hostile clients from holding resources."""

    head_timeout: float = 10.0
    """Seconds a client has to send its whole request head, counted from when it may start."""
    body_timeout: float = 30.0
    keep_alive_timeout: float = 5.0
    max_head_bytes: int = 16 * 1024
    backlog: int = 1024
    """Connections the kernel queues before accept: a burst must not wait for SYN retries."""
    workers: int = 16
    """Threads running the (blocking) router."""
    graceful_seconds: float = 30.0
    refusal_delay: float = 1.0
    """Seconds a throttled login waits before its 429."""


class JsonH11Protocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol with a request-head deadline and JSON error bodies."""

    head_timeout = ServerLimits.head_timeout
    max_head_bytes = ServerLimits.max_head_bytes
    origin = "*"
    _head_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_head_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_head_timer()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE:
            self._cancel_head_timer()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm_head_timer()

    def send_400_response(self, msg: str) -> None:
        # uvicorn calls this from inside its ``except h11.RemoteProtocolError`` clause.
        error = sys.exc_info()[1]
        status = int(getattr(error, "error_status_hint", 400))
        if status == 431:
            message = f"The request head exceeds {self.max_head_bytes} bytes."
        elif status == 501:
            message = "Only Transfer-Encoding: chunked is supported."
        else:
            message = f"The request is not valid HTTP: {error or msg}."
        self._refuse(status, message)

    def _refuse(self, status: int, message: str) -> None:
        body = json_message(message)
        head = (
            f"HTTP/1.1 {status} {HTTPStatus(status).phrase}\r\n"
            "Content-Type: application/json; charset=utf-8\r\n"
            f"Access-Control-Allow-Origin: {self.origin}\r\n"
            "X-Content-Type-Options: nosniff\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
        )
        self.transport.write(head.encode("latin-1") + body)
        self.transport.close()

    def _arm_head_timer(self) -> None:
        self._cancel_head_timer()
        self._head_timer = self.loop.call_later(self.head_timeout, self._head_timed_out)

    def _cancel_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_timed_out(self) -> None:
        self._head_timer = None
        busy = self.cycle is not None and not self.cycle.response_complete
        if self.transport.is_closing() or busy or self.conn.their_state is not h11.IDLE:
            return
        self._refuse(408, f"The request head did not arrive within {self.head_timeout:g} seconds.")


def listening_socket(host: str, port: int, backlog: int = ServerLimits.backlog) -> socket.socket:
    """A TCP socket bound to ``host:port`` and listening (port 0 picks a free one)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP spelled out: asyncio only turns Nagle off on accepted sockets whose
    # ``proto`` says TCP, and ``socket.create_server`` leaves it 0 (a 40 ms stall per answer).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(backlog)
    except OSError:
        sock.close()
        raise
    return sock


class LocalServer:
    """The API on ``host:port`` (port 0 picks a free one), bound when constructed; or on
    ``listening``, a socket already listening (one a parent process bound for its workers)."""

    def __init__(
        self,
        api: Api,
        host: str = "127.0.0.1",
        port: int = 8080,
        limits: ServerLimits = ServerLimits(),
        throttle: LoginThrottle | ThrottleGate | None = None,
        listening: socket.socket | None = None,
    ) -> None:
        self.app = ApiApp(
            api,
            throttle,
            limits.workers,
            limits.body_timeout,
            limits.max_head_bytes,
            limits.refusal_delay,
        )
        self.socket = listening or listening_socket(host, port, limits.backlog)
        protocol = type(
            "ApiProtocol",
            (JsonH11Protocol,),
            {
                "head_timeout": limits.head_timeout,
                "max_head_bytes": limits.max_head_bytes,
                "origin": api.service.settings.web_origin,
            },
        )
        config = uvicorn.Config(
            self.app,
            http=protocol,
            lifespan="off",
            log_config=None,
            access_log=log.isEnabledFor(logging.INFO),
            server_header=False,
            # uvicorn would believe X-Forwarded-For from any loopback peer; ApiApp decides
            # from IMMERSION_TRACKER_TRUSTED_PROXIES instead (none by default).
            proxy_headers=False,
            backlog=limits.backlog,
            timeout_keep_alive=int(limits.keep_alive_timeout),
            timeout_graceful_shutdown=int(limits.graceful_seconds),
            h11_max_incomplete_event_size=limits.max_head_bytes,
        )
        self._server = uvicorn.Server(config)
        access_log.install()  # a capture token in ?token= must never reach the log

    @property
    def address(self) -> tuple[str, int]:
        host, port = self.socket.getsockname()[:2]
        return str(host), int(port)

    def stop(self) -> None:
        """Ask for a graceful stop: no new connections, in-flight requests finish."""
        self._server.should_exit = True

    async def serve(self) -> None:
        """Serve until :meth:`stop`; then drain in-flight requests and release the workers."""
        # ``_serve`` is ``serve`` without uvicorn's own signal capture, which would replace
        # the caller's handlers and re-raise SIGTERM after the drain (exit code -15, not 0).
        try:
            await self._server._serve(sockets=[self.socket])
        finally:
            await asyncio.to_thread(self.app.close)
