"""/setshow <tvdb id> [anime|tv]: the Telegram door says a show is anime (or tv again)."""

from __future__ import annotations

from typing import Any

import pytest

from handlers.service import parse_setshow_words, show_activity
from handlers.service.catalog.show_words import SetShowWords
from handlers.service.catalog.sync_episodes import EpisodeRef
from handlers.service.core.errors import InvalidInput
from storage.models import user_pk
from tests.unit.bot.conftest import ALICE_TG, Harness
from tests.unit.bot.scenario import play


def _show(h: Harness, folder: str) -> dict[str, Any]:
    return h.service.repo.get(user_pk("alice"), f"SHOW#{folder}") or {}


def _activities(h: Harness) -> dict[str, int]:
    return {row["activity"]: row["count"] for row in h.service.progress("alice")["by_activity"]}


@pytest.mark.parametrize(("words", "said"), [
    ("270065", SetShowWords(tvdb_id=270065)),
    ("270065 anime", SetShowWords(tvdb_id=270065, activity="anime")),
    ("270065 TV", SetShowWords(tvdb_id=270065, activity="tv")),
    ("free s2 278157 anime", SetShowWords(tvdb_id=278157, folder="free s2", activity="anime")),
    ("free s2 278157", SetShowWords(tvdb_id=278157, folder="free s2")),
    ("haikyu anime", SetShowWords(search="haikyu anime")),
    ("haikyu", SetShowWords(search="haikyu")),
])
def test_the_setshow_grammar(words: str, said: SetShowWords) -> None:
    assert parse_setshow_words(words.split()) == said


def test_no_words_is_no_setshow() -> None:
    assert parse_setshow_words([]) is None


def test_a_show_activity_other_than_anime_or_tv_is_refused_naming_the_field() -> None:
    with pytest.raises(InvalidInput, match=r"^activity: "):
        show_activity("book")


def test_setshow_with_anime_counts_the_only_pending_show_as_anime(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        h.service.sync_episodes("alice", [EpisodeRef("haikyu s1", "e1"),
                                          EpisodeRef("haikyu s1", "e2")])
        [answer] = await h.say(ALICE_TG, "/setshow 270065 anime")
        assert "ハイキュー!!" in answer.text and "counted as anime" in answer.text
        assert _show(h, "haikyu s1")["activity"] == "anime"
        assert _activities(h) == {"anime": 2}
        [again] = await h.say(ALICE_TG, "/setshow haikyu s1 270065 tv")
        assert "counted as tv" in again.text
        assert "activity" not in _show(h, "haikyu s1")
        assert _activities(h) == {"tv": 2}

    play(harness, scenario)


def test_the_picked_folder_button_keeps_the_activity_said(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        h.service.sync_episodes("alice", [EpisodeRef("haikyu s1", "e1"),
                                          EpisodeRef("free s2", "e1")])
        [which] = await h.say(ALICE_TG, "/setshow 270065 anime")
        assert which.text.startswith("Which show is")
        pick = next(b for b in which.buttons() if b["text"] == "haikyu s1")
        assert pick["callback_data"].endswith(":anime")
        sent = await h.press(ALICE_TG, which, pick["callback_data"])
        assert any(s.method == "editMessageText" and "counted as anime" in s.text for s in sent)
        assert (_show(h, "haikyu s1")["activity"], _show(h, "free s2").get("activity")) == (
            "anime", None)

    play(harness, scenario)
