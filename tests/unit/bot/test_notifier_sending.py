"""Digests and reminders through the bot: once per period, 429 waited out, 403 marks blocked."""

from __future__ import annotations

import asyncio

from bot.notifier_sender import send_due
from handlers.service.goals.settings import Reminder
from handlers.service.logbook.writes import LogRequest
from handlers.service.notify.digest_schedule import subscription
from tests.unit.bot.conftest import ALICE_TG, BOB_TG, Harness
from tests.unit.bot.scenario import play

VIDEO = "https://youtu.be/9bZkp7q19f0"


def _subscribe(h: Harness, user: str, chat_id: int) -> None:
    h.service.digests.subscribe(user, chat_id)


class Waits:
    def __init__(self) -> None:
        self.seconds: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.seconds.append(seconds)


def test_two_concurrent_runs_send_one_digest(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        _subscribe(h, "alice", ALICE_TG)
        h.clock.advance(days=2)
        await h.say(ALICE_TG, VIDEO)
        h.clock.advance(days=5)  # Monday 19 Jan, 22:30 in Auckland: due
        first, second = await asyncio.gather(send_due(h.app.bot, h.service),
                                             send_due(h.app.bot, h.service))
        assert len(first.sent) + len(second.sent) == 1
        digests = h.telegram.sent("sendPhoto", chat_id=ALICE_TG)
        assert len(digests) == 1
        assert "Your week" in digests[0].text
        assert "officialpsy" in digests[0].text
        again = await send_due(h.app.bot, h.service)
        assert again.sent == []
        assert len(h.telegram.sent("sendPhoto", chat_id=ALICE_TG)) == 1

    play(harness, scenario)


def test_a_new_subscriber_gets_nothing_about_the_week_before(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        _subscribe(h, "bob", BOB_TG)  # Monday 12 Jan, 22:30 in Auckland, after 09:00
        assert (await send_due(h.app.bot, h.service)).sent == []
        h.clock.advance(days=5)
        assert (await send_due(h.app.bot, h.service)).sent == []
        h.clock.advance(days=2)  # Monday 19 Jan: the week since subscribing ended
        assert (await send_due(h.app.bot, h.service)).sent == ["bob"]
        (digest,) = h.telegram.sent(chat_id=BOB_TG)
        # An empty week: one short line, no chart, no pace.
        assert digest.method == "sendMessage"
        assert "no immersion" in digest.text
        assert "\n" not in digest.text
        assert "pace" not in digest.text

    play(harness, scenario)


def test_429_is_waited_out_and_the_digest_arrives(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        _subscribe(h, "bob", BOB_TG)
        h.clock.advance(days=7)
        h.telegram.fail_next("sendMessage", 429, count=3, retry_after=7)
        waits = Waits()
        run = await send_due(h.app.bot, h.service, sleep=waits)
        assert run.sent == ["bob"]
        assert waits.seconds == [7, 7, 7]
        assert len(h.telegram.sent("sendMessage", chat_id=BOB_TG)) == 1

    play(harness, scenario)


def test_403_marks_the_user_blocked_and_others_still_get_theirs(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        _subscribe(h, "alice", ALICE_TG)
        _subscribe(h, "bob", BOB_TG)
        await asyncio.to_thread(h.service.goals.set_reminder, "bob", Reminder(True, "21:00"),
                                BOB_TG)
        h.telegram.block(BOB_TG)
        h.clock.advance(days=7)
        run = await send_due(h.app.bot, h.service)
        assert run.blocked == ["bob"]
        assert run.sent == ["alice"]
        bob = subscription(h.service.repo, "bob")
        assert bob is not None
        assert bob.blocked
        assert not h.service.goals.reminder("bob").enabled
        h.clock.advance(days=7)
        run = await send_due(h.app.bot, h.service)
        assert run.sent == ["alice"]
        assert run.blocked == []

    play(harness, scenario)


def test_a_reminder_when_the_streak_is_at_risk_and_none_when_today_is_done(
    harness: Harness,
) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        await h.say(ALICE_TG, VIDEO)  # Monday 22:30 in Auckland: a 1-day streak
        (answer,) = await h.say(ALICE_TG, "/remind 20:00")
        assert "20:00" in answer.text
        h.clock.advance(hours=21, minutes=35)  # Tuesday 20:05: at risk
        run = await send_due(h.app.bot, h.service)
        assert run.sent == ["alice"]
        reminder = h.telegram.sent("sendMessage", chat_id=ALICE_TG)[-1]
        assert "1-day streak" in reminder.text
        (button,) = reminder.buttons()
        assert button["text"] == "▶️ 5 min video"
        assert (await send_due(h.app.bot, h.service)).sent == []  # once a day
        pressed = await h.press(ALICE_TG, reminder, button["callback_data"])
        assert any("🔥 2 days" in sent.text for sent in pressed)
        h.clock.advance(days=1)  # Wednesday 20:05, nothing logged today
        h.service.logbook.log("alice", LogRequest(activity="book", minutes=10), "bot")
        before = len(h.telegram.sent("sendMessage", chat_id=ALICE_TG))
        run = await send_due(h.app.bot, h.service)
        assert run.sent == []
        assert len(h.telegram.sent("sendMessage", chat_id=ALICE_TG)) == before

    play(harness, scenario)


def test_goal_met_is_said_once_per_period(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        (answer,) = await h.say(ALICE_TG, "/goal 3m daily")
        assert "Daily: 3 min" in answer.text
        (logged,) = await h.say(ALICE_TG, VIDEO)
        assert "🔥 1 day · 4 / 3 min today" in logged.text
        assert "Daily goal met 🎉" in logged.text
        (pressed,) = [s for s in logged.buttons() if s["callback_data"].startswith("undo")]
        await h.press(ALICE_TG, logged, pressed["callback_data"])
        (again,) = await h.say(ALICE_TG, VIDEO)  # logged again, the goal met again today
        assert "🔥 1 day · 4 / 3 min today" in again.text
        assert "goal met" not in again.text

    play(harness, scenario)


def test_nonsense_goals_and_times_answer_with_an_example(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        for text in ("/goal lots", "/goal 0m daily", "/goal 25h daily", "/goal 1h daily cooking",
                     "/remind 25:00", "/remind later"):
            (answer,) = await h.say(ALICE_TG, text)
            assert answer.text.startswith("⚠️"), text
            assert "/goal" in answer.text or "/remind" in answer.text or "goal" in answer.text
        assert h.service.goals.goals("alice").daily_minutes is None
        assert not h.service.goals.reminder("alice").enabled
        (zero,) = await h.say(ALICE_TG, "/goal 0m daily")
        assert "A daily goal is 1 to 1,440 minutes" in zero.text  # not "A dayly goal"

    play(harness, scenario)


def test_one_failing_user_never_stops_the_rest_and_is_retried(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        _subscribe(h, "alice", ALICE_TG)
        _subscribe(h, "bob", BOB_TG)
        h.clock.advance(days=7)
        h.telegram.fail_next("sendMessage", 500)
        run = await send_due(h.app.bot, h.service)
        assert len(run.failed) == 1
        assert len(run.sent) == 1
        # The lease was given back: the next tick sends the one that failed, once.
        retried = await send_due(h.app.bot, h.service)
        assert retried.sent == run.failed
        assert {s.chat_id for s in h.telegram.sent("sendMessage")} == {ALICE_TG, BOB_TG}

    play(harness, scenario)


def test_the_digest_streak_follows_the_daily_goal(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        _subscribe(h, "alice", ALICE_TG)
        h.service.goals.set_goal("alice", "all", "day", 30)
        h.clock.advance(days=5)
        for minutes in (40, 10):  # Saturday meets the goal, Sunday does not
            h.service.logbook.log("alice", LogRequest(activity="book", minutes=minutes), "bot")
            h.clock.advance(days=1)
        h.clock.advance(hours=1)
        await send_due(h.app.bot, h.service)
        (digest,) = h.telegram.sent(chat_id=ALICE_TG)
        assert "Streak: 0 days" in digest.text

    play(harness, scenario)


def _reminded_at_20(h: Harness) -> None:
    """A one-day streak and a 20:00 reminder (the harness is Monday 22:30 in Auckland)."""
    h.service.logbook.log("alice", LogRequest(activity="book", minutes=10), "bot")
    h.service.goals.set_reminder("alice", Reminder(True, "20:00"), ALICE_TG)


def test_an_unlinked_or_removed_account_gets_no_reminder(harness: Harness) -> None:
    # goals.md: never "to a user who turned it off, unlinked or blocked the bot".
    async def scenario(h: Harness) -> None:
        h.service.accounts.add("alice", "correct horse battery staple")
        h.link(ALICE_TG, "alice")
        _reminded_at_20(h)
        await h.say(ALICE_TG, "/unlink")
        assert not h.service.goals.reminder("alice").enabled
        h.clock.advance(hours=21, minutes=35)  # Tuesday 20:05 in Auckland
        assert (await send_due(h.app.bot, h.service)).sent == []
        h.link(ALICE_TG, "alice")
        _reminded_at_20(h)
        h.service.accounts.remove("alice")
        h.clock.advance(days=1)
        assert (await send_due(h.app.bot, h.service)).sent == []

    play(harness, scenario)


def test_a_dry_run_lists_no_reminder_that_went_out_already(harness: Harness) -> None:
    # notify --dry-run prints what a run would send now: not a period already sent.
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        _reminded_at_20(h)
        h.clock.advance(hours=21, minutes=35)  # Tuesday 20:05: sent
        assert (await send_due(h.app.bot, h.service)).sent == ["alice"]
        h.service.goals.set_reminder("alice", Reminder(True, "21:00"), ALICE_TG)
        h.clock.advance(hours=1)  # 21:05 the same day: nothing more goes out
        assert list(h.service.notifier.preview()) == []
        assert (await send_due(h.app.bot, h.service)).sent == []

    play(harness, scenario)
