"""Serves an answering function on a loopback port, keep-alive like real hosts (network I/O)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.fakes.providers.exchange import Reply

Answer = Callable[[str, str, Mapping[str, str], bytes, str], Reply]
"""(method, path with query, lower-cased headers, body, origin) -> reply."""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server
    timeout = 10  # idle keep-alive connections give their thread back
    # Headers and body go out in two writes; Nagle plus delayed ACKs would add 40 ms each.
    disable_nagle_algorithm = True

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {name.lower(): value for name, value in self.headers.items()}
        reply = self.server.answer(self.command, self.path, headers, body, self.server.origin)
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        self.wfile.write(reply.body)

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: tests read the call log instead."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, answer: Answer) -> None:
        self.answer = answer
        super().__init__(("127.0.0.1", 0), _Handler)
        host, port = self.server_address[:2]
        self.origin = f"http://{host!s}:{port}"


class LoopbackServer:
    """One stdlib ``ThreadingHTTPServer`` on 127.0.0.1 (port 0) in a daemon thread."""

    def __init__(self, answer: Answer) -> None:
        self._server = _Server(answer)
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return self._server.origin

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
