"""Replies fit in one Telegram message however long the message they answer (4,096
characters): refusals quote the input short, many links are listed in part and can all
be undone."""

from __future__ import annotations

import html
import re

import pytest

from storage.models import user_pk
from tests.unit.bot.conftest import ALICE_TG, Harness
from tests.unit.bot.scenario import play

LONGEST = 4096
"""The longest text Telegram delivers, and the longest it sends."""
WORD = "A" * 4000


def _visible(text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def _videos(h: Harness) -> int:
    return sum(item["sk"].startswith("YOUTUBEVIDEO#")
               for item in h.service.repo.query_prefix(user_pk("alice")))


def test_a_long_time_zone_is_quoted_short(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        message = "/timezone " + "A" * 4086
        assert len(message) == LONGEST
        [answer] = await h.say(ALICE_TG, message)
        assert answer.method == "sendMessage"
        assert "is not a known time zone" in answer.text
        assert "AAAA…" in answer.text
        assert len(_visible(answer.text)) < 300

    play(harness, scenario)


@pytest.mark.parametrize("command", [
    f"/digest {WORD} 09:00",
    f"/digest monday {WORD}",
    f"/goal 60m daily {WORD}",
    f"/leaderboard {WORD}",
    f"/setshow {WORD}",
    f"/capture {WORD}",
])
def test_refusals_quote_long_input_short(harness: Harness, command: str) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        answers = await h.say(ALICE_TG, command)
        assert answers, "every command is answered"
        for answer in answers:
            assert "went wrong" not in answer.text
            assert len(_visible(answer.text)) < 400, _visible(answer.text)[:200]

    play(harness, scenario)


def test_many_links_are_listed_in_part_and_all_can_be_undone(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        text = "\n".join(f"https://youtu.be/fake{n:07d}" for n in range(120))
        [answer] = await h.say(ALICE_TG, text)
        assert _videos(h) == 120
        shown = _visible(answer.text)
        assert len(shown) <= LONGEST
        assert "fake0000000" in shown and "fake0000119" not in shown
        assert "… and 100 more" in shown
        labels = [b["text"] for b in answer.buttons()]
        assert labels[-1] == "↩️ Undo all 120"
        undo_all = answer.buttons()[-1]["callback_data"]
        [first_undo] = [b["callback_data"] for b in answer.buttons()][:1]
        await h.press(ALICE_TG, answer, first_undo)
        assert _videos(h) == 119
        answers = await h.press(ALICE_TG, answer, undo_all)
        assert _videos(h) == 0
        assert any(s.method == "answerCallbackQuery" and "Removed 119" in str(s.params)
                   for s in answers)

    play(harness, scenario)
