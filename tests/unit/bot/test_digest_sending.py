"""The weekly digest through the bot: once per week, 429 retried, 403 marks blocked."""

from __future__ import annotations

import asyncio

from bot.digest_sender import send_due_digests
from handlers.service.digest_schedule import subscribe, subscription
from tests.unit.bot.conftest import ALICE_TG, BOB_TG, Harness
from tests.unit.bot.scenario import play


def _subscribe(h: Harness, user: str, chat_id: int) -> None:
    subscribe(h.service.repo, user, chat_id, h.service.timezone(user))


class Waits:
    def __init__(self) -> None:
        self.seconds: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.seconds.append(seconds)


def test_two_concurrent_runs_send_one_digest(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        await h.say(ALICE_TG, "https://youtu.be/9bZkp7q19f0")
        _subscribe(h, "alice", ALICE_TG)
        h.clock.advance(days=7)  # Monday 19 Jan, 22:30 in Auckland: due
        first, second = await asyncio.gather(send_due_digests(h.app.bot, h.service),
                                             send_due_digests(h.app.bot, h.service))
        assert len(first.sent) + len(second.sent) == 1
        digests = h.telegram.sent("sendPhoto", chat_id=ALICE_TG)
        assert len(digests) == 1
        assert "Your week" in digests[0].text
        assert "officialpsy" in digests[0].text
        again = await send_due_digests(h.app.bot, h.service)
        assert again.sent == []
        assert len(h.telegram.sent("sendPhoto", chat_id=ALICE_TG)) == 1

    play(harness, scenario)


def test_a_missed_send_goes_out_later_that_week_but_not_next_week(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        _subscribe(h, "bob", BOB_TG)
        h.clock.advance(days=5)  # Saturday
        assert (await send_due_digests(h.app.bot, h.service)).sent == ["bob"]
        h.clock.advance(days=2)  # Monday 19 Jan 09:30 UTC is 22:30 in Auckland
        assert (await send_due_digests(h.app.bot, h.service)).sent == ["bob"]

    play(harness, scenario)


def test_429_is_waited_out_and_the_digest_arrives(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        _subscribe(h, "bob", BOB_TG)
        h.telegram.fail_next("sendPhoto", 429, count=3, retry_after=7)
        waits = Waits()
        run = await send_due_digests(h.app.bot, h.service, sleep=waits)
        assert run.sent == ["bob"]
        assert waits.seconds == [7, 7, 7]
        assert len(h.telegram.sent("sendPhoto", chat_id=BOB_TG)) == 1

    play(harness, scenario)


def test_403_marks_the_user_blocked_and_others_still_get_theirs(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        _subscribe(h, "alice", ALICE_TG)
        _subscribe(h, "bob", BOB_TG)
        h.telegram.block(BOB_TG)
        run = await send_due_digests(h.app.bot, h.service)
        assert run.blocked == ["bob"]
        assert run.sent == ["alice"]
        bob = subscription(h.service.repo, "bob")
        assert bob is not None
        assert bob.blocked
        h.clock.advance(days=7)
        run = await send_due_digests(h.app.bot, h.service)
        assert run.sent == ["alice"]
        assert run.blocked == []

    play(harness, scenario)
