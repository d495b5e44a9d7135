"""Sharing links: every form, hidden links, captions, forwards, duplicates, Undo, groups."""

from __future__ import annotations

import pytest

from storage.models import user_pk
from tests.fakes.bot_updates import entity_for
from tests.unit.bot.conftest import ALICE_TG, STRANGER_TG, Harness
from tests.unit.bot.scenario import play

PSY = "9bZkp7q19f0"
FONSI = "kJQP7kiw5Fk"
MIKU = "4qjerzMw8jfD30VOG0tjpK"
MIKU_LONG = "5TmVVWd9TOCaF2bEtyYDwv"


def _logged(h: Harness) -> set[str]:
    return {item["sk"] for item in h.service.repo.query_prefix(user_pk("alice"))
            if item["sk"].startswith(("YOUTUBEVIDEO#", "SPOTIFYEPISODE#"))}


@pytest.mark.parametrize("text", [
    f"https://youtu.be/{PSY}?si=abc",
    f"look https://www.youtube.com/watch?v={PSY}&list=PL123 nice",
    f"https://m.youtube.com/watch?feature=share&v={PSY}",
    f"music.youtube.com/watch?v={PSY}",
    f"https://www.youtube.com/shorts/{PSY}",
    f"https://www.youtube.com/live/{PSY}",
    f"https://www.youtube-nocookie.com/embed/{PSY}",
])
def test_every_youtube_form_logs_the_video(harness: Harness, text: str) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        [answer] = await h.say(ALICE_TG, text)
        assert "<b>Logged</b>" in answer.text
        assert "officialpsy" in answer.text
        assert "(4m 12s)" in answer.text
        assert _logged(h) == {f"YOUTUBEVIDEO#{PSY}"}

    play(harness, scenario)


def test_several_links_hidden_links_and_spotify_in_one_reply(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        text = f"日本語 🎌 見て https://youtu.be/{PSY} and this podcast and spotify:episode:{MIKU}"
        entity = entity_for(text, "this podcast", "text_link",
                            url=f"https://open.spotify.com/intl-de/episode/{MIKU_LONG}?si=x")
        [answer] = await h.say(ALICE_TG, text, entities=[entity])
        assert _logged(h) == {f"YOUTUBEVIDEO#{PSY}", f"SPOTIFYEPISODE#{MIKU}",
                              f"SPOTIFYEPISODE#{MIKU_LONG}"}
        assert "(50m 15s)" in answer.text
        assert "The Miku Real Japanese Podcast" in answer.text
        assert "Today: <b>1h 00m</b>" in answer.text  # 4:12 + 6:28 + 50:15, floored
        assert [b["text"].split()[1] for b in answer.buttons()] == ["Undo", "Edit"] * 3

    play(harness, scenario)


def test_captions_and_forwarded_messages(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        await h.say(ALICE_TG, f"https://youtu.be/{PSY}", caption=True)
        await h.say(ALICE_TG, f"https://open.spotify.com/episode/{MIKU}", forwarded=True)
        assert _logged(h) == {f"YOUTUBEVIDEO#{PSY}", f"SPOTIFYEPISODE#{MIKU}"}

    play(harness, scenario)


def test_the_same_update_twice_logs_once_and_says_so(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        update = h.telegram.text_update(ALICE_TG, f"https://youtu.be/{FONSI}")
        [first] = await h.deliver(update)
        [second] = await h.deliver(update)
        assert "<b>Logged</b>" in first.text
        assert "<b>Already logged</b>" in second.text
        assert "on 12 Jan" in second.text
        assert second.buttons() == []
        assert len(_logged(h)) == 1

    play(harness, scenario)


def test_unknown_ids_fail_with_a_reason(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        [answer] = await h.say(ALICE_TG, f"https://youtu.be/{PSY} https://youtu.be/zzzzzzzzzzz")
        assert "<b>Not logged</b>" in answer.text
        assert "zzzzzzzzzzz" in answer.text
        assert _logged(h) == {f"YOUTUBEVIDEO#{PSY}"}

    play(harness, scenario)


def test_undo_button_removes_only_that_item(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        [answer] = await h.say(ALICE_TG, f"https://youtu.be/{PSY} https://youtu.be/{FONSI}")
        undos = [b["callback_data"] for b in answer.buttons() if b["text"].startswith("↩️")]
        first_row = [b["callback_data"] for b in answer.buttons()[:2]]
        second = undos[1]
        # Someone else pressing the button undoes nothing.
        await h.press(STRANGER_TG, answer, second)
        assert len(_logged(h)) == 2
        sent = await h.press(ALICE_TG, answer, second)
        assert _logged(h) == {f"YOUTUBEVIDEO#{PSY}"}
        edit = next(s for s in sent if s.method == "editMessageReplyMarkup")
        remaining = [b["callback_data"] for b in edit.buttons()]
        assert remaining == first_row  # the undone item's Edit went with its Undo

    play(harness, scenario)


def test_undo_command_asks_first(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        await h.say(ALICE_TG, f"https://youtu.be/{PSY}")
        h.clock.advance(minutes=1)
        await h.say(ALICE_TG, f"https://youtu.be/{FONSI}")
        [ask] = await h.say(ALICE_TG, "/undo")
        assert "Despacito" in ask.text or FONSI in ask.text
        keep, yes = ask.buttons()[1]["callback_data"], ask.buttons()[0]["callback_data"]
        await h.press(ALICE_TG, ask, keep)
        assert len(_logged(h)) == 2
        sent = await h.press(ALICE_TG, ask, yes)
        assert _logged(h) == {f"YOUTUBEVIDEO#{PSY}"}
        assert any(s.method == "editMessageText" and "Removed" in s.text for s in sent)
        [ask_again] = await h.say(ALICE_TG, "/undo")
        assert ask_again.buttons()[0]["callback_data"] != yes

    play(harness, scenario)


def test_playlists_and_shows_are_only_offered(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        [unlinked] = await h.say(ALICE_TG, "https://www.youtube.com/playlist?list=PL1234567890")
        assert "not linked yet" in unlinked.text
        h.link(ALICE_TG, "alice")
        [unknown] = await h.say(ALICE_TG, "https://www.youtube.com/playlist?list=PL1234567890")
        assert unknown.text == "⚠️ YouTube has no public playlist with this id."
        [offer] = await h.say(ALICE_TG, "https://open.spotify.com/show/6Nl8RDfPxsk4h4bfWe76Kg")
        assert "Log them all" in offer.text
        assert _logged(h) == set()

    play(harness, scenario)


def test_groups_only_react_to_linked_members_links_and_addressed_commands(
        harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        group = {"chat_id": -500, "chat_type": "supergroup"}
        assert await h.say(STRANGER_TG, f"https://youtu.be/{PSY}", **group) == []
        assert await h.say(ALICE_TG, "just chatting", **group) == []
        assert await h.say(ALICE_TG, "/progress", **group) == []
        [logged] = await h.say(ALICE_TG, f"https://youtu.be/{PSY}", **group)
        assert logged.chat_id == -500
        [help_text] = await h.say(ALICE_TG, f"/help@{h.app.bot.username}", **group)
        assert "Linked as <b>alice</b>" in help_text.text

    play(harness, scenario)
