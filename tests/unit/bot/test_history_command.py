"""/history pages with Edit and Delete, plain messages offered as logs, small hints."""

from __future__ import annotations

from tests.fakes.sent_requests import SentRequest
from tests.unit.bot.conftest import ALICE_TG, BOB_TG, Harness
from tests.unit.bot.scenario import play


def _data(sent: SentRequest, label: str) -> str:
    data = next(b["callback_data"] for b in sent.buttons() if b["text"] == label)
    assert len(data.encode()) <= 64
    return str(data)


async def _press(h: Harness, sent: SentRequest, label: str,
                 user: int = ALICE_TG) -> SentRequest:
    answers = await h.deliver(h.telegram.press_update(user, sent, _data(sent, label)))
    return answers[-1]


async def _log_minutes(h: Harness, count: int) -> None:
    for minutes in range(1, count + 1):
        await h.say(ALICE_TG, f"/log {minutes}m game Round {minutes}")
        h.clock.advance(minutes=1)


def test_history_pages_back_and_forth(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        await _log_minutes(h, 7)
        [first] = await h.say(ALICE_TG, "/history")
        assert first.text.splitlines()[:2] == [
            "<b>History</b> (page 1)", "1. ✨ game — Round 7 · 7 min · 12 Jan"]
        assert len(first.text.splitlines()) == 6
        assert [b["text"] for b in first.buttons()][-1] == "Older ▶"
        older = await _press(h, first, "Older ▶")
        assert older.method == "editMessageText"
        assert older.text.splitlines()[1:] == ["6. ✨ game — Round 2 · 2 min · 12 Jan",
                                               "7. ✨ game — Round 1 · 1 min · 12 Jan"]
        assert [b["text"] for b in older.buttons()][-1] == "◀ Newer"
        newer = await _press(h, older, "◀ Newer")
        assert newer.text == first.text

    play(harness, scenario)


def test_delete_from_history_asks_then_removes_only_that_entry(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        await _log_minutes(h, 3)
        [listing] = await h.say(ALICE_TG, "/history")
        ask = await _press(h, listing, "🗑 2")
        assert ask.text == "Delete ✨ game — Round 2 · 2 min · 12 Jan?"
        kept = await _press(h, ask, "Keep it")
        assert kept.method == "editMessageReplyMarkup"
        done = await _press(h, ask, "Yes, delete")
        assert done.text.startswith("🗑 Removed ✨ game — Round 2")
        titles = [e.title for e in h.service.logbook.history("alice").entries]
        assert titles == ["Round 3", "Round 1"]

    play(harness, scenario)


def test_another_users_button_finds_nothing(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        [answer] = await h.say(ALICE_TG, "/log 25m anime")
        answers = await h.deliver(h.telegram.press_update(BOB_TG, answer,
                                                          _data(answer, "↩️ Undo")))
        assert answers[-1].params["text"] == "That entry is gone; see /history."
        assert len(h.service.logbook.history("alice").entries) == 1

    play(harness, scenario)


def test_empty_history_suggests_a_log(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        [answer] = await h.say(ALICE_TG, "/history")
        assert "Nothing logged yet" in answer.text and "/log 25m anime" in answer.text

    play(harness, scenario)


def test_a_plain_message_is_offered_never_logged_silently(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        [ask] = await h.say(ALICE_TG, "I watched 30 min of anime!")
        assert ask.text == "Log this?"
        assert [b["text"] for b in ask.buttons()] == ["✅ 30m anime", "✖️ No"]
        assert h.service.logbook.history("alice").entries == []
        sent = await h.deliver(h.telegram.press_update(ALICE_TG, ask, "xl:30m anime"))
        assert "Logged <b>30 min</b> of anime" in sent[-1].text
        [which] = await h.say(ALICE_TG, "read 50 pages")
        assert [b["text"] for b in which.buttons()] == [
            "✅ 50p reading", "✅ 50p manga", "✅ 50p book", "✖️ No"]
        no = await _press(h, which, "✖️ No")
        assert no.text == "Not logged."
        assert len(h.service.logbook.history("alice").entries) == 1

    play(harness, scenario)


def test_a_double_tapped_confirm_logs_once(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        [ask] = await h.say(ALICE_TG, "I watched 30 min of anime!")
        taps = [h.telegram.press_update(ALICE_TG, ask, "xl:30m anime") for _ in range(2)]
        await h.deliver(taps[0])
        await h.deliver(taps[1])
        assert len(h.service.logbook.history("alice").entries) == 1
        logged = [s for s in h.telegram.sent(chat_id=ALICE_TG) if "Logged" in (s.text or "")]
        assert len(logged) == 1
        # The same words asked again are a new question, and a new log.
        [again] = await h.say(ALICE_TG, "I watched 30 min of anime!")
        await h.deliver(h.telegram.press_update(ALICE_TG, again, "xl:30m anime"))
        assert len(h.service.logbook.history("alice").entries) == 2

    play(harness, scenario)


def test_channel_links_get_their_own_hint(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        [answer] = await h.say(ALICE_TG, "https://www.youtube.com/@officialpsy")
        assert "That is a YouTube channel" in answer.text

    play(harness, scenario)
