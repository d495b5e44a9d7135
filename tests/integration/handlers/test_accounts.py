"""Accounts and the credential cache on a SQLite file, as two processes share it (file I/O)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from handlers.service.accounts import credentials as accounts_module
from handlers.service.accounts.credentials import AccountStore, Authenticator, SecretUser
from handlers.service.accounts.passwords import verify_password
from storage.sqlite import SQLiteItemRepository

OLD = "the old long password"
NEW = "the new long password"


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "tracker.sqlite3"


@pytest.fixture
def store(store_path: Path) -> Iterator[AccountStore]:
    with SQLiteItemRepository(store_path) as repo:
        yield AccountStore(repo)


@pytest.fixture
def hashes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records every slow password hash check (and still performs it)."""
    seen: list[str] = []
    def counting(password: str, stored: str) -> bool:
        seen.append(password)
        return verify_password(password, stored)

    monkeypatch.setattr(accounts_module, "verify_password", counting)
    return seen


def test_a_repeated_login_skips_the_slow_hash(store: AccountStore, hashes: list[str]) -> None:
    store.add("alice", OLD)
    auth = Authenticator(store)
    assert auth.verify("alice", OLD)
    assert auth.verify("alice", OLD)
    assert hashes == [OLD]


def test_a_changed_password_stops_working_at_once(store: AccountStore) -> None:
    store.add("alice", OLD)
    auth = Authenticator(store)
    assert auth.verify("alice", OLD)
    store.set_password("alice", NEW)
    assert not auth.verify("alice", OLD)
    assert auth.verify("alice", NEW)


def test_a_removed_user_stops_working_at_once(store: AccountStore) -> None:
    store.add("alice", OLD)
    auth = Authenticator(store)
    assert auth.verify("alice", OLD)
    store.remove("alice")
    assert not auth.verify("alice", OLD)


def test_a_change_made_by_another_process_is_seen(store_path: Path,
                                                  store: AccountStore) -> None:
    store.add("alice", OLD)
    auth = Authenticator(store)
    assert auth.verify("alice", OLD)
    with SQLiteItemRepository(store_path) as other_process:
        AccountStore(other_process).set_password("alice", NEW)
    assert not auth.verify("alice", OLD)
    assert auth.verify("alice", NEW)


def test_a_recreated_user_needs_the_new_password(store: AccountStore) -> None:
    store.add("alice", OLD)
    auth = Authenticator(store)
    assert auth.verify("alice", OLD)
    store.remove("alice")
    store.add("alice", NEW)
    assert not auth.verify("alice", OLD)


def test_secret_users_come_first(store: AccountStore) -> None:
    store.add("root", OLD)
    auth = Authenticator(store, [SecretUser("root", password=NEW)])
    assert auth.verify("root", NEW)
    assert not auth.verify("root", OLD)
    assert not auth.verify("nobody", OLD)
