"""A Discord account links with the same codes as Telegram, beside and apart from it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.service.accounts.telegram_links import (
    LinkCodeRejected,
    accounts_of,
    create_link_code,
    forget_user,
    linked_user,
    redeem_link_code,
    unlink,
    user_for_telegram,
)
from handlers.service.core.errors import InvalidInput
from handlers.service.goals.leaderboard import Leaderboards
from storage.memory import InMemoryItemRepository
from storage.models import user_pk

NOW = 1_767_225_600
SAME_ID = 4242
"""A Telegram id and a Discord id that happen to be equal: they are different people."""


@pytest.fixture
def repo() -> Iterator[InMemoryItemRepository]:
    with InMemoryItemRepository(clock=lambda: NOW) as repository:
        yield repository


def test_one_person_links_telegram_and_discord(repo: InMemoryItemRepository) -> None:
    redeem_link_code(repo, create_link_code(repo, "alice", NOW), 77, NOW)
    redeem_link_code(repo, create_link_code(repo, "alice", NOW), 9_000_000_000_000_000_001,
                     NOW, "discord")
    assert user_for_telegram(repo, 77, {}) == "alice"
    assert linked_user(repo, 9_000_000_000_000_000_001, "discord") == "alice"
    assert accounts_of(repo, "alice") == [77]
    assert accounts_of(repo, "alice", "discord") == [9_000_000_000_000_000_001]


def test_the_telegram_link_records_keep_their_shape(repo: InMemoryItemRepository) -> None:
    redeem_link_code(repo, create_link_code(repo, "alice", NOW), 77, NOW)
    assert repo.get("TELEGRAM#77", "LINK") == {
        "pk": "TELEGRAM#77", "sk": "LINK", "user": "alice", "telegram_id": 77,
        "linked_at": NOW, "version": 1}
    assert repo.get(user_pk("alice"), "TELEGRAMLINK#77") is not None


def test_equal_ids_in_the_two_chats_are_separate_accounts(
        repo: InMemoryItemRepository) -> None:
    redeem_link_code(repo, create_link_code(repo, "alice", NOW), SAME_ID, NOW, "discord")
    assert user_for_telegram(repo, SAME_ID, {}) is None
    redeem_link_code(repo, create_link_code(repo, "bob", NOW), SAME_ID, NOW)
    assert linked_user(repo, SAME_ID, "discord") == "alice"
    assert unlink(repo, SAME_ID, "discord") == "alice"
    assert user_for_telegram(repo, SAME_ID, {}) == "bob"


def test_a_code_is_single_use_across_chats(repo: InMemoryItemRepository) -> None:
    code = create_link_code(repo, "alice", NOW)
    redeem_link_code(repo, code, 1, NOW, "discord")
    with pytest.raises(LinkCodeRejected):
        redeem_link_code(repo, code, 2, NOW)


def test_a_discord_account_of_another_user_must_unlink_first(
        repo: InMemoryItemRepository) -> None:
    redeem_link_code(repo, create_link_code(repo, "alice", NOW), 5, NOW, "discord")
    with pytest.raises(InvalidInput, match="This Discord account is linked to another user"):
        redeem_link_code(repo, create_link_code(repo, "bob", NOW), 5, NOW, "discord")


def test_forgetting_a_user_removes_both_chats_links(repo: InMemoryItemRepository) -> None:
    redeem_link_code(repo, create_link_code(repo, "alice", NOW), 7, NOW)
    redeem_link_code(repo, create_link_code(repo, "alice", NOW), 8, NOW, "discord")
    forget_user(repo, "alice")
    assert user_for_telegram(repo, 7, {}) is None
    assert linked_user(repo, 8, "discord") is None
    assert list(repo.query_prefix(user_pk("alice"), "")) == []


def test_a_discord_server_board_is_not_a_telegram_group_board(
        repo: InMemoryItemRepository) -> None:
    boards = Leaderboards(repo, lambda: datetime.fromtimestamp(NOW, UTC),
                          lambda _user: ZoneInfo("UTC"))
    boards.join(SAME_ID, "alice", "discord")
    assert [r.user for r in boards.ranking(SAME_ID, chat="discord")] == ["alice"]
    assert boards.ranking(SAME_ID) == []
    assert boards.leave(SAME_ID, "alice", "discord")
    assert boards.ranking(SAME_ID, chat="discord") == []


def test_removing_a_user_leaves_their_discord_and_telegram_boards(
        repo: InMemoryItemRepository) -> None:
    boards = Leaderboards(repo, lambda: datetime.fromtimestamp(NOW, UTC),
                          lambda _user: ZoneInfo("UTC"))
    boards.join(SAME_ID, "alice", "discord")
    boards.join(SAME_ID, "alice")
    boards.forget_user("alice")
    assert boards.ranking(SAME_ID, chat="discord") == []
    assert boards.ranking(SAME_ID) == []
    assert list(repo.query_prefix(user_pk("alice"), "")) == []
