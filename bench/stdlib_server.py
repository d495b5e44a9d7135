"""The stdlib ThreadingHTTPServer around the router: the load benchmark's baseline (network I/O).

This is the local server as it was before uvicorn, kept only for ``bench/serve_load.py``.
"""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from handlers.http.api import Api, ApiRequest


def make_baseline_server(api: Api, host: str = "127.0.0.1", port: int = 0) -> ThreadingHTTPServer:
    """A thread per connection answering through ``api``; port 0 picks a free one."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def _answer(self) -> None:
            url = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            limit = api.service.settings.max_body_bytes
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
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_PUT = do_PATCH = do_OPTIONS = do_DELETE = _answer

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    return server
