"""The webhook Lambda: one Telegram update per API Gateway event (network and store I/O).

The secret token header is checked in constant time before anything else. The
Application is built and initialised once per warm container and driven on one event
loop kept for the container's life; Telegram always gets a 200 once the update was
handled (a failure inside a handler is logged and answered by the bot's error handler).
python-telegram-bot, the command handlers and the service load with the first update, not
with this module: a cold start's import pays only for the standard library here.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.context import TrackerApplication
    from handlers.service import Service

SECRET_HEADER = "x-telegram-bot-api-secret-token"  # noqa: S105 (a header name)
_LOG = logging.getLogger(__name__)


def _response(status: int, message: str) -> dict[str, Any]:
    return {"statusCode": status, "headers": {"Content-Type": "application/json"},
            "body": json.dumps({"message": message})}


def header(event: dict[str, Any], name: str) -> str | None:
    """A request header of an API Gateway proxy event, whatever its case."""
    for key, value in (event.get("headers") or {}).items():
        if key.lower() == name:
            return str(value)
    return None


class WebhookEntry:
    """What a warm container keeps: the loop, the initialised application, the secrets."""

    def __init__(self, make_service: Callable[[], tuple[Service, str, str]]) -> None:
        self._make_service = make_service
        self._loop = asyncio.new_event_loop()
        self._application: TrackerApplication | None = None
        self._secret = ""

    def _ready(self) -> TrackerApplication:
        if self._application is None:
            from bot.application import build_application
            from bot.command_menu import announce

            service, token, secret = self._make_service()
            application = build_application(service, token=token, with_updater=False,
                                            digest_every=None)
            self._loop.run_until_complete(application.initialize())
            # Once per cold start: the menu lists the commands however the bot is reached.
            self._loop.run_until_complete(announce(application))
            self._application, self._secret = application, secret
        return self._application

    def handle(self, event: dict[str, Any]) -> dict[str, Any]:
        application = self._ready()
        given = header(event, SECRET_HEADER) or ""
        if not self._secret or not hmac.compare_digest(given.encode(), self._secret.encode()):
            return _response(403, "forbidden")
        from telegram import Update

        try:
            update = Update.de_json(json.loads(event.get("body") or "{}"), application.bot)
        except (ValueError, TypeError, KeyError):
            _LOG.warning("ignored a webhook body that is not an update")
            return _response(200, "ignored")
        self._loop.run_until_complete(application.process_update(update))
        return _response(200, "ok")

    def close(self) -> None:
        if self._application is not None:
            self._loop.run_until_complete(self._application.shutdown())
        self._loop.close()


_entry: WebhookEntry | None = None


def lambda_handler(event: dict[str, Any], context: object) -> dict[str, Any]:
    """API Gateway proxy entry point."""
    global _entry
    if _entry is None:
        from bot.lambda_config import configured_service

        _entry = WebhookEntry(configured_service)
    return _entry.handle(event)
