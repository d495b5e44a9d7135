"""The Discord interactions Lambda: one API Gateway event per interaction, and the deferred
half by an asynchronous invocation of the same function (network and store I/O).

Discord waits three seconds for an answer and a Lambda stops when it returns, so a slow
command answers "thinking…" and the function invokes itself (``InvocationType=Event``)
with the verified interaction; that invocation does the slow work and edits the answer.
Only an IAM principal allowed to invoke the function can send such an event; an API
Gateway event is always a request and is verified like one. Nothing heavy is imported
here: no ``telegram``, no ``matplotlib`` (charts load when one is drawn), and the door with
its commands and the service load with the first event, not with this module.
"""

from __future__ import annotations

import base64
import json
import logging
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.discord.door import Defer, DiscordDoor
    from handlers.service import Service

FOLLOW_UP = "immersion-tracker.discord-follow-up"
_LOG = logging.getLogger(__name__)


def proxy_answer(status: int, body: dict[str, Any]) -> dict[str, Any]:
    return {"statusCode": status, "headers": {"Content-Type": "application/json"},
            "body": json.dumps(body, ensure_ascii=False)}


def raw_body(event: dict[str, Any]) -> bytes:
    """The request body exactly as Discord sent it (API Gateway may base64 it)."""
    body = event.get("body") or ""
    return base64.b64decode(body) if event.get("isBase64Encoded") else body.encode("utf-8")


class InteractionsEntry:
    """What a warm container keeps: the door, built on the first event."""

    def __init__(self, make_door: Callable[[Defer], DiscordDoor]) -> None:
        self._make_door = make_door
        self._door: DiscordDoor | None = None
        self.invoke: Callable[[dict[str, Any]], None] | None = None
        """Sends an event to this same function asynchronously (set per deployment)."""

    def _ready(self) -> DiscordDoor:
        if self._door is None:
            self._door = self._make_door(self._defer)
        return self._door

    def _defer(self, payload: dict[str, Any]) -> None:
        if self.invoke is None:
            raise RuntimeError("no way to invoke the function again was configured")
        self.invoke({"source": FOLLOW_UP, "interaction": payload})

    def handle(self, event: dict[str, Any]) -> dict[str, Any]:
        door = self._ready()
        if event.get("source") == FOLLOW_UP and "httpMethod" not in event:
            door.finish(event["interaction"])
            return {"finished": True}
        headers = {str(k): str(v) for k, v in (event.get("headers") or {}).items()}
        return proxy_answer(*door.answer(headers, raw_body(event)))


def configured_door(defer: Defer) -> DiscordDoor:
    """The door for this deployment: its secrets from Secrets Manager, else the settings."""
    from bot.discord.door import DiscordDoor
    from bot.discord.rest import DiscordRest
    from handlers.aws.secret import load_service_secret
    from handlers.wiring import build_service

    service: Service = build_service()
    settings = service.settings
    secret = load_service_secret(settings.secret_id)
    token = str(secret.get("discord_bot_token") or (
        settings.discord_bot_token.get_secret_value() if settings.discord_bot_token else ""))
    public_key = str(secret.get("discord_public_key") or settings.discord_public_key or "")
    application = str(secret.get("discord_application_id")
                      or settings.discord_application_id or "")
    rest = DiscordRest(settings.discord_api_base, token or None)
    return DiscordDoor(service, rest, defer, public_key=public_key,
                       application_id=application or None)


def lambda_invoker(function_name: str) -> Callable[[dict[str, Any]], None]:
    """Asynchronous invocation of ``function_name`` (boto3 ships with the runtime; its
    client is made on the first deferred answer, not at cold start)."""
    clients: list[Any] = []

    def invoke(event: dict[str, Any]) -> None:
        if not clients:
            import boto3

            clients.append(boto3.client("lambda"))
        clients[0].invoke(FunctionName=function_name, InvocationType="Event",
                          Payload=json.dumps(event).encode("utf-8"))

    return invoke


_entry: InteractionsEntry | None = None


def lambda_handler(event: dict[str, Any], context: object) -> dict[str, Any]:
    """API Gateway proxy entry point, and the target of its own follow-ups."""
    global _entry
    if _entry is None:
        _entry = InteractionsEntry(configured_door)
        _entry.invoke = lambda_invoker(os.environ["AWS_LAMBDA_FUNCTION_NAME"])
    return _entry.handle(event)
