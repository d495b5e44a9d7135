"""The bot's capture commands: /language, /connect, /connections, /capture."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from bot.capture_notice_sender import send_notices
from handlers.service.capture.notices import notice_item
from tests.unit.bot.conftest import ALICE_TG, Harness
from tests.unit.bot.scenario import play
from tests.unit.capture.capture_harness import recorded


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


def _reader(raw: bytes) -> Callable[[], bytes]:
    return lambda: raw


def test_connect_gives_the_url_the_steps_and_jellyfins_template(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        [answer] = await h.say(ALICE_TG, "/connect jellyfin")
        assert "/capture/jellyfin?token=itk_" in answer.text
        assert "{{{NotificationUsername}}}" in answer.text and "Playback Progress" in answer.text
        assert [i.source for i in h.service.capture.connections("alice")] == ["jellyfin"]
        [mpv] = await h.say(ALICE_TG, "/connect mpv")
        assert "/capture/generic?token=itk_" in mpv.text and "--input-ipc-server" in mpv.text
        [bad] = await h.say(ALICE_TG, "/connect winamp")
        assert "jellyfin, plex, emby or mpv" in bad.text

    play(harness, scenario)


def test_connections_lists_and_revokes(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        await h.say(ALICE_TG, "/connect plex")
        [listed] = await h.say(ALICE_TG, "/connections")
        assert "plex (Telegram) (plex): 0 sessions" in listed.text
        [integration] = h.service.capture.connections("alice")
        await h.press(ALICE_TG, listed, f"cx:{integration.id}")
        assert h.service.capture.connections("alice") == []
        [empty] = await h.say(ALICE_TG, "/connections")
        assert "No player is connected" in empty.text

    play(harness, scenario)


def test_capture_shows_what_plays_and_counts_an_ignored_session(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        capture = h.service.capture
        capture.set_languages("alice", ["ja"])
        _, token = capture.connect("alice", "mpv", "generic")
        at = int(h.clock.now.timestamp())
        for session, language in (("a", "ja"), ("b", "en")):
            for event, position, ago in (("start", 0, 600), ("progress", 300, 300)):
                body = {"session_id": session, "event": event, "position_seconds": position,
                        "at": at - ago, "kind": "movie", "title": f"Film {session}",
                        "audio_language": language}
                capture.capture(token, "generic", _reader(json.dumps(body).encode()))
        [shown] = await h.say(ALICE_TG, "/capture")
        assert "▶️ Film a (player): 5 min" in shown.text
        assert "Film b: 5 min — Audio en" in shown.text
        ignored = next(s for s in capture.captures("alice") if s.state == "ignored")
        await h.press(ALICE_TG, shown, f"ca:{ignored.id}")
        assert {s.title: s.state for s in capture.captures("alice")} == {
            "Film a": "open", "Film b": "open"}

    play(harness, scenario)


def test_an_opted_in_user_hears_of_a_closed_session_and_can_undo_it(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        capture = h.service.capture
        _, token = capture.connect("alice", "home", "jellyfin")
        [asked] = await h.say(ALICE_TG, "/capture notify on")
        assert "I'll tell you" in asked.text
        # Stopped at 20 min of 24 (83 %): a partial session, its minutes logged.
        _play(capture, token, h.clock.now.timestamp(), 12000000000)
        before = len(h.telegram.sent())
        assert await send_notices(h.app.bot, h.service) == 1
        [notice] = h.telegram.sent()[before:]
        assert notice.text == "📺 Logged 20 min of <b>葬送のフリーレン S1E3</b> from Jellyfin"
        assert await send_notices(h.app.bot, h.service) == 0  # once
        [entry] = h.service.logbook.history("alice").entries
        assert (entry.kind, entry.minutes) == ("log", 20)
        answered = await h.press(ALICE_TG, notice, notice.buttons()[0]["callback_data"])
        assert any("Removed" in sent.text for sent in answered)
        assert h.service.logbook.history("alice").entries == []

    play(harness, scenario)


def test_a_session_become_the_episode_is_told_as_watched_and_undone_alone(
        harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        await h.say(ALICE_TG, "/log 10m podcast Rebuild")
        capture = h.service.capture
        _, token = capture.connect("alice", "home", "jellyfin")
        await h.say(ALICE_TG, "/capture notify on")
        _play(capture, token, h.clock.now.timestamp(), 14400000000)
        before = len(h.telegram.sent())
        assert await send_notices(h.app.bot, h.service) == 1
        [notice] = h.telegram.sent()[before:]
        # Played to the end: the entry is the episode, weighed by its show's runtime (TVDB's
        # 25 min, not the 24 played), and the notice says so.
        assert notice.text == (
            "📺 Watched <b>葬送のフリーレン S1E3</b> (25 min) from Jellyfin")
        episode = next(e for e in h.service.logbook.history("alice").entries
                       if e.kind == "episode")
        assert episode.minutes == 25
        answered = await h.press(ALICE_TG, notice, notice.buttons()[0]["callback_data"])
        assert any("Removed" in sent.text for sent in answered)
        # Exactly that entry went: the episode, with its count; the podcast stays.
        [left] = h.service.logbook.history("alice").entries
        assert (left.kind, left.title) == ("log", "Rebuild")
        assert h.service.progress("alice")["total_episodes_watched"] == 0

    play(harness, scenario)


def _play(capture: Any, token: str, at: float, stop_ticks: int) -> None:
    """A Jellyfin playback of the recorded episode, started 25 min ago, stopped 1 min ago
    at ``stop_ticks``."""
    for name, ago, ticks in (("PlaybackStart", 1500, 0), ("PlaybackStop", 60, stop_ticks)):
        body = {**recorded("jellyfin_playback_start"), "NotificationType": name,
                "UtcTimestamp": _iso(at - ago), "PlaybackPositionTicks": str(ticks)}
        capture.capture(token, "jellyfin", _reader(json.dumps(body).encode()))


def test_without_opting_in_no_notice_is_queued(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        capture = h.service.capture
        _, token = capture.connect("alice", "mpv", "generic")
        at = int(h.clock.now.timestamp())
        for event, position, ago in (("start", 0, 600), ("stop", 300, 300)):
            body = {"session_id": "s", "event": event, "position_seconds": position,
                    "at": at - ago, "kind": "movie", "title": "Film"}
            capture.capture(token, "generic", _reader(json.dumps(body).encode()))
        assert capture.pending_notices() == []

    play(harness, scenario)


def _iso(epoch: float) -> str:
    from datetime import UTC, datetime

    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%S.0000000Z")


def test_a_full_page_of_failing_notices_does_not_hold_back_the_next(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        now = h.clock.now.timestamp()
        for n in range(3):
            h.service.repo.put(notice_item("alice",
                                           {"session_id": f"s{n}", "kind": "movie",
                                            "title": f"Film {n}", "player": "mpv"},
                                           600, now + n))
        h.telegram.fail_next("sendMessage", 500, count=2)
        # The oldest page (of two) fails; the notice after it still goes in the same run.
        assert await send_notices(h.app.bot, h.service, page_size=2) == 1
        [sent] = h.telegram.sent("sendMessage")
        assert "Film 2" in sent.text
        assert await send_notices(h.app.bot, h.service, page_size=2) == 2
        assert h.service.capture.pending_notices() == []

    play(harness, scenario)
