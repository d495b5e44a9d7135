"""Linking accounts through the bot, and what unlinked accounts may do."""

from __future__ import annotations

from handlers.service.accounts.telegram_links import create_link_code, user_for_telegram
from tests.unit.bot.conftest import ALICE_TG, BOB_TG, STRANGER_TG, Harness
from tests.unit.bot.scenario import play


def _items(harness: Harness) -> int:
    return len(list(harness.service.repo.query_prefix("USER#alice")))


def test_link_with_a_code_then_unlink(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        code = create_link_code(h.service.repo, "alice", h.service.now_epoch())
        [answer] = await h.say(ALICE_TG, f"/link {code}")
        assert "Linked as <b>alice</b>" in answer.text
        assert "weekly digest on Mondays at 09:00" in answer.text
        [again] = await h.say(ALICE_TG, f"/link {code}")
        assert "not valid" in again.text
        [status] = await h.say(ALICE_TG, "/start")
        assert "Linked as <b>alice</b>" in status.text
        [gone] = await h.say(ALICE_TG, "/unlink")
        assert "Unlinked from <b>alice</b>" in gone.text
        assert user_for_telegram(h.service.repo, ALICE_TG, {}) is None

    play(harness, scenario)


def test_unlink_stops_the_weekly_digest(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        await h.say(ALICE_TG, "/digest on")
        await h.say(ALICE_TG, "/unlink")
        h.clock.advance(days=7)
        assert h.service.notifier.due() == []
        [status] = await h.say(ALICE_TG, "/start")
        assert "Not linked yet" in status.text

    play(harness, scenario)


def test_a_removed_user_s_telegram_account_is_no_longer_linked(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.service.accounts.add("alice", "alice's long password")
        [linked] = await h.say(ALICE_TG, f"/link {h.service.links.create_code('alice')}")
        assert "Linked as <b>alice</b>" in linked.text
        h.service.accounts.remove("alice")
        h.service.accounts.add("alice", "a new alice's password")
        [answer] = await h.say(ALICE_TG, "/progress")
        assert "not linked yet" in answer.text
        h.clock.advance(days=7)
        assert h.service.notifier.due() == []

    play(harness, scenario)


def test_unlinked_accounts_get_only_start_help_link_and_store_nothing(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        [start] = await h.say(STRANGER_TG, "/help")
        assert "Not linked yet" in start.text
        for text in ("/progress", "/shows", "/undo", "/timezone Asia/Tokyo", "/digest on",
                     "https://youtu.be/9bZkp7q19f0"):
            [answer] = await h.say(STRANGER_TG, text)
            assert "not linked yet" in answer.text, text
        [bad] = await h.say(STRANGER_TG, "/link ABCDE-FGHJK")
        assert "not valid" in bad.text
        assert h.service.repo.get("TELEGRAM#1999", "LINK") is None
        assert list(h.service.repo.query_prefix("USER#")) == []

    play(harness, scenario)


def test_a_prelinked_account_works_without_a_code(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        [answer] = await h.say(BOB_TG, "/start")
        assert "Linked as <b>bob</b>" in answer.text
        [unlink] = await h.say(BOB_TG, "/unlink")
        assert "configuration" in unlink.text

    play(harness, scenario)


def test_unknown_commands_and_chatter_get_a_hint(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        [unknown] = await h.say(ALICE_TG, "/frobnicate")
        assert "I don't know /frobnicate; see /help" in unknown.text
        [chatter] = await h.say(ALICE_TG, "hello there")
        assert "Share a YouTube or Spotify" in chatter.text
        assert _items(h) == 1  # the link record only

    play(harness, scenario)
