"""The local HTTP server: the same API as the Lambda, on a loopback port (network I/O)."""

from __future__ import annotations

import logging
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from handlers.http.api import Api, ApiRequest

log = logging.getLogger(__name__)


def make_server(api: Api, host: str = "127.0.0.1", port: int = 8080) -> ThreadingHTTPServer:
    """A threading server answering every request through ``api``; port 0 picks a free one."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out as two writes; with Nagle on, a keep-alive client's
        # delayed ACK stalls every answer by ~40 ms.
        disable_nagle_algorithm = True
        server_version = "immersion-tracker"

        def _answer(self) -> None:
            url = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            limit = api.service.settings.max_body_bytes
            # Bodies far over the limit are not read into memory; the API answers 413.
            body = self.rfile.read(min(length, limit + 1)) if length else b""
            request = ApiRequest(
                method=self.command,
                path=url.path,
                headers=dict(self.headers.items()),
                query=dict(parse_qsl(url.query, keep_blank_values=True)),
                body=body,
            )
            response = api.handle(request)
            payload = response.body.encode("utf-8")
            self.send_response(response.status)
            for name, value in response.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            if length > limit + 1:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_PUT = do_PATCH = do_OPTIONS = do_DELETE = _answer

        def log_message(self, format: str, *args: object) -> None:
            # Request lines only: never headers, so credentials stay out of logs.
            log.info("%s %s", self.address_string(), format % args)

    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    return server
