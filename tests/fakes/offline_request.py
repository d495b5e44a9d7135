"""python-telegram-bot's offline seam: a ``BaseRequest`` answered by the in-process fake (no I/O).

The bot under test keeps its real ``Bot``, ``Application``, dispatcher, rate limiter and
error handling; only the last step, the HTTP round trip, is replaced::

    api = FakeBotApi()
    application = build_application(service, request=OfflineRequest(api))
    await application.process_update(Update.de_json(api.text_update(USER, "/help"), bot))
    api.sent("sendMessage")
"""

from __future__ import annotations

import json
from typing import IO
from urllib.parse import quote

from telegram.request import BaseRequest, RequestData

from tests.fakes.bot_api import FakeBotApi


def _content(part: bytes | IO[bytes]) -> bytes:
    return part if isinstance(part, bytes) else part.read()


class OfflineRequest(BaseRequest):
    """Sends every Bot API call to a :class:`FakeBotApi` in this process."""

    def __init__(self, api: FakeBotApi, origin: str = "https://api.telegram.org") -> None:
        self.api = api
        self.origin = origin
        """Where the Bot API is served: a request elsewhere is a 404, as off the network."""
        self.file_names: list[str] = []
        """The name of each file uploaded, in order (what the user's client shows)."""

    @property
    def read_timeout(self) -> float | None:
        return None

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: object = None,
        write_timeout: object = None,
        connect_timeout: object = None,
        pool_timeout: object = None,
    ) -> tuple[int, bytes]:
        if not url.startswith(self.origin + "/"):
            return 404, b"Not Found"
        if f"/file/bot{quote(self.api.token)}/documents/" in url:
            data = self.api.files.get(url.rsplit("/", 1)[-1])
            return (200, data) if data is not None else (404, b"Not Found")
        prefix, _, bot_method = url.rpartition("/")
        if not prefix.endswith(f"/bot{self.api.token}"):
            # The real API's answer to a wrong token, so a mis-wired test fails loudly.
            return 401, json.dumps({"ok": False, "error_code": 401,
                                    "description": "Unauthorized"}).encode()
        params = dict(request_data.parameters) if request_data is not None else {}
        files = {} if request_data is None else {
            name: _content(field[1]) for name, field in request_data.multipart_data.items()}
        if request_data is not None:
            self.file_names += [str(field[0]) for field in request_data.multipart_data.values()]
        status, payload = self.api.answer(bot_method, params, files)
        return status, json.dumps(payload).encode()
