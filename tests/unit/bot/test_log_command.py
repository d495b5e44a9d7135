"""/log, its Undo and Edit buttons, the edit's answer, /speed, and malformed logs."""

from __future__ import annotations

from handlers.service.catalog.sync_episodes import EpisodeRef
from tests.fakes.sent_requests import SentRequest
from tests.log_grammar import REFUSED
from tests.unit.bot.conftest import ALICE_TG, STRANGER_TG, Harness
from tests.unit.bot.scenario import play


def _button(sent: SentRequest, label: str) -> str:
    data = next(b["callback_data"] for b in sent.buttons() if label in b["text"])
    assert len(data.encode()) <= 64
    return str(data)


async def _press(h: Harness, sent: SentRequest, label: str) -> SentRequest:
    """Press the button labelled ``label``; the edited message (or the new one)."""
    answers = await h.press(ALICE_TG, sent, _button(sent, label))
    return [s for s in answers if s.method != "answerCallbackQuery"][-1]


def _entries(h: Harness) -> list[tuple[str, float, str]]:
    page = h.service.logbook.history("alice", limit=50)
    return [(e.activity, e.minutes, e.title or "") for e in page.entries]


def test_log_replies_with_what_was_logged_the_derivation_and_today(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        [answer] = await h.say(ALICE_TG, "/log 2ep anime Frieren")
        assert "Logged <b>48 min</b> of anime — Frieren" in answer.text
        assert "2 episodes × 24 min" in answer.text
        assert "Today: <b>48 min</b>" in answer.text
        assert [b["text"] for b in answer.buttons()] == ["↩️ Undo", "✏️ Edit"]
        h.clock.advance(minutes=1)
        [second] = await h.say(ALICE_TG, "/log 1h30 podcast")
        assert "Today: <b>2h 18m</b>" in second.text
        assert _entries(h) == [("podcast", 90, ""), ("anime", 48, "Frieren")]

    play(harness, scenario)


def test_backdated_log_names_its_day_and_escapes_the_title(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        [answer] = await h.say(ALICE_TG, "/log 45m reading <b>Kokoro</b> yesterday")
        assert "of reading — &lt;b&gt;Kokoro&lt;/b&gt;" in answer.text
        assert "📅 11 Jan" in answer.text
        assert "Today: <b>0 min</b>" in answer.text

    play(harness, scenario)


def test_undo_removes_exactly_that_log(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        await h.say(ALICE_TG, "/log 30m game")
        [answer] = await h.say(ALICE_TG, "/log 40p manga")
        assert "40 pages ÷ 1 page/min" in answer.text
        edited = await _press(h, answer, "Undo")
        assert edited.method == "editMessageText"
        assert edited.text.startswith("🗑 Removed 📖 manga")
        assert _entries(h) == [("game", 30, "")]
        again = await h.press(ALICE_TG, answer, _button(answer, "Undo"))
        assert again[-1].params["text"] == "That entry is gone; see /history."

    play(harness, scenario)


def test_malformed_logs_answer_one_sentence_with_an_example(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        for words, expected in REFUSED:
            text = f"/log {words}".strip()
            [answer] = await h.say(ALICE_TG, text)
            assert answer.text.startswith("⚠️ ") and expected in answer.text, text
        assert _entries(h) == []

    play(harness, scenario)


def test_log_from_an_unlinked_account_asks_to_link_first(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        [answer] = await h.say(STRANGER_TG, "/log 25m anime")
        assert "not linked yet" in answer.text

    play(harness, scenario)


def test_edit_minutes_date_title_and_activity(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        [answer] = await h.say(ALICE_TG, "/log 25m anime Frieren")
        for field, value, expected in (
            ("Minutes", "1h05", "anime — Frieren · 1h 05m · 12 Jan"),
            ("Date", "-2d", "anime — Frieren · 1h 05m · 10 Jan"),
            ("Title", "Frieren S2", "anime — Frieren S2 · 1h 05m"),
            ("Activity", "manga", "📖 manga — Frieren S2"),
        ):
            menu = await _press(h, answer, "Edit")
            assert [b["text"] for b in menu.buttons()][:4] == [
                "⏱ Minutes", "📅 Date", "🏷 Title", "🎯 Activity"]
            question = await _press(h, menu, field)
            assert question.text.startswith("Editing ")
            [done] = await h.say(ALICE_TG, value)
            assert done.text.startswith("✏️ Now ") and expected in done.text, field
        assert _entries(h) == [("manga", 65, "Frieren S2")]

    play(harness, scenario)


def test_a_refused_edit_leaves_the_entry_as_it_was(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        [answer] = await h.say(ALICE_TG, "/log 25m anime")
        for field, value, expected in (
            ("Date", "tomorrow", "Tomorrow is in the future"),
            ("Date", "someday", "I can't read the date"),
            ("Date", "2099-01-01", "in the future"),
            ("Minutes", "soon", "for example 25m or 1h30"),
            ("Minutes", "0m", "for example 25m or 1h30"),
            ("Activity", "knitting", "I don't know the activity 'knitting'"),
        ):
            question = await _press(h, await _press(h, answer, "Edit"), field)
            assert question.method == "editMessageText"
            [refused] = await h.say(ALICE_TG, value)
            assert refused.text.startswith("⚠️ ") and expected in refused.text, value
            assert "activity:" not in refused.text  # a sentence, not a field name
        assert _entries(h) == [("anime", 25, "")]
        # Cancel ends the waiting edit: the next text is a message again.
        await _press(h, question, "Cancel")
        [hint] = await h.say(ALICE_TG, "hello")
        assert "/log 25m anime Frieren" in hint.text

    play(harness, scenario)


def test_an_episode_offers_only_the_date_and_a_long_id_still_fits(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        folder = "Sousou no Frieren (2023) [BD 1080p] " + "x" * 40
        h.service.sync_episodes("alice", [EpisodeRef(folder, "Frieren - 01")])
        [listing] = await h.say(ALICE_TG, "/history")
        menu = await _press(h, listing, "✏️ 1")
        assert [b["text"] for b in menu.buttons()] == ["📅 Date", "Cancel"]
        await _press(h, menu, "Date")
        [done] = await h.say(ALICE_TG, "yesterday")
        assert "· 11 Jan" in done.text

    play(harness, scenario)


def test_speed_shows_and_sets_reading_speeds(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        [shown] = await h.say(ALICE_TG, "/speed")
        assert "• manga: 1 page/min" in shown.text
        assert "• visual novel: 250 characters/min" in shown.text
        [changed] = await h.say(ALICE_TG, "/speed vn 300")
        assert "• visual novel: 300 characters/min" in changed.text
        [logged] = await h.say(ALICE_TG, "/log 12000c vn")
        assert "Logged <b>40 min</b> of visual novel" in logged.text
        for text, expected in (("/speed anime 3", "Speeds are for book"),
                               ("/speed manga", "for example /speed manga 2"),
                               ("/speed manga -1", "must be above 0")):
            [refused] = await h.say(ALICE_TG, text)
            assert refused.text.startswith("⚠️ ") and expected in refused.text, text

    play(harness, scenario)


def test_a_log_reply_shows_the_streak_and_a_goal_met_once(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        await h.say(ALICE_TG, "/goal 60m daily")
        [first] = await h.say(ALICE_TG, "/log 40m manga")
        assert "40 / 60 min today" in first.text  # no streak until a day reaches the goal
        assert "goal met" not in first.text
        [second] = await h.say(ALICE_TG, "/log 25m anime")
        assert "🔥 1 day · 65 / 60 min today" in second.text
        assert "Daily goal met 🎉" in second.text
        [third] = await h.say(ALICE_TG, "/log 5m podcast")
        assert "goal met" not in third.text

    play(harness, scenario)
