"""The shared /log grammar table (tests/log_grammar.py) through the Telegram bot."""

from __future__ import annotations

import re

import pytest

from tests.log_grammar import LOGGED, Logged
from tests.unit.bot.conftest import ALICE_TG, Harness
from tests.unit.bot.scenario import play


@pytest.mark.parametrize("case", LOGGED, ids=[c.text for c in LOGGED])
def test_the_shared_log_grammar_logs_through_telegram(harness: Harness, case: Logged) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        [answer] = await h.say(ALICE_TG, f"/log {case.text}")
        assert case.says in re.sub(r"</?b>", "", answer.text)
        [entry] = h.service.logbook.history("alice", limit=5).entries
        assert (entry.activity, entry.minutes, entry.title or "") == (
            case.activity, case.minutes, case.title)

    play(harness, scenario)
