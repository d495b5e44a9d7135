"""/progress with its chart, /shows, /setshow and its keyboards, /timezone, /digest."""

from __future__ import annotations

import logging

import pytest

from handlers.service.catalog.sync_episodes import EpisodeRef
from handlers.service.notify.digest_schedule import subscription
from storage.models import user_pk
from tests.unit.bot.conftest import ALICE_TG, Harness
from tests.unit.bot.scenario import play

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _show(h: Harness, folder: str) -> None:
    h.service.repo.put(
        {
            "pk": user_pk("alice"),
            "sk": f"SHOW#{folder}",
            "user": "alice",
            "folder_name": folder,
            "version": 1,
        }
    )


def test_progress_sends_a_png_with_the_statistics(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        await h.say(ALICE_TG, "https://youtu.be/9bZkp7q19f0")
        [photo] = await h.say(ALICE_TG, "/progress")
        assert photo.method == "sendPhoto"
        assert photo.files["photo"].startswith(PNG_SIGNATURE)
        assert "Today: 4 min" in photo.text
        assert "▶️ 1 video\n" in photo.text and "🎧" not in photo.text  # kinds never used hide
        assert "• officialpsy (video) 4 min" in photo.text
        assert "Streak: 1 day (longest 1)" in photo.text  # not "1 days"

    play(harness, scenario)


def test_progress_for_a_period_ranks_by_minutes_and_names_bare_folders(
        harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        await h.say(ALICE_TG, "https://youtu.be/9bZkp7q19f0")
        h.service.sync_episodes("alice", [EpisodeRef("my & show", "e1"),
                                          EpisodeRef("my & show", "e2")])
        await h.say(ALICE_TG, "/log 1h podcast Miku yesterday")
        [today] = await h.say(ALICE_TG, "/progress today")
        assert today.text.splitlines()[:4] == [
            "<b>Your immersion — today</b>", "Total: <b>44 min</b>",
            "📺 watching: 44 min", "<b>Top by time</b>"]
        assert today.text.splitlines()[4:] == [
            "• my &amp; show (tv) 40 min", "• officialpsy (video) 4 min"]
        [week] = await h.say(ALICE_TG, "/progress WEEK")
        assert "🎧 listening: 1h 00m" in week.text
        assert week.text.splitlines()[-3] == "• Miku (podcast) 1h 00m"
        [refused] = await h.say(ALICE_TG, "/progress fortnight")
        assert refused.text == "⚠️ Use /progress, or /progress today, week, month, year or all."

    play(harness, scenario)


def test_progress_all_and_the_top_titles_reach_back_past_ten_years(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        # Sixteen years ago: past the longest period a client may ask GET /stats for.
        await h.say(ALICE_TG, "/log 1h podcast Old 2010-05-01")
        await h.say(ALICE_TG, "/log 30m anime New")
        assert h.service.progress("alice")["total_minutes"] == 90
        [photo] = await h.say(ALICE_TG, "/progress")
        assert "• Old (podcast) 1h 00m\n• New (anime) 30 min" in photo.text
        [everything] = await h.say(ALICE_TG, "/progress all")
        assert everything.text.splitlines()[:4] == [
            "<b>Your immersion — all time</b>", "Total: <b>1h 30m</b>",
            "📺 watching: 30 min", "🎧 listening: 1h 00m"]
        assert "• Old (podcast) 1h 00m" in everything.text

    play(harness, scenario)


def test_shows_marks_missing_metadata_and_escapes(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        _show(h, "Tom & <Jerry>")
        [answer] = await h.say(ALICE_TG, "/shows")
        assert "⚠️ Tom &amp; &lt;Jerry&gt; — no TVDB metadata" in answer.text

    play(harness, scenario)


def test_setshow_applies_to_the_only_pending_show(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        _show(h, "haikyu s1")
        [answer] = await h.say(ALICE_TG, "/setshow 270065")
        assert "ハイキュー!!" in answer.text
        [listing] = await h.say(ALICE_TG, "/shows")
        assert "✅ haikyu s1 — ハイキュー!!" in listing.text

    play(harness, scenario)


def test_setshow_search_then_pick_the_folder(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        _show(h, "haikyu s1")
        _show(h, "free s2")
        [matches] = await h.say(ALICE_TG, "/setshow haikyu")
        assert [b["callback_data"] for b in matches.buttons()] == ["sp:270065"]
        [which] = [s for s in await h.press(ALICE_TG, matches, "sp:270065") if s.buttons()]
        assert "Which show" in which.text
        pick = next(b for b in which.buttons() if b["text"] == "haikyu s1")
        sent = await h.press(ALICE_TG, which, pick["callback_data"])
        assert any(s.method == "editMessageText" and "ハイキュー!!" in s.text for s in sent)
        stored = h.service.repo.get(user_pk("alice"), "SHOW#haikyu s1")
        assert stored is not None
        assert stored["tvdb_id"] == 270065

    play(harness, scenario)


def test_setshow_with_folder_and_errors_as_one_sentence(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        _show(h, "free s2")
        [done] = await h.say(ALICE_TG, "/setshow free s2 278157")
        assert "Free!" in done.text
        [missing] = await h.say(ALICE_TG, "/setshow nosuch 278157")
        assert missing.text.startswith("⚠️ ")
        assert "Traceback" not in missing.text

    play(harness, scenario)


def test_setshow_checks_the_id_before_asking_which_show(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        _show(h, "haikyu s1")
        _show(h, "free s2")
        [refused] = await h.say(ALICE_TG, "/setshow 999999")
        assert refused.text == "⚠️ TVDB has no series with id 999999."
        assert refused.buttons() == []
        [which] = await h.say(ALICE_TG, "/setshow 270065")
        assert which.text.startswith("Which show is <b>ハイキュー!!</b>")

    play(harness, scenario)


def test_timezone_is_validated_with_a_hint(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        [bad] = await h.say(ALICE_TG, "/timezone Tokyo")
        assert "Asia/Tokyo" in bad.text
        [good] = await h.say(ALICE_TG, "/timezone Asia/Tokyo")
        assert "Asia/Tokyo" in good.text
        assert "18:30" in good.text  # 09:30 UTC
        assert h.service.timezone("alice").key == "Asia/Tokyo"

    play(harness, scenario)


def test_digest_settings(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        [on] = await h.say(ALICE_TG, "/digest on")
        assert "Mondays at 09:00" in on.text
        [moved] = await h.say(ALICE_TG, "/digest fri 18:30")
        assert "Fridays at 18:30" in moved.text
        [bad] = await h.say(ALICE_TG, "/digest fri 25:00")
        assert "HH:MM" in bad.text
        [off] = await h.say(ALICE_TG, "/digest off")
        assert "off" in off.text
        current = subscription(h.service.repo, "alice")
        assert current is not None
        assert not current.enabled

    play(harness, scenario)


def test_the_bot_token_never_reaches_a_log(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)

    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        await h.say(ALICE_TG, "https://youtu.be/9bZkp7q19f0")
        await h.say(ALICE_TG, "/progress")

    play(harness, scenario)
    assert caplog.records, "the scenario should have logged something at DEBUG"
    token = harness.telegram.token
    assert not [r for r in caplog.records if token in r.getMessage()]
