"""A fake of Discord's REST API and a signer of interactions, for tests and benchmarks.

:class:`FakeDiscordApi` answers what the door calls (``PATCH`` of a deferred answer,
the bulk overwrite of commands, direct messages) and records each call with its JSON
and its ``files[n]`` parts. It serves in-process (:meth:`transport`, an httpx mock
transport, for unit tests) or on loopback (:class:`DiscordApiServer`, network I/O)::

    with DiscordApiServer() as discord:
        discord.base              # http://127.0.0.1:<port>/api/v10
        discord.calls("PATCH")    # what the door sent
        discord.fail_next("PATCH", retry_after=1.5)   # the next edit is answered 429

:class:`Signer` builds interactions in Discord's documented shapes and signs them with a
fresh Ed25519 key (PyNaCl), as Discord does: ``timestamp + raw body``.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

import httpx
from nacl.signing import SigningKey

Json = dict[str, Any]
BOT_TOKEN = "discord-bot-token-for-tests"
APPLICATION_ID = "1100000000000000001"
API_PREFIX = "/api/v10"


@dataclass
class Call:
    """One request the door made."""

    method: str
    path: str
    body: Any
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    authorization: str | None = None


class FakeDiscordApi:
    """Discord's REST, as far as the door uses it (thread-safe)."""

    def __init__(self, bot_token: str = BOT_TOKEN) -> None:
        self.bot_token = bot_token
        self._calls: list[Call] = []
        self._faults: dict[str, list[tuple[int, Any, dict[str, str]]]] = {}
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)

    def calls(self, method: str | None = None) -> list[Call]:
        with self._lock:
            return [c for c in self._calls if method is None or c.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 10.0) -> list[Call]:
        """The calls of ``method`` once ``count`` arrived (a follow-up runs on a thread)."""
        with self._changed:
            self._changed.wait_for(
                lambda: len([c for c in self._calls if c.method == method]) >= count, timeout)
            return [c for c in self._calls if c.method == method]

    def fail_next(self, method: str, status: int = 429, count: int = 1,
                  retry_after: float | None = 1.0, header: str | None = None) -> None:
        """Answer the next ``count`` requests of ``method`` with ``status``: a 429 as Discord
        words it (``retry_after`` in the body, left out when ``None``), and ``header`` as
        its ``Retry-After`` header when given."""
        body: Json = {"message": "You are being rate limited.", "global": False}
        if retry_after is not None:
            body["retry_after"] = retry_after
        headers = {} if header is None else {"Retry-After": header}
        with self._lock:
            self._faults.setdefault(method, []).extend([(status, body, headers)] * count)

    def answer(self, method: str, path: str, headers: dict[str, str],
               body: bytes) -> tuple[int, Any]:
        """Discord's answer to one request; records it first."""
        status, payload, _ = self.respond(method, path, headers, body)
        return status, payload

    def respond(self, method: str, path: str, headers: dict[str, str],
                body: bytes) -> tuple[int, Any, dict[str, str]]:
        """Discord's answer to one request with its headers; records it first."""
        payload, files = _decode(headers.get("content-type", ""), body)
        call = Call(method, path.removeprefix(API_PREFIX), payload, files,
                    headers.get("authorization"))
        with self._changed:
            self._calls.append(call)
            self._changed.notify_all()
            faults = self._faults.get(method)
            fault = faults.pop(0) if faults else None
        if fault is not None:
            return fault
        return (*self._route(method, call, payload), {})

    def _route(self, method: str, call: Call, payload: Any) -> tuple[int, Any]:
        parts = call.path.strip("/").split("/")
        if parts[0] == "webhooks" and method == "PATCH":
            return 200, {"id": "1", **(payload if isinstance(payload, dict) else {})}
        if call.authorization != f"Bot {self.bot_token}":
            return 401, {"message": "401: Unauthorized", "code": 0}
        if parts[0] == "applications" and parts[-1] == "commands" and method == "PUT":
            return 200, [{"id": str(n + 1), "application_id": parts[1], **c}
                         for n, c in enumerate(payload)]
        if call.path == "/users/@me/channels" and method == "POST":
            return 200, {"id": f"9{payload['recipient_id']}", "type": 1}
        if parts[0] == "channels" and parts[-1] == "messages" and method == "POST":
            return 200, {"id": "2", "channel_id": parts[1], **payload}
        return 404, {"message": "404: Not Found", "code": 0}

    def transport(self) -> httpx.MockTransport:
        """An in-process transport for the door's httpx client (unit tests)."""
        def handle(request: httpx.Request) -> httpx.Response:
            headers = {k.lower(): v for k, v in request.headers.items()}
            status, payload, extra = self.respond(request.method, request.url.path, headers,
                                                  request.read())
            return httpx.Response(status, json=payload, headers=extra)
        return httpx.MockTransport(handle)


def _decode(content_type: str, body: bytes) -> tuple[Any, dict[str, tuple[str, bytes]]]:
    """A JSON body, or a multipart one's ``payload_json`` and its ``files[n]`` parts."""
    files: dict[str, tuple[str, bytes]] = {}
    if not content_type.startswith("multipart/form-data"):
        return (json.loads(body) if body else None), files
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body)
    payload: Any = None
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        data = part.get_payload(decode=True)
        if not isinstance(name, str) or not isinstance(data, bytes):
            continue
        if name == "payload_json":
            payload = json.loads(data)
        else:
            files[name] = (part.get_filename() or "", data)
    return payload, files


class DiscordApiServer(FakeDiscordApi):
    """The fake on 127.0.0.1 (network I/O), for integration tests and benchmarks."""

    def __init__(self, bot_token: str = BOT_TOKEN) -> None:
        super().__init__(bot_token)
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                headers = {k.lower(): v for k, v in self.headers.items()}
                status, payload, extra = fake.respond(self.command, self.path, headers,
                                                      self.rfile.read(length))
                data = json.dumps(payload).encode()
                self.send_response(status)
                for name, value in extra.items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_PATCH = do_PUT = do_POST = _any

            def log_message(self, format: str, *args: Any) -> None:
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}{API_PREFIX}"

    def __enter__(self) -> DiscordApiServer:
        self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()


class Signer:
    """Builds and signs interactions as Discord sends them."""

    def __init__(self, application_id: str = APPLICATION_ID) -> None:
        self.key = SigningKey.generate()
        self.application_id = application_id
        self._next = 0

    @property
    def public_key(self) -> str:
        return self.key.verify_key.encode().hex()

    def sign(self, body: bytes, timestamp: int) -> dict[str, str]:
        """The headers Discord sends with ``body`` at ``timestamp``."""
        signature = self.key.sign(str(timestamp).encode() + body).signature
        return {"X-Signature-Ed25519": signature.hex(),
                "X-Signature-Timestamp": str(timestamp), "Content-Type": "application/json"}

    def _base(self, kind: int, user_id: int, guild_id: int | None) -> Json:
        self._next += 1
        user = {"id": str(user_id), "username": f"user{user_id}", "discriminator": "0",
                "global_name": None, "avatar": None}
        base: Json = {"id": str(1_200_000_000_000_000_000 + self._next),
                      "application_id": self.application_id, "type": kind,
                      "token": f"interaction-token-{self._next}", "version": 1,
                      "channel_id": "1300000000000000001", "locale": "en-US",
                      "app_permissions": "0", "entitlements": []}
        if guild_id is None:
            base["user"] = user
            base["context"] = 1
        else:
            base["guild_id"] = str(guild_id)
            base["member"] = {"user": user, "roles": [], "nick": None,
                              "joined_at": "2025-01-01T00:00:00+00:00", "permissions": "0"}
            base["context"] = 0
        return base

    def ping(self) -> Json:
        return {"id": "1", "application_id": self.application_id, "type": 1,
                "token": "ping-token", "version": 1}

    def command(self, user_id: int, name: str, guild_id: int | None = None,
                subcommand: str | None = None, **options: Any) -> Json:
        """A slash command (type 2) with string/integer options, maybe under a subcommand."""
        listed = [{"name": k, "type": 4 if isinstance(v, int) else 3, "value": v}
                  for k, v in options.items()]
        if subcommand is not None:
            listed = [{"name": subcommand, "type": 1, "options": listed}]
        data: Json = {"id": "1400000000000000001", "name": name, "type": 1}
        if listed:
            data["options"] = listed
        return {**self._base(2, user_id, guild_id), "data": data}

    def message_command(self, user_id: int, content: str, author_id: int,
                        guild_id: int | None = None, name: str = "Log this link") -> Json:
        """A message command (type 2, data type 3) on a message by ``author_id``."""
        target = "1500000000000000001"
        message = {"id": target, "channel_id": "1300000000000000001", "content": content,
                   "author": {"id": str(author_id), "username": "author"}, "embeds": [],
                   "attachments": [], "timestamp": "2026-01-12T09:00:00+00:00"}
        data = {"id": "1400000000000000002", "name": name, "type": 3, "target_id": target,
                "resolved": {"messages": {target: message}}}
        return {**self._base(2, user_id, guild_id), "data": data}

    def press(self, user_id: int, custom_id: str, guild_id: int | None = None) -> Json:
        """A button press (type 3) on a message of the application."""
        return {**self._base(3, user_id, guild_id),
                "data": {"custom_id": custom_id, "component_type": 2},
                "message": {"id": "1600000000000000001", "content": "", "components": []}}

    def submit(self, user_id: int, custom_id: str, values: dict[str, str],
               guild_id: int | None = None) -> Json:
        """A modal's submission (type 5) with its text inputs."""
        rows = [{"type": 1, "components": [{"type": 4, "custom_id": k, "value": v}]}
                for k, v in values.items()]
        return {**self._base(5, user_id, guild_id),
                "data": {"custom_id": custom_id, "components": rows}}
