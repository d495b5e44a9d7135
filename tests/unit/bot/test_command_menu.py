"""The command menu: every listed command is handled, and announce registers the list."""

from __future__ import annotations

import json

from bot.command_menu import COMMANDS, announce
from tests.fakes.bot_api import FakeBotApi
from tests.unit.bot.conftest import Harness
from tests.unit.bot.scenario import play


def test_the_command_menu_is_registered(harness: Harness, telegram: FakeBotApi) -> None:
    async def scenario(h: Harness) -> None:
        await announce(h.app)

    play(harness, scenario)
    [request] = telegram.sent("setMyCommands")
    commands = request.params["commands"]
    listed = json.loads(commands) if isinstance(commands, str) else commands
    assert [(c["command"], c["description"]) for c in listed] == list(COMMANDS)
    handled = {name for handlers in harness.app.handlers.values() for h in handlers
               for name in getattr(h, "commands", ())}
    assert {command for command, _ in COMMANDS} <= handled
