"""Links with a watched part, live streams asked "How long?", other sites offered as logs."""

from __future__ import annotations

from datetime import date

import httpx
import pytest

from handlers.service.core.calendar import local_noon
from handlers.service.core.errors import InvalidInput
from handlers.service.logbook.writes import EntryChanges
from tests.fakes.providers import ProviderFake
from tests.fakes.sent_requests import SentRequest
from tests.unit.bot.conftest import ALICE_TG, Harness
from tests.unit.bot.scenario import play

PSY = "9bZkp7q19f0"
LIVE = "liveStream1"
MIKU = "4qjerzMw8jfD30VOG0tjpK"


def _entries(h: Harness) -> list[tuple[str, str, float, int]]:
    return [(e.kind, e.activity, e.minutes, e.at)
            for e in h.service.logbook.history("alice").entries]


def _data(sent: SentRequest, label: str) -> str:
    data = next(b["callback_data"] for b in sent.buttons() if b["text"] == label)
    assert len(data.encode()) <= 64
    return str(data)


async def _press(h: Harness, sent: SentRequest, label: str) -> SentRequest:
    answers = await h.deliver(h.telegram.press_update(ALICE_TG, sent, _data(sent, label)))
    return answers[-1]


def _live(providers: ProviderFake) -> None:
    providers.youtube.videos[LIVE] = {
        "kind": "youtube#video", "id": LIVE, "contentDetails": {},
        "snippet": {"title": "Live <now>", "channelId": "UClive", "channelTitle": "Live"}}


def test_minutes_before_a_link_log_that_part(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        [answer] = await h.say(ALICE_TG, f"2m https://youtu.be/{PSY}")
        assert "Logged <b>2 min</b> of 4m 12s" in answer.text
        assert "Today: <b>2 min</b>" in answer.text
        assert _entries(h) == [("youtube", "video", 2, int(h.clock.now.timestamp()))]
        undone = await _press(h, answer, "↩️ Undo")
        assert undone.text.startswith("🗑 Removed")
        assert _entries(h) == []

    play(harness, scenario)


def test_more_minutes_than_the_video_lasts_log_the_whole_video(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        [answer] = await h.say(ALICE_TG, f"20m https://youtu.be/{PSY}")
        assert "Logged <b>4m 12s</b>" in answer.text and " of 4m 12s" not in answer.text
        assert [e[2] for e in _entries(h)] == [4.2]
        # The API refuses such a part outright, and the entry stays as it was.
        entry = h.service.logbook.history("alice").entries[0]
        with pytest.raises(InvalidInput, match=r"the video lasts 4\.2 min"):
            h.service.logbook.edit("alice", entry.id, EntryChanges(minutes=5))
        assert [e[2] for e in _entries(h)] == [4.2]

    play(harness, scenario)


def test_t_means_watched_up_to_there_and_a_day_word_backdates(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        [answer] = await h.say(ALICE_TG, f"yesterday https://youtu.be/{PSY}?si=a&t=1m30s")
        assert "Logged <b>1m 30s</b> of 4m 12s" in answer.text
        assert "📅 11 Jan" in answer.text
        [(kind, _, minutes, at)] = _entries(h)
        assert (kind, minutes) == ("youtube", 1.5)
        noon = local_noon(date(2026, 1, 11), h.service.timezone("alice"))
        assert at == int(noon.timestamp())

    play(harness, scenario)


def test_a_live_stream_asks_how_long(harness: Harness, providers: ProviderFake) -> None:
    async def scenario(h: Harness) -> None:
        _live(providers)
        h.link(ALICE_TG, "alice")
        answers = await h.say(ALICE_TG, f"https://youtu.be/{LIVE}")
        ask = answers[-1]
        assert ask.text == "How long did you watch <b>Live &lt;now&gt;</b>? (minutes)"
        assert [b["text"] for b in ask.buttons()] == ["10", "20", "30", "45", "60", "Other…"]
        done = await _press(h, ask, "30")
        assert done.text.startswith("✅ Logged ▶️ video — Live &lt;now&gt; · 30 min")
        assert [e[2] for e in _entries(h)] == [30]
        other = await _press(h, done, "✏️ Edit")
        await _press(h, other, "⏱ Minutes")
        [edited] = await h.say(ALICE_TG, "1h10")
        assert "· 1h 10m" in edited.text

    play(harness, scenario)


def test_a_partial_spotify_episode_and_a_bad_day(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        [refused] = await h.say(ALICE_TG, f"2099-01-01 spotify:episode:{MIKU}")
        assert refused.text.startswith("⚠️ 2099-01-01 is in the future")
        assert _entries(h) == []
        [answer] = await h.say(ALICE_TG, f"5m spotify:episode:{MIKU}")
        assert "Logged <b>5 min</b> of 6m 28s" in answer.text
        assert [e[:3] for e in _entries(h)] == [("spotify", "podcast", 5)]

    play(harness, scenario)


def test_another_site_is_offered_with_its_activity_guessed(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        url = "https://www.crunchyroll.com/watch/GXXX/frieren-episode-1"
        [offer] = await h.say(ALICE_TG, f"yesterday {url}")
        assert offer.text.startswith("Log <b>crunchyroll.com</b> as anime?")
        assert _entries(h) == []
        sent = await h.deliver(h.telegram.press_update(ALICE_TG, offer,
                                                       _data(offer, "20")))
        assert "Logged <b>20 min</b> of anime — crunchyroll.com" in sent[-1].text
        assert "📅 11 Jan" in sent[-1].text
        [entry] = h.service.logbook.history("alice").entries
        assert entry.url == url and entry.minutes == 20
        [article] = await h.say(ALICE_TG, "https://example.org/news/1")
        asked = await _press(h, article, "Other…")
        assert asked.text == "How long was it? For example 25m or 1h30."
        [logged] = await h.say(ALICE_TG, "1h05")
        assert "Logged <b>1h 05m</b> of other — example.org" in logged.text

    play(harness, scenario)


def test_a_spotify_show_offers_all_or_up_to_an_episode(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        await h.say(ALICE_TG, f"spotify:episode:{MIKU}")
        [offer] = await h.say(ALICE_TG, "https://open.spotify.com/show/6Nl8RDfPxsk4h4bfWe76Kg")
        assert offer.text.splitlines()[1:] == [
            "2 episodes · 56m 43s · 1 already logged",
            "Log them all, or every episode up to one you pick:"]
        assert [b["text"] for b in offer.buttons()] == [
            "✅ Log all 2", "Up to 日本の夏", "Up to #1 自己紹介", "Cancel"]
        assert _entries(h) and len(_entries(h)) == 1
        cancelled = await _press(h, offer, "Cancel")
        assert cancelled.text == "Nothing logged."
        done = await _press(h, offer, "✅ Log all 2")
        assert done.text.startswith("✅ Logged 1 episode (50m 15s); 1 were logged already.")
        assert len(_entries(h)) == 2

    play(harness, scenario)


def test_a_youtube_playlist_offers_all_or_up_to_a_video(harness: Harness,
                                                       providers: ProviderFake) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        many = providers.add_youtube_videos(120)
        providers.youtube.playlists["PLbig000000001"] = many
        [offer] = await h.say(ALICE_TG, "https://www.youtube.com/playlist?list=PLbig000000001")
        assert offer.text.splitlines()[1] == "120 videos · 20h 00m · 0 already logged"
        assert [b["text"] for b in offer.buttons()][-2:] == ["Later ▶", "Cancel"]
        upto = await _press(h, offer, "Up to Video 2")
        assert upto.text.startswith("✅ Logged 3 videos (30m 00s); 0 were logged already.")
        # 120 items at 50 a page, listed for the summary and again to log; videos 50 a call.
        assert providers.calls.count("youtube.playlistItems") == 2 * 3
        assert providers.calls.count("youtube.videos") == 3 + 1

        [fixture] = await h.say(ALICE_TG, "youtube.com/playlist?list=PLfixture0000000001")
        assert fixture.text.splitlines()[1] == "2 videos · 7m 58s · 0 already logged"
        done = await _press(h, fixture, "✅ Log all 2")
        assert done.text.startswith("✅ Logged 2 videos (7m 58s)")
        assert len(_entries(h)) == 5

    play(harness, scenario)


def test_a_long_playlist_pages_through_its_videos_to_pick_from(
        harness: Harness, providers: ProviderFake) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        providers.youtube.playlists["PLbig000000002"] = providers.add_youtube_videos(14)
        [offer] = await h.say(ALICE_TG, "https://www.youtube.com/playlist?list=PLbig000000002")
        later = await _press(h, offer, "Later ▶")
        assert [b["text"] for b in later.buttons()] == [
            "✅ Log all 14", *(f"Up to Video {n}" for n in range(6, 12)),
            "◀ Earlier", "Later ▶", "Cancel"]
        last = await _press(h, later, "Later ▶")
        assert [b["text"] for b in last.buttons()][1:] == [
            "Up to Video 12", "Up to Video 13", "◀ Earlier", "Cancel"]
        back = await _press(h, last, "◀ Earlier")
        assert [b["text"] for b in back.buttons()][1] == "Up to Video 6"
        done = await _press(h, back, "Up to Video 8")
        assert done.text.startswith("✅ Logged 9 videos")
        assert len(_entries(h)) == 9

    play(harness, scenario)


def _short_links(h: Harness, location: str) -> list[str]:
    """spotify.link answering a redirect to ``location``; the URLs it was asked for."""
    seen: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        if request.url.host == "spotify.link":
            return httpx.Response(307, headers={"Location": location})
        return httpx.Response(404)

    h.service.short_link_transport = httpx.MockTransport(handle)
    return seen


def test_spotify_short_links_resolve_through_spotify_hosts_only(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        seen = _short_links(h, f"https://open.spotify.com/episode/{MIKU}?si=x")
        [unlinked] = await h.say(ALICE_TG, "spotify.link/Ab1")
        assert unlinked.text == ("spotify.link short links are read once this Telegram "
                                 "account is linked: see /help.")
        assert seen == []  # nobody unlinked makes the bot reach the network
        h.link(ALICE_TG, "alice")
        [answer] = await h.say(ALICE_TG, "listen https://spotify.link/Ab1")
        assert "The Miku Real Japanese Podcast" in answer.text
        assert [e[:2] for e in _entries(h)] == [("spotify", "podcast")]
        _short_links(h, "https://evil.example/episode")
        [refused] = await h.say(ALICE_TG, "https://spotify.link/Zz9")
        assert refused.text.startswith("⚠️ The short link https://spotify.link/Zz9 cannot be used")
        assert len(_entries(h)) == 1

    play(harness, scenario)
