"""Linking Telegram accounts with single-use codes, against the real SQLite store."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import pytest

from handlers.service.accounts.telegram_links import (
    CODE_LIFETIME_SECONDS,
    CODE_PREFIX,
    LINK_FAILURE_WINDOW_SECONDS,
    MAX_LINK_FAILURES,
    MAX_LIVE_CODES,
    LinkCodeRejected,
    accounts_of,
    create_link_code,
    normalize_code,
    parse_prelinks,
    redeem_link_code,
    unlink,
    user_for_telegram,
)
from handlers.service.core.errors import InvalidInput, TooManyAttempts
from storage.memory import InMemoryItemRepository
from storage.models import user_pk

NOW = 1_767_225_600


@pytest.fixture
def repo() -> Iterator[InMemoryItemRepository]:
    # The store's clock is the tests' clock: records expire by NOW, not by today's date.
    with InMemoryItemRepository(clock=lambda: NOW) as repository:
        yield repository


def test_a_code_links_the_account_once(repo: InMemoryItemRepository) -> None:
    code = create_link_code(repo, "alice", NOW)
    assert len(code) == 11
    assert code[5] == "-"
    assert redeem_link_code(repo, code, 42, NOW + 5) == "alice"
    assert user_for_telegram(repo, 42, {}) == "alice"
    with pytest.raises(LinkCodeRejected, match="not valid"):
        redeem_link_code(repo, code, 43, NOW + 6)
    assert user_for_telegram(repo, 43, {}) is None


def test_only_a_hash_of_the_code_is_stored(repo: InMemoryItemRepository) -> None:
    code = create_link_code(repo, "alice", NOW)
    digest = hashlib.sha256(normalize_code(code).encode()).hexdigest()
    stored = repo.get(f"TELEGRAMCODE#{digest}", "CODE")
    assert stored is not None
    assert normalize_code(code) not in repr(stored)
    assert stored["expires_at"] == NOW + CODE_LIFETIME_SECONDS


def test_codes_are_typed_loosely(repo: InMemoryItemRepository) -> None:
    code = create_link_code(repo, "alice", NOW)
    assert redeem_link_code(repo, " " + code.lower().replace("-", " ") + " ", 7, NOW) == "alice"


def test_an_expired_code_is_refused(repo: InMemoryItemRepository) -> None:
    code = create_link_code(repo, "alice", NOW)
    with pytest.raises(LinkCodeRejected, match=r"expired.*\(they last 10 minutes\)"):
        redeem_link_code(repo, code, 42, NOW + CODE_LIFETIME_SECONDS)
    assert user_for_telegram(repo, 42, {}) is None


@pytest.mark.parametrize("code", ["", "ABC", "ABCDE-FGHJK-LMNPQ"])
def test_a_malformed_code_says_what_a_code_looks_like(
    repo: InMemoryItemRepository, code: str
) -> None:
    with pytest.raises(LinkCodeRejected, match="10 letters"):
        redeem_link_code(repo, code, 42, NOW)


def test_a_wrong_code_is_refused(repo: InMemoryItemRepository) -> None:
    create_link_code(repo, "alice", NOW)
    with pytest.raises(LinkCodeRejected, match="not valid"):
        redeem_link_code(repo, "ABCDE-FGHJK", 42, NOW)


def test_one_user_many_accounts_one_account_one_user(repo: InMemoryItemRepository) -> None:
    redeem_link_code(repo, create_link_code(repo, "alice", NOW), 1, NOW)
    redeem_link_code(repo, create_link_code(repo, "alice", NOW), 2, NOW)
    assert sorted(accounts_of(repo, "alice")) == [1, 2]
    bob_code = create_link_code(repo, "bob", NOW)
    with pytest.raises(InvalidInput, match="/unlink"):
        redeem_link_code(repo, bob_code, 1, NOW)
    assert user_for_telegram(repo, 1, {}) == "alice"
    # The refused code was not spent: after /unlink it still works.
    assert unlink(repo, 1) == "alice"
    assert redeem_link_code(repo, bob_code, 1, NOW) == "bob"
    assert accounts_of(repo, "alice") == [2]
    assert accounts_of(repo, "bob") == [1]


def test_unlink_of_an_unlinked_account(repo: InMemoryItemRepository) -> None:
    assert unlink(repo, 99) is None


def test_prelinks_apply_when_no_code_link_exists(repo: InMemoryItemRepository) -> None:
    prelinks = parse_prelinks(" 11:alice, 12:bob ,")
    assert prelinks == {11: "alice", 12: "bob"}
    assert user_for_telegram(repo, 11, prelinks) == "alice"
    redeem_link_code(repo, create_link_code(repo, "carol", NOW), 11, NOW)
    assert user_for_telegram(repo, 11, prelinks) == "carol"


def test_a_bad_prelink_is_named() -> None:
    with pytest.raises(InvalidInput, match="'alice'"):
        parse_prelinks("alice")


def test_asking_again_and_again_keeps_five_codes_alive_the_oldest_give_way(
    repo: InMemoryItemRepository,
) -> None:
    codes = [create_link_code(repo, "alice", NOW + i) for i in range(MAX_LIVE_CODES + 2)]
    pending = list(repo.query_prefix(user_pk("alice"), CODE_PREFIX))
    assert len(pending) == MAX_LIVE_CODES
    for oldest in codes[:2]:
        with pytest.raises(LinkCodeRejected, match="not valid"):
            redeem_link_code(repo, oldest, 40, NOW + 10)
    for telegram_id, code in enumerate(codes[2:], start=41):
        assert redeem_link_code(repo, code, telegram_id, NOW + 10) == "alice"
    assert list(repo.query_prefix(user_pk("alice"), CODE_PREFIX)) == []


def test_expired_codes_do_not_count_against_the_cap(repo: InMemoryItemRepository) -> None:
    for i in range(MAX_LIVE_CODES):
        create_link_code(repo, "alice", NOW + i)
    later = NOW + CODE_LIFETIME_SECONDS + 100
    fresh = create_link_code(repo, "alice", later)
    assert len(list(repo.query_prefix(user_pk("alice"), CODE_PREFIX))) == 1
    assert redeem_link_code(repo, fresh, 42, later + 1) == "alice"


def test_wrong_codes_from_one_account_are_limited_per_window(repo: InMemoryItemRepository) -> None:
    good = create_link_code(repo, "alice", NOW)
    for attempt in range(MAX_LINK_FAILURES):
        with pytest.raises(LinkCodeRejected):
            redeem_link_code(repo, f"WRONG-CODE{attempt}", 7, NOW + attempt)
    with pytest.raises(TooManyAttempts, match=r"try again in 15 minutes"):
        redeem_link_code(repo, good, 7, NOW + 10)  # even the right code waits
    assert user_for_telegram(repo, 7, {}) is None
    assert redeem_link_code(repo, good, 8, NOW + 10) == "alice"  # other accounts are not held
    later = create_link_code(repo, "alice", NOW + LINK_FAILURE_WINDOW_SECONDS)
    assert redeem_link_code(repo, later, 7, NOW + LINK_FAILURE_WINDOW_SECONDS + 1) == "alice"


def test_a_success_forgets_earlier_failures(repo: InMemoryItemRepository) -> None:
    for attempt in range(MAX_LINK_FAILURES - 1):
        with pytest.raises(LinkCodeRejected):
            redeem_link_code(repo, f"WRONG-CODE{attempt}", 7, NOW)
    assert redeem_link_code(repo, create_link_code(repo, "alice", NOW), 7, NOW) == "alice"
    unlink(repo, 7)
    for attempt in range(MAX_LINK_FAILURES - 1):
        with pytest.raises(LinkCodeRejected):
            redeem_link_code(repo, f"WRONG-CODE{attempt}", 7, NOW)
    assert redeem_link_code(repo, create_link_code(repo, "alice", NOW), 7, NOW) == "alice"
