"""Every /log text gets a specific answer; natural phrasing, the future, plain-text offers."""

from __future__ import annotations

import asyncio

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.unit.bot.conftest import ALICE_TG, Harness
from tests.unit.bot.scenario import play

GENERIC = "Sorry, something went wrong"
_WORDS = (
    "0m", "0ep", "0p", "0c", "0", "00:00", "0,0h", "0.0ep", "0k chars", "25m", "1h30", "2ep",
    "40p", "12000c", "24:00", "99:99", "1.5", "9" * 40 + "m", "9" * 400 + "c", "1e5m", "25h",
    "99999ep", "anime", "manga", "vn", "book", "podcast", "of", "minutes", "episodes", "of",
    "tomorrow", "yesterday", "today", "-2d", "-999d", "0001-01-01", "9999-12-31",
    "2026-02-30", "1969-12-31", "Frieren", "<b>", "&amp;", "x" * 210,
)
_TEXT = st.lists(
    st.one_of(st.sampled_from(_WORDS),
              st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Z")),
                      min_size=1, max_size=6)),
    max_size=6,
).map(" ".join)


def test_random_log_text_always_gets_a_specific_answer(harness: Harness) -> None:
    loop = asyncio.new_event_loop()
    loop.run_until_complete(harness.app.initialize())
    harness.link(ALICE_TG, "alice")

    @settings(max_examples=150, deadline=None, derandomize=True)
    @given(_TEXT)
    def answered(text: str) -> None:
        sent = loop.run_until_complete(harness.say(ALICE_TG, f"/log {text}"))
        assert sent, text
        assert all(GENERIC not in s.text for s in sent), text
        assert all("input should" not in s.text.lower() for s in sent), text

    try:
        answered()
    finally:
        loop.run_until_complete(harness.app.shutdown())
        loop.close()


@pytest.mark.parametrize(("text", "expected"), [
    ("/log 0m anime", "⚠️ 0m is nothing to log; for example /log 25m anime Frieren."),
    ("/log 0ep anime", "⚠️ 0ep is nothing to log; for example /log 2ep anime Frieren."),
    ("/log 0p manga", "⚠️ 0p is nothing to log; for example /log 40p manga."),
    ("/log 25m anime tomorrow", "⚠️ Tomorrow is in the future; log what you already did."),
    ("/log 25h anime", "⚠️ One entry covers at most 24 hours."),
])
def test_a_log_of_nothing_the_future_or_too_much_is_one_sentence(
        harness: Harness, text: str, expected: str) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        [answer] = await h.say(ALICE_TG, text)
        assert answer.text == expected
        assert h.service.logbook.history("alice").entries == []

    play(harness, scenario)


def test_natural_phrasing_logs(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        [answer] = await h.say(ALICE_TG, "/log 45 minutes of reading NHK Easy")
        assert "Logged <b>45 min</b> of reading — NHK Easy" in answer.text
        [episodes] = await h.say(ALICE_TG, "/log 2 episodes of anime Frieren")
        assert "Logged <b>48 min</b> of anime — Frieren" in episodes.text

    play(harness, scenario)


def test_plain_sentences_with_of_are_offered(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        [watched] = await h.say(ALICE_TG, "watched 2 episodes of Frieren")
        assert [b["callback_data"] for b in watched.buttons()] == [
            "xl:2ep anime Frieren", "xl:2ep video Frieren", "xl:2ep tv Frieren", "xl"]
        [read] = await h.say(ALICE_TG, "I read 5000 characters of Summer Pockets")
        assert [b["callback_data"] for b in read.buttons()] == [
            "xl:5000c visual_novel Summer Pockets", "xl:5000c reading Summer Pockets",
            "xl:5000c manga Summer Pockets", "xl"]
        sent = await h.press(ALICE_TG, read, "xl:5000c visual_novel Summer Pockets")
        assert "Logged <b>20 min</b> of visual novel — Summer Pockets" in sent[-1].text

    play(harness, scenario)


@pytest.mark.parametrize(("said", "expected"), [
    ("0m", "⚠️ 0 minutes is nothing to log; for example 20m before the link."),
    ("tomorrow", "⚠️ Tomorrow is in the future; log what you already did."),
])
def test_a_link_watched_for_nothing_or_tomorrow_is_one_sentence(
        harness: Harness, said: str, expected: str) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        [answer] = await h.say(ALICE_TG, f"{said} https://youtu.be/9bZkp7q19f0")
        assert answer.text == expected
        assert h.service.logbook.history("alice").entries == []

    play(harness, scenario)
