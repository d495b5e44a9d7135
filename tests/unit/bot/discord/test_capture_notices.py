"""Capture notices follow the user's choice of Discord direct messages, as the reminder
does, with an Undo the Discord door answers; without the token they wait."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest

from bot.capture_notice_sender import send_notices
from bot.discord.notices import DiscordDms
from bot.discord.rest import DiscordRest
from handlers.service.facade import Service
from tests.fakes.discord_api import BOT_TOKEN
from tests.unit.bot.conftest import ALICE_TG, Harness
from tests.unit.bot.discord.conftest import ALICE, Discord, content, custom_ids
from tests.unit.bot.scenario import play


@pytest.fixture
def dms(discord: Discord) -> Iterator[DiscordDms]:
    # The notifier's own client, reaching the same fake Discord as the door.
    with httpx.Client(transport=discord.api.transport()) as client:
        yield DiscordDms(DiscordRest("https://discord.test/api/v10", BOT_TOKEN, client))


def _watched_ten_minutes(service: Service) -> str:
    """Alice, opted in to notices, watched 10 min of a film in mpv; its session id."""
    capture = service.capture
    capture.want_notices("alice", True)
    _, token = capture.connect("alice", "laptop", "generic")
    now = service.now_epoch()
    for event, position, ago in (("start", 0, 660), ("progress", 300, 360), ("stop", 600, 60)):
        body = {"session_id": "film-1", "event": event, "position_seconds": position,
                "at": now - ago, "kind": "movie", "title": "Perfect Blue", "player": "mpv"}
        answer = capture.capture(token, "generic", json.dumps(body).encode)
    assert answer["state"] == "closed"
    return str(answer["session"])


def _dm_bodies(discord: Discord) -> list[dict[str, object]]:
    return [c.body for c in discord.api.calls("POST") if c.path.endswith("/messages")]


def test_a_capture_notice_goes_where_the_reminder_goes_on_discord_and_undo_works(
        harness: Harness, discord: Discord, dms: DiscordDms) -> None:
    async def scenario(h: Harness) -> None:
        discord.link(ALICE, "alice")
        h.link(ALICE_TG, "alice")
        discord.command(ALICE, "remind", time="20:00")
        session = _watched_ten_minutes(h.service)
        assert await send_notices(h.app.bot, h.service, discord=dms) == 1
        [body] = _dm_bodies(discord)
        assert body["content"] == "📺 Logged 10 min of **Perfect Blue** from mpv"
        [(_, undo)] = custom_ids(body)
        assert undo == f"cu:{session}"
        assert h.telegram.sent(chat_id=ALICE_TG) == []  # the chosen chat only
        assert await send_notices(h.app.bot, h.service, discord=dms) == 0  # once
        removed = discord.answer(discord.signer.press(ALICE, undo))
        assert "Removed **Perfect Blue**" in content(removed)
        assert h.service.logbook.history("alice").entries == []

    play(harness, scenario)


def test_a_capture_notice_for_discord_waits_for_a_process_with_the_token(
        harness: Harness, discord: Discord, dms: DiscordDms) -> None:
    async def scenario(h: Harness) -> None:
        discord.link(ALICE, "alice")
        discord.command(ALICE, "digest", text="on")
        _watched_ten_minutes(h.service)
        assert await send_notices(h.app.bot, h.service) == 0
        assert await send_notices(h.app.bot, h.service, discord=dms) == 1
        assert len(_dm_bodies(discord)) == 1

    play(harness, scenario)


def test_a_capture_notice_to_closed_discord_dms_is_dropped(
        harness: Harness, discord: Discord) -> None:
    def refusing(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/messages"):
            return httpx.Response(403, json={"message": "no", "code": 50007})
        return httpx.Response(200, json={"id": "1"})

    async def scenario(h: Harness) -> None:
        discord.link(ALICE, "alice")
        discord.command(ALICE, "remind", time="20:00")
        _watched_ten_minutes(h.service)
        with httpx.Client(transport=httpx.MockTransport(refusing)) as client:
            closed = DiscordDms(DiscordRest("https://discord.test/api/v10", BOT_TOKEN, client))
            assert await send_notices(h.app.bot, h.service, discord=closed) == 1
        assert h.service.capture.pending_notices() == []

    play(harness, scenario)
