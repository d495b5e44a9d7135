"""Reminders and digests to a Discord direct message, through the one notifier: chosen
with /digest and /remind, sent once per period, 429 waited out, 403 marks blocked."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest

from bot.discord.notices import DiscordDms
from bot.discord.rest import DiscordRest
from bot.notifier_sender import send_due
from handlers.service.notify.digest_schedule import subscription
from tests.fakes.discord_api import BOT_TOKEN, FakeDiscordApi
from tests.unit.bot.conftest import ALICE_TG, Harness
from tests.unit.bot.discord.conftest import ALICE, EPHEMERAL, Discord, content, custom_ids
from tests.unit.bot.scenario import play


class Waits:
    def __init__(self) -> None:
        self.seconds: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.seconds.append(seconds)


@pytest.fixture
def dms(discord: Discord) -> Iterator[DiscordDms]:
    # The notifier's own client, reaching the same fake Discord as the door.
    with httpx.Client(transport=discord.api.transport()) as client:
        yield DiscordDms(DiscordRest("https://discord.test/api/v10", BOT_TOKEN, client))


def _dms(api: FakeDiscordApi) -> list[str]:
    return [str(c.body["content"]) for c in api.calls("POST") if c.path.endswith("/messages")]


def test_a_digest_chosen_on_discord_arrives_there_once(harness: Harness, discord: Discord,
                                                       dms: DiscordDms) -> None:
    async def scenario(h: Harness) -> None:
        discord.link(ALICE, "alice")
        h.link(ALICE_TG, "alice")
        chosen = discord.command(ALICE, "digest", text="on")
        assert chosen["data"]["flags"] & EPHEMERAL
        assert "direct messages" in content(chosen)
        discord.command(ALICE, "log", text="45m anime Frieren")
        h.clock.advance(days=7)  # Monday 19 Jan, 09:30 UTC: the week is over, due
        first, second = await asyncio.gather(send_due(h.app.bot, h.service, discord=dms),
                                             send_due(h.app.bot, h.service, discord=dms))
        assert first.sent + second.sent == ["alice"]
        [opened] = [c for c in discord.api.calls("POST") if c.path == "/users/@me/channels"]
        assert opened.body == {"recipient_id": str(ALICE)}
        [digest] = _dms(discord.api)
        assert "**Your week** (12–18 Jan 2026)" in digest
        assert "**45 min** of immersion" in digest
        assert h.telegram.sent(chat_id=ALICE_TG) == []  # Telegram gets nothing
        assert (await send_due(h.app.bot, h.service, discord=dms)).sent == []
        assert len(_dms(discord.api)) == 1

    play(harness, scenario)


def test_a_reminder_by_direct_message_has_one_tap_log_buttons(
        harness: Harness, discord: Discord, dms: DiscordDms) -> None:
    async def scenario(h: Harness) -> None:
        discord.link(ALICE, "alice")
        discord.command(ALICE, "goal", text="60m daily")
        for day in ("", " -1d", " -2d"):  # 12, 11 and 10 Jan in Auckland
            discord.command(ALICE, "log", text=f"60m anime{day}")
        set_up = discord.command(ALICE, "remind", time="20:00")
        assert "by direct message" in content(set_up)
        h.clock.advance(hours=22)  # 13 Jan, 20:30 in Auckland: the streak is at risk
        assert (await send_due(h.app.bot, h.service, discord=dms)).sent == ["alice"]
        [call] = [c for c in discord.api.calls("POST") if c.path.endswith("/messages")]
        assert "streak" in call.body["content"]
        [(_, quick)] = custom_ids(call.body)[:1]
        logged = discord.answer(discord.signer.press(ALICE, quick))
        assert "Logged" in content(logged) and "Today:" in content(logged)

    play(harness, scenario)


def test_429_is_waited_out_and_403_marks_the_user_blocked(
        harness: Harness, discord: Discord) -> None:
    statuses = [429, 403]

    def refusing(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/messages") and statuses:
            status = statuses.pop(0)
            return httpx.Response(status, json={"message": "no", "retry_after": 1.5,
                                                "code": 50007})
        return httpx.Response(200, json={"id": "1"})

    async def scenario(h: Harness) -> None:
        discord.link(ALICE, "alice")
        discord.command(ALICE, "digest", text="on")
        h.clock.advance(days=7)
        waits = Waits()
        with httpx.Client(transport=httpx.MockTransport(refusing)) as client:
            failing = DiscordDms(DiscordRest("https://discord.test/api/v10", BOT_TOKEN, client))
            run = await send_due(h.app.bot, h.service, sleep=waits, discord=failing)
        assert waits.seconds == [1.5]
        assert run.blocked == ["alice"]
        current = subscription(h.service.repo, "alice")
        assert current is not None and current.blocked and current.chat == "discord"

    play(harness, scenario)


def test_without_a_discord_token_the_message_waits_for_a_process_that_has_one(
        harness: Harness, discord: Discord, dms: DiscordDms) -> None:
    async def scenario(h: Harness) -> None:
        discord.link(ALICE, "alice")
        discord.command(ALICE, "digest", text="on")
        h.clock.advance(days=7)
        assert (await send_due(h.app.bot, h.service)).failed == ["alice"]
        assert (await send_due(h.app.bot, h.service, discord=dms)).sent == ["alice"]

    play(harness, scenario)


def test_unlinking_discord_stops_a_digest_sent_there(discord: Discord) -> None:
    discord.link(ALICE, "alice")
    discord.command(ALICE, "digest", text="on")
    discord.command(ALICE, "unlink")
    current = subscription(discord.service.repo, "alice")
    assert current is not None and not current.enabled


def test_telegram_due_entries_keep_their_shape_and_discord_ones_name_their_chat(
        discord: Discord) -> None:
    service = discord.service
    service.digests.subscribe("alice", ALICE_TG)
    service.digests.subscribe("bob", ALICE, chat="discord")
    entries = {str(item["user"]): item for item in service.repo.query_prefix("DUE", "")}
    assert "chat" not in entries["alice"] and entries["alice"]["chat_id"] == ALICE_TG
    assert entries["bob"]["chat"] == "discord" and entries["bob"]["chat_id"] == ALICE
    assert "chat" not in (service.repo.get("USER#alice", "DIGEST#SUBSCRIPTION") or {})
