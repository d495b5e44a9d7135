"""Wording of the account and statistics replies: time zones, /start, totals, link replies."""

from __future__ import annotations

from tests.unit.bot.conftest import ALICE_TG, Harness
from tests.unit.bot.scenario import play

PSY = "9bZkp7q19f0"


def test_a_time_zone_is_found_whatever_its_case(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        [shown] = await h.say(ALICE_TG, "/timezone")
        assert "/timezone Europe/Berlin" in shown.text
        [answer] = await h.say(ALICE_TG, "/timezone asia/tokyo")
        assert answer.text.startswith("Time zone set to <b>Asia/Tokyo</b>")
        [utc] = await h.say(ALICE_TG, "/timezone utc")
        assert utc.text.startswith("Time zone set to <b>UTC</b>")
        assert h.service.settings_of("alice")["timezone"] == "UTC"

    play(harness, scenario)


def test_start_names_the_time_zone_and_how_to_change_it(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        [answer] = await h.say(ALICE_TG, "/start")
        assert ("Your time zone is <b>Pacific/Auckland</b>. If that is not where you are, "
                "send <code>/timezone Europe/Berlin</code> with yours.") in answer.text

    play(harness, scenario)


def test_progress_total_is_never_rounded_below_the_last_seven_days(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        for text in ("/log 3h anime", "/log 3h podcast", "/log 45m manga"):
            await h.say(ALICE_TG, text)
        [photo] = await h.say(ALICE_TG, "/progress")
        assert "Total: <b>6h 45m</b>" in photo.text
        assert "Last 7 days: 6h 45m" in photo.text

    play(harness, scenario)


def test_a_link_reply_has_edit_beside_undo(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        [answer] = await h.say(ALICE_TG, f"https://youtu.be/{PSY}")
        assert [b["text"] for b in answer.buttons()] == ["↩️ Undo", "✏️ Edit"]
        edit = answer.buttons()[1]["callback_data"]
        sent = await h.press(ALICE_TG, answer, edit)
        menu = sent[-1]
        assert menu.text.startswith("Edit ▶️")
        assert [b["text"] for b in menu.buttons()] == ["⏱ Minutes", "📅 Date", "Cancel"]

    play(harness, scenario)
