"""The bot's capture commands: /language."""

from __future__ import annotations

from tests.unit.bot.conftest import ALICE_TG, Harness
from tests.unit.bot.scenario import play


def test_bot_language_shows_sets_and_refuses(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        [shown] = await h.say(ALICE_TG, "/language")
        assert "every language" in shown.text
        [done] = await h.say(ALICE_TG, "/language 日本語 zh")
        assert "ja, zh" in done.text
        assert h.service.capture.languages("alice") == ["ja", "zh"]
        [bad] = await h.say(ALICE_TG, "/language dothraki")
        assert "dothraki" in bad.text
        [every] = await h.say(ALICE_TG, "/language all")
        assert "every language" in every.text and h.service.capture.languages("alice") == []

    play(harness, scenario)
