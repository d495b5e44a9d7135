"""/review: the year's card as a photo with its figures, and a clear word for a bad year."""

from __future__ import annotations

import struct

from tests.unit.bot.conftest import ALICE_TG, Harness
from tests.unit.bot.scenario import play

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_review_sends_the_years_card_with_its_figures(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        await h.say(ALICE_TG, "/log 1h30 anime Frieren")
        year = h.service.clock().year
        [photo] = await h.say(ALICE_TG, "/review")
        assert photo.method == "sendPhoto"
        card = photo.files["photo"]
        assert card.startswith(PNG_SIGNATURE)
        assert struct.unpack(">II", card[16:24]) == (1200, 630)
        assert f"Your {year} in immersion" in photo.text
        assert "Total: <b>1h 30m</b> on 1 day\n" in photo.text
        assert "Longest streak: 1 day\n" in photo.text
        [empty] = await h.say(ALICE_TG, f"/review {year - 3}")
        assert empty.method == "sendPhoto" and "nothing logged yet" in empty.text
        [bad] = await h.say(ALICE_TG, "/review last")
        assert bad.method == "sendMessage" and "/review 2025" in bad.text

    play(harness, scenario)
