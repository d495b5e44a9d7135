"""The command menu is registered as the bot starts, by long polling and in the webhook Lambda."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from bot.command_menu import COMMANDS
from bot.polling import poll
from bot.webhook_lambda import WebhookEntry
from handlers.service.facade import Service
from tests.fakes.sent_requests import SentRequest
from tests.fakes.telegram_api import TelegramFake

EVENTS = Path(__file__).parents[2] / "events"
SECRET = "webhook-secret-value"


def _listed(request: SentRequest) -> list[tuple[str, str]]:
    commands: Any = request.params["commands"]
    if isinstance(commands, str):
        commands = json.loads(commands)
    return [(c["command"], c["description"]) for c in commands]


def test_polling_registers_the_commands(service: Service, telegram: TelegramFake) -> None:
    async def main() -> None:
        stop = asyncio.Event()
        polling = asyncio.create_task(poll(service, stop))
        try:
            await asyncio.to_thread(
                telegram.wait_for_sent, lambda s: s.method == "setMyCommands", timeout=30)
        finally:
            stop.set()
            await polling

    asyncio.run(main())
    [request] = telegram.sent("setMyCommands")
    assert _listed(request) == list(COMMANDS)


def test_the_webhook_registers_the_commands_once(service: Service,
                                                 telegram: TelegramFake) -> None:
    entry = WebhookEntry(lambda: (service, telegram.token, SECRET))
    event = json.loads((EVENTS / "telegram_start_command.json").read_text("utf-8"))
    try:
        assert entry.handle(event)["statusCode"] == 200
        assert entry.handle(event)["statusCode"] == 200
    finally:
        entry.close()
    [request] = telegram.sent("setMyCommands")
    assert _listed(request) == list(COMMANDS)
