"""Loopback fake of the Telegram Bot API for tests and benchmarks (does network I/O).

One stdlib ``ThreadingHTTPServer`` on 127.0.0.1 (port 0) answers
``POST /bot<token>/<method>`` from the in-process :class:`~tests.fakes.bot_api.FakeBotApi`
(see there for the methods and faults). Usage::

    with TelegramFake() as telegram:
        telegram.base_url                # http://127.0.0.1:<port>/bot  (PTB's base_url)
        update = telegram.text_update(USER, "https://youtu.be/9bZkp7q19f0")
        telegram.enqueue(update)         # delivered by getUpdates
        telegram.wait_for_sent(lambda m: m.method == "sendMessage", timeout=5)

Unit tests use :class:`~tests.fakes.offline_request.OfflineRequest` instead: no server.
"""

from __future__ import annotations

import json
import threading
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl

from tests.fakes.bot_api import TEST_TOKEN, FakeBotApi
from tests.fakes.bot_updates import BOT_ID, BOT_USERNAME, START_DATE, entity_for, utf16_length
from tests.fakes.sent_requests import SentRequest, iter_buttons

__all__ = ["BOT_ID", "BOT_USERNAME", "START_DATE", "TEST_TOKEN", "SentRequest", "TelegramFake",
           "entity_for", "iter_buttons", "utf16_length"]

Json = dict[str, Any]

_STRUCTURED = {"reply_markup", "entities", "caption_entities", "allowed_updates",
               "link_preview_options", "reply_parameters"}
_INTEGERS = {"chat_id", "message_id", "offset", "limit", "timeout", "from_chat_id"}


class _QuietServer(ThreadingHTTPServer):
    """Clients hanging up mid long poll (a bot shutting down) are normal, not errors."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        return


class TelegramFake(FakeBotApi):
    """The fake Bot API behind a loopback HTTP server."""

    def __init__(self, token: str = TEST_TOKEN, port: int = 0) -> None:
        super().__init__(token)
        self._server = _QuietServer(("127.0.0.1", port), self._handler_class())
        self._server.daemon_threads = True
        # A short poll interval keeps shutdown() (and so every test's teardown) quick.
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,),
                                        daemon=True)

    # --- lifecycle ------------------------------------------------------------------
    def __enter__(self) -> TelegramFake:
        self.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.stop()

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        with self._lock:
            self._closing = True
            self._lock.notify_all()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        """PTB's ``base_url``: the token is appended to it."""
        return f"http://127.0.0.1:{self.port}/bot"

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                fake._serve(self)

            def do_GET(self) -> None:
                fake._serve(self)

            def log_message(self, format: str, *args: Any) -> None:
                return

        return Handler

    def _serve(self, request: BaseHTTPRequestHandler) -> None:
        prefix = f"/bot{self.token}/"
        length = int(request.headers.get("Content-Length") or 0)
        body = request.rfile.read(length) if length else b""
        if not request.path.startswith(prefix):
            self._reply(request, 404, {"ok": False, "error_code": 404,
                                       "description": "Not Found"})
            return
        method = request.path[len(prefix):].split("?")[0]
        params, files = _decode_body(request.headers.get("Content-Type", ""), body)
        status, payload = self.answer(method, params, files)
        self._reply(request, status, payload)

    @staticmethod
    def _reply(request: BaseHTTPRequestHandler, status: int, payload: Json) -> None:
        data = json.dumps(payload).encode()
        request.send_response(status)
        request.send_header("Content-Type", "application/json")
        request.send_header("Content-Length", str(len(data)))
        request.end_headers()
        request.wfile.write(data)

def _decode_body(content_type: str, body: bytes) -> tuple[Json, dict[str, bytes]]:
    """Form, multipart or JSON request bodies to parameters (JSON-typed fields decoded)."""
    raw: dict[str, str] = {}
    files: dict[str, bytes] = {}
    if content_type.startswith("multipart/form-data"):
        message = BytesParser(policy=HTTP).parsebytes(
            b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body)
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True)
            if not isinstance(name, str) or not isinstance(payload, bytes):
                continue
            if part.get_filename() is not None:
                files[name] = payload
            else:
                raw[name] = payload.decode()
    elif content_type.startswith("application/json") and body:
        return dict(json.loads(body)), files
    elif body:
        raw = dict(parse_qsl(body.decode(), keep_blank_values=True))
    return {name: _typed(name, value) for name, value in raw.items()}, files


def _typed(name: str, value: str) -> Any:
    if name in _STRUCTURED:
        return json.loads(value)
    if name in _INTEGERS:
        return int(value)
    return value


