"""The ASGI app streams a capture's multipart body: the thumbnail never reaches the router."""

from __future__ import annotations

import asyncio
import json
from collections.abc import MutableMapping
from typing import Any

from handlers.http.api import Api, ApiRequest, ApiResponse
from handlers.http.asgi import ApiApp
from tests.unit.capture.capture_harness import START, player, recorded

BOUNDARY = "plexboundary42"
THUMB = b"\xff\xd8\xff\xe0" + b"\x00JPEG" * 400_000  # 2 MB: over the 1 MB JSON body limit


def _body(payload: dict[str, Any]) -> bytes:
    head = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"thumb\"; "
            "filename=\"t.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n").encode()
    part = (f"\r\n--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"payload\"\r\n"
            "Content-Type: application/json\r\n\r\n").encode()
    return head + THUMB + part + json.dumps(payload).encode() + f"\r\n--{BOUNDARY}--\r\n".encode()


class _Spy:
    """Keeps what the router was given, then lets it answer."""

    def __init__(self, api: Api) -> None:
        self.api = api
        self.service = api.service
        self.seen: list[ApiRequest] = []

    def handle(self, request: ApiRequest) -> ApiResponse:
        self.seen.append(request)
        return self.api.handle(request)


def _post(app: ApiApp, path: str, body: bytes, chunk: int,
          content_type: str = f"multipart/form-data; boundary={BOUNDARY}") -> tuple[int, bytes]:
    messages = [{"type": "http.request", "body": body[i:i + chunk],
                 "more_body": i + chunk < len(body)} for i in range(0, len(body), chunk)]
    sent: list[MutableMapping[str, Any]] = []

    async def receive() -> MutableMapping[str, Any]:
        return messages.pop(0)

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)

    path, _, query = path.partition("?")
    scope = {"type": "http", "method": "POST", "path": path, "raw_path": path.encode(),
             "query_string": query.encode(), "client": ("127.0.0.1", 1),
             "headers": [(b"content-type", content_type.encode())]}
    asyncio.run(app(scope, receive, send))
    return int(sent[0]["status"]), b"".join(m.get("body", b"") for m in sent[1:])


def test_the_thumbnail_is_dropped_as_it_streams_and_the_payload_is_read() -> None:
    with player("plex", start=START) as p:
        spy = _Spy(p.api)
        app = ApiApp(spy, workers=1)  # type: ignore[arg-type]
        try:
            status, answer = _post(app, f"/capture/plex?token={p.token}",
                                   _body(recorded("plex_media_play")), 64 * 1024)
        finally:
            app.close()
        assert status == 202, answer
        assert json.loads(answer)["state"] == "open"
        [request] = spy.seen
        assert request.body == b"" and request.form is not None
        assert set(request.form) == {"payload"}


def test_a_streamed_body_over_10_mb_is_a_413() -> None:
    with player("plex") as p:
        app = ApiApp(p.api, workers=1)
        try:
            huge = b"x" * (10 * 1024 * 1024 + 1)
            status, answer = _post(app, f"/capture/plex?token={p.token}", huge, 1024 * 1024)
        finally:
            app.close()
        assert status == 413 and b"10 MB" in answer


def test_a_json_capture_body_over_the_api_limit_but_under_10_mb_is_read() -> None:
    with player("generic") as p:
        app = ApiApp(p.api, workers=1)
        try:
            body = json.dumps({"session_id": "s", "event": "start", "position_seconds": 0,
                               "kind": "movie", "title": "x" * 2_000_000}).encode()
            status, answer = _post(app, f"/capture/generic?token={p.token}", body, 256 * 1024,
                                   "application/json")
        finally:
            app.close()
        assert status == 202, answer
