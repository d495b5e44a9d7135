"""The registered command set: Discord's limits, and the door answering every command in it."""

from __future__ import annotations

import re
from typing import Any

import httpx
from pydantic import SecretStr

from bot.discord.command_set import COMMANDS, LOG_THIS_LINK, register
from bot.discord.door import COMMANDS as ANSWERED
from bot.discord.rest import DiscordRest
from handlers.settings import Settings
from tests.fakes.discord_api import APPLICATION_ID, BOT_TOKEN, FakeDiscordApi


def _options(command: dict[str, Any]) -> list[dict[str, Any]]:
    return list(command.get("options", ()))


def test_every_command_fits_discords_rules() -> None:
    names = [c["name"] for c in COMMANDS]
    assert len(names) == len(set(names))
    for command in COMMANDS:
        if command["type"] == 1:
            assert re.fullmatch(r"[a-z_]{1,32}", command["name"]), command["name"]
            assert 1 <= len(command["description"]) <= 100, command["name"]
        required = [bool(o.get("required", False)) for o in _options(command)]
        assert required == sorted(required, reverse=True), command["name"]
        for option in _options(command):
            assert len(str(option["description"])) <= 100


def test_the_door_answers_exactly_the_registered_commands() -> None:
    slash = {c["name"] for c in COMMANDS if c["type"] == 1}
    assert slash == set(ANSWERED)
    assert [c["name"] for c in COMMANDS if c["type"] == 3] == [LOG_THIS_LINK]


def test_register_puts_the_whole_set_with_the_bot_token() -> None:
    api = FakeDiscordApi()
    settings = Settings(discord_application_id=APPLICATION_ID,
                        discord_bot_token=SecretStr(BOT_TOKEN))
    with httpx.Client(transport=api.transport()) as client:
        rest = DiscordRest("https://discord.test/api/v10", BOT_TOKEN, client)
        registered = register(settings, None, rest)
        register(settings, "320000000000000001", rest)
    [everywhere, guild] = api.calls("PUT")
    assert everywhere.path == f"/applications/{APPLICATION_ID}/commands"
    assert guild.path == f"/applications/{APPLICATION_ID}/guilds/320000000000000001/commands"
    assert everywhere.authorization == f"Bot {BOT_TOKEN}"
    assert everywhere.body == COMMANDS and len(registered) == len(COMMANDS)


def test_register_rate_limited_once_is_sent_again_after_the_wait() -> None:
    api = FakeDiscordApi()
    api.fail_next("PUT", 429, retry_after=0.5)
    settings = Settings(discord_application_id=APPLICATION_ID,
                        discord_bot_token=SecretStr(BOT_TOKEN))
    sleeps: list[float] = []
    with httpx.Client(transport=api.transport()) as client:
        rest = DiscordRest("https://discord.test/api/v10", BOT_TOKEN, client,
                           sleep=sleeps.append, clock=lambda: sum(sleeps))
        registered = register(settings, None, rest)
    assert sleeps == [0.5] and len(api.calls("PUT")) == 2
    assert len(registered) == len(COMMANDS)
