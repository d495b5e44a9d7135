"""/undo over every kind of log, newest first; an edit that waits through a bad answer."""

from __future__ import annotations

from tests.fakes.sent_requests import SentRequest
from tests.unit.bot.conftest import ALICE_TG, Harness
from tests.unit.bot.scenario import play

MIKU = "4qjerzMw8jfD30VOG0tjpK"
SHOW = "https://open.spotify.com/show/6Nl8RDfPxsk4h4bfWe76Kg"


def _button(sent: SentRequest, label: str) -> str:
    return str(next(b["callback_data"] for b in sent.buttons() if label in b["text"]))


async def _press(h: Harness, sent: SentRequest, label: str) -> SentRequest:
    answers = await h.press(ALICE_TG, sent, _button(sent, label))
    return [s for s in answers if s.method != "answerCallbackQuery"][-1]


def _titles(h: Harness) -> list[str]:
    return [e.title or e.activity for e in h.service.logbook.history("alice").entries]


async def _undo(h: Harness) -> str:
    """/undo, then Yes: what was removed (or the answer when nothing is left)."""
    [ask] = await h.say(ALICE_TG, "/undo")
    if not ask.buttons():
        return ask.text
    removed = await _press(h, ask, "Yes, remove it")
    return removed.text


def test_undo_takes_back_every_kind_of_log_newest_first(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        await h.say(ALICE_TG, f"spotify:episode:{MIKU}")  # a shared link
        h.clock.advance(minutes=1)
        [offer] = await h.say(ALICE_TG, SHOW)  # a whole show: the one episode not logged
        await _press(h, offer, "Up to 日本の夏")
        for title in ("One", "Two", "Three"):
            h.clock.advance(minutes=1)
            await h.say(ALICE_TG, f"/log 10m anime {title}")
        h.clock.advance(minutes=1)
        [ask] = await h.say(ALICE_TG, "watched 2 episodes of Frieren")  # a confirmed plain log
        await h.press(ALICE_TG, ask, _button(ask, "2ep anime"))
        h.clock.advance(minutes=1)
        [four] = await h.say(ALICE_TG, "/log 10m anime Four")
        await _press(h, four, "Undo")  # its own button: /undo passes it over
        assert _titles(h)[:4] == ["Frieren", "Three", "Two", "One"]
        removed = [await _undo(h) for _ in range(6)]
        assert [text.removeprefix("Removed ") for text in removed[:4]] == [
            "<b>Frieren</b>.", "<b>Three</b>.", "<b>Two</b>.", "<b>One</b>."]
        assert "日本の夏" in removed[4]  # the whole show's episode, then the shared link
        assert removed[5].startswith("Removed ")
        assert _titles(h) == []
        assert await _undo(h) == "Nothing to undo."
        await h.say(ALICE_TG, "/log 25m visual_novel")
        [ask] = await h.say(ALICE_TG, "/undo")
        assert ask.text == "Remove <b>visual novel, 25 min</b>?"  # never the entry's id

    play(harness, scenario)


def test_a_bad_edit_answer_is_answered_and_the_edit_keeps_waiting(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        [answer] = await h.say(ALICE_TG, "/log 25m anime Frieren")
        question = await _press(h, await _press(h, answer, "Edit"), "Minutes")
        assert [b["text"] for b in question.buttons()] == ["Cancel"]
        [refused] = await h.say(ALICE_TG, "abc")
        assert refused.text.startswith("⚠️ Send how long it was, for example 25m or 1h30.")
        [done] = await h.say(ALICE_TG, "24m")
        assert done.text.startswith("✏️ Now ") and "24 min" in done.text
        assert [e.minutes for e in h.service.logbook.history("alice").entries] == [24]

    play(harness, scenario)


def test_a_site_offer_waits_through_a_bad_duration(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        [article] = await h.say(ALICE_TG, "https://example.org/news/1")
        await _press(h, article, "Other…")
        for bad in ("abc", "0"):
            [refused] = await h.say(ALICE_TG, bad)
            assert refused.text == "⚠️ Send how long it was, for example 25m or 1h30.", bad
        [logged] = await h.say(ALICE_TG, "20m")
        assert "Logged <b>20 min</b> of other — example.org" in logged.text

    play(harness, scenario)
