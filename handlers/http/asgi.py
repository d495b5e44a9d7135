"""The REST API as an ASGI app: bounded body reads, login throttling, router on worker threads.

The router (:class:`~handlers.http.api.Api`) is synchronous and does blocking store and
provider I/O, so each request runs on a fixed pool of threads; the event loop only reads
and writes sockets. No I/O of its own beyond what the server hands it.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import tempfile
from collections.abc import Awaitable, Callable, Iterator, MutableMapping
from concurrent.futures import ThreadPoolExecutor
from typing import IO, Any
from urllib.parse import parse_qsl

from handlers.http.api import Api
from handlers.http.basic_auth import basic_credentials
from handlers.http.capture_routes import CAPTURE_MAX_BYTES, CAPTURE_ROUTE, capture_stream
from handlers.http.compression import negotiated
from handlers.http.errors import message_of, status_of
from handlers.http.exchange import ApiRequest, ApiResponse, api_headers
from handlers.http.forwarded import TrustedProxies
from handlers.http.multipart import MultipartReader
from handlers.http.portability_routes import import_limit_text
from handlers.http.routes import route_for
from handlers.http.static import StaticFiles
from handlers.http.throttle import (
    Attempt,
    InProcessGate,
    LoginThrottle,
    ThrottleGate,
    ThrottleUnavailable,
)
from handlers.service import ServiceError

log = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


class _Disconnected(Exception):
    """The client went away before its request was complete."""


def json_message(message: str) -> bytes:
    """The error body every door answers with: ``{"message": ...}``."""
    return json.dumps({"message": message}, ensure_ascii=False).encode("utf-8")


class ApiApp:
    """Turns ASGI HTTP requests into :class:`ApiRequest` and answers with :meth:`Api.handle`."""

    def __init__(
        self,
        api: Api,
        throttle: LoginThrottle | ThrottleGate | None = None,
        workers: int = 16,
        body_timeout: float = 30.0,
        max_head_bytes: int = 16 * 1024,
        refusal_delay: float = 1.0,
    ) -> None:
        self.api = api
        self.refusal_delay = refusal_delay
        self.max_head_bytes = max_head_bytes
        if throttle is None or isinstance(throttle, LoginThrottle):
            throttle = InProcessGate(throttle or LoginThrottle())
        self.throttle: ThrottleGate = throttle
        self.body_timeout = body_timeout
        self.executor = ThreadPoolExecutor(workers, thread_name_prefix="api")
        self.proxies = TrustedProxies.parse(api.service.settings.trusted_proxies)
        self.page = StaticFiles()
        """The web page at ``/`` and ``/assets/``; every other path is the API's."""

    def close(self) -> None:
        """Wait for running requests, then stop the worker threads."""
        self.executor.shutdown(wait=True)

    def _error(self, status: int, message: str, **headers: str) -> ApiResponse:
        base = api_headers(self.api.service.settings.web_origin)
        return ApiResponse(status, json_message(message).decode("utf-8"), {**base, **headers})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        if await self._page(scope, send):
            return
        try:
            response = await self._respond(scope, receive)
        except _Disconnected:
            return
        payload = response.binary if response.binary is not None else response.body.encode()
        headers = [(k.lower().encode("latin-1"), v.encode("latin-1"))
                   for k, v in response.headers.items()]
        if response.stream is not None:
            await send({"type": "http.response.start", "status": response.status,
                        "headers": headers})
            await self._stream(response.stream, send)
            return
        headers.append((b"content-length", str(len(payload)).encode()))
        await send({"type": "http.response.start", "status": response.status, "headers": headers})
        await send({"type": "http.response.body", "body": payload})

    async def _stream(self, stream: Iterator[str], send: Send) -> None:
        """Send a body produced chunk by chunk (chunked encoding) off the event loop."""
        loop = asyncio.get_running_loop()
        while True:
            try:
                chunk = await loop.run_in_executor(self.executor, next, stream, None)
            except Exception:
                # The status is out: ending without the last chunk makes the server close
                # the connection, so a cut export never looks whole.
                log.exception("a streamed answer failed part-way")
                return
            if chunk is None:
                await send({"type": "http.response.body", "body": b"", "more_body": False})
                return
            await send({"type": "http.response.body", "body": chunk.encode("utf-8"),
                        "more_body": True})

    async def _page(self, scope: Scope, send: Send) -> bool:
        """Answer a request for the page's files; False when the path is the API's."""
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        found = self.page.answer(scope["method"], scope["path"], lambda n: headers.get(n.lower()))
        if found is None:
            return False
        head = [(k.lower().encode("latin-1"), v.encode()) for k, v in found.headers.items()]
        head.append((b"content-length", str(len(found.body)).encode()))
        await send({"type": "http.response.start", "status": found.status, "headers": head})
        await send({"type": "http.response.body", "body": found.body})
        return True

    async def _respond(self, scope: Scope, receive: Receive) -> ApiResponse:
        # h11 only bounds a head that arrives in pieces; one read can bring a bigger one.
        head_bytes = len(scope.get("raw_path", b"")) + len(scope["query_string"]) + sum(
            len(k) + len(v) + 4 for k, v in scope["headers"]
        )
        if head_bytes > self.max_head_bytes:
            return self._error(
                431, f"The request head exceeds {self.max_head_bytes} bytes.", Connection="close"
            )
        peer = self._peer(scope)
        headers = self.proxies.headers(
            peer, {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        )
        route = route_for(scope["method"].upper(), scope["path"])[0]
        settings = self.api.service.settings
        # An import is a file; everything else is a small JSON body.
        importing = route is not None and route.key == ("POST", "/import")
        limit = settings.max_import_bytes if importing else settings.max_body_bytes
        message = import_limit_text(settings) if importing else f"The body exceeds {limit} bytes."
        # An import's file goes to a temporary file as it arrives: a large one never sits
        # in memory (twice, joined) while it is read.
        spool = _spooled() if importing else None
        try:
            try:
                # A capture's multipart body goes to its reader as it arrives: the part it
                # needs is kept, a thumbnail is dropped.
                streamed = capture_stream(route.key if route else None, headers)
                if route is not None and route.key == CAPTURE_ROUTE:
                    limit, message = CAPTURE_MAX_BYTES, "The body exceeds 10 MB."
                body_or_error = await self._read_body(headers, receive, limit, message, spool,
                                                      streamed)
            except ServiceError as error:  # a malformed multipart body, found as it streamed
                return self._error(status_of(error), message_of(error))
            if isinstance(body_or_error, ApiResponse):
                return body_or_error
            request = ApiRequest(
                method=scope["method"],
                path=scope.get("raw_path", b"").decode("latin-1") or scope["path"],
                headers=headers,
                query=dict(parse_qsl(scope["query_string"].decode("latin-1"),
                                     keep_blank_values=True)),
                body=body_or_error,
                body_file=spool,
                form=None if streamed is None else streamed.finish_or_none(),
            )
            return await self._answer(scope, peer, request)
        finally:
            if spool is not None:
                spool.close()

    async def _answer(self, scope: Scope, peer: str, request: ApiRequest) -> ApiResponse:
        try:
            attempt = await self._admit(self._client(scope, peer), request)
        except ThrottleUnavailable:
            return self._error(503, "The server is stopping; try again in a moment.",
                               **{"Retry-After": "1", "Connection": "close"})
        if attempt is not None and attempt.retry_after:
            # A guesser that ignores Retry-After waits a little on its own connection
            # instead of spinning the event loop with refusals; a sleeping task costs nothing.
            await asyncio.sleep(self.refusal_delay)
            return self._error(
                429,
                f"Too many failed logins; try again in {attempt.retry_after} seconds.",
                **{"Retry-After": str(attempt.retry_after)},
            )
        loop = asyncio.get_running_loop()
        response: ApiResponse | None = None
        try:
            response = await loop.run_in_executor(self.executor, self._handle, request)
        finally:
            if attempt is not None:
                # A 403 after an admitted login is a failed password (or a request about
                # someone else's data, which an honest client never sends).
                self.throttle.record(attempt, None if response is None else response.status != 403)
        return response

    def _handle(self, request: ApiRequest) -> ApiResponse:
        """The router's answer, gzipped when the client takes it (on the worker thread, so
        compressing never holds up the event loop)."""
        response = self.api.handle(request)
        return negotiated(request.method, request.header("Accept-Encoding"), response)

    @staticmethod
    def _peer(scope: Scope) -> str:
        client = scope.get("client")
        return str(client[0]) if client else "unknown"

    def _client(self, scope: Scope, peer: str) -> str:
        """The client's address, as told by a trusted proxy (every one of its headers)."""
        forwarded = [v.decode("latin-1") for k, v in scope["headers"]
                     if k.lower() == b"x-forwarded-for"]
        return self.proxies.client(peer, ",".join(forwarded))

    async def _admit(self, client: str, request: ApiRequest) -> Attempt | None:
        """The throttle's decision for a request that will check a password, else None."""
        route = route_for(request.method.upper(), request.path)[0]
        if route is None or not route.authenticated or request.method.upper() == "OPTIONS":
            return None
        credentials = basic_credentials(request.header("Authorization"))
        if credentials is None:
            return None
        user, password = credentials
        digest = hashlib.sha256(password.encode()).hexdigest()[:16]
        return await self.throttle.admit(client, user, digest)

    async def _read_body(
        self, headers: dict[str, str], receive: Receive, limit: int, refusal: str,
        spool: IO[bytes] | None = None, streamed: MultipartReader | None = None,
    ) -> bytes | ApiResponse:
        """The whole body (or, with ``spool``, ``b""`` once it is written there; with
        ``streamed``, ``b""`` once that reader took it), or the error to answer; never reads
        past the size limit."""
        too_large = self._error(413, refusal, Connection="close")
        declared = headers.get("content-length")
        # The server has already rejected a malformed or negative length.
        if declared is not None and int(declared) > limit:
            return too_large
        chunks: list[bytes] = []
        size = 0
        try:
            async with asyncio.timeout(self.body_timeout):
                more = True
                while more:
                    message = await receive()
                    if message["type"] == "http.disconnect":
                        raise _Disconnected
                    chunk = message.get("body", b"")
                    size += len(chunk)
                    if size > limit:
                        return too_large
                    if spool is not None:
                        spool.write(chunk)
                    elif streamed is not None:
                        streamed.feed(chunk)
                    else:
                        chunks.append(chunk)
                    more = bool(message.get("more_body", False))
        except TimeoutError:
            return self._error(
                408, f"The body did not arrive within {self.body_timeout:g} seconds.",
                Connection="close",
            )
        if spool is not None:
            spool.seek(0)
        return b"".join(chunks)


def _spooled() -> IO[bytes]:
    """A file in memory up to 1 MB, then on disk (closing it removes it)."""
    return tempfile.SpooledTemporaryFile(max_size=1 << 20)
