"""Undo records of bot messages and their scoped, conditional deletes, on the real SQLite store."""

from __future__ import annotations

from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest

from handlers.service.catalog.sync_report import LoggedItem
from handlers.service.logbook.undo import find_entry, latest_entry, record_logged, undo_entry
from storage.memory import InMemoryItemRepository
from storage.models import user_pk

NOW = 1_767_225_600
UTC = ZoneInfo("UTC")


@pytest.fixture
def repo() -> Iterator[InMemoryItemRepository]:
    # The store's clock is the tests' clock: records expire by NOW, not by today's date.
    with InMemoryItemRepository(clock=lambda: NOW) as repository:
        yield repository


def _log(repo: InMemoryItemRepository, user: str, video_id: str, when: int) -> LoggedItem:
    sk = f"YOUTUBEVIDEO#{video_id}"
    repo.put({"pk": user_pk(user), "sk": sk, "user": user, "youtube_video_id": video_id,
              "timestamp": when, "version": 1})
    return LoggedItem("youtube", video_id, sk, f"title {video_id}", "channel", 60, when)


def test_undo_deletes_exactly_the_recorded_item(repo: InMemoryItemRepository) -> None:
    first = _log(repo, "alice", "aaaaaaaaaaa", NOW)
    second = _log(repo, "alice", "bbbbbbbbbbb", NOW)
    undo_id = record_logged(repo, "alice", [first, second], NOW)
    assert undo_id is not None
    undone = undo_entry(repo, "alice", undo_id, 1, zone=UTC)
    assert undone is not None
    assert undone.sk == second.sk
    assert repo.get(user_pk("alice"), second.sk) is None
    assert repo.get(user_pk("alice"), first.sk) is not None
    assert undo_entry(repo, "alice", undo_id, 1, zone=UTC) is None
    assert find_entry(repo, "alice", undo_id, 0) is not None


def test_nothing_logged_records_nothing(repo: InMemoryItemRepository) -> None:
    assert record_logged(repo, "alice", [], NOW) is None
    assert latest_entry(repo, "alice", NOW) is None


def test_latest_is_the_newest_message_last_item(repo: InMemoryItemRepository) -> None:
    old = _log(repo, "alice", "aaaaaaaaaaa", NOW)
    record_logged(repo, "alice", [old], NOW)
    new1 = _log(repo, "alice", "bbbbbbbbbbb", NOW + 60)
    new2 = _log(repo, "alice", "ccccccccccc", NOW + 60)
    new_id = record_logged(repo, "alice", [new1, new2], NOW + 60)
    latest = latest_entry(repo, "alice", NOW + 61)
    assert latest is not None
    assert latest.sk == new2.sk
    assert new_id is not None
    undo_entry(repo, "alice", new_id, 1, zone=UTC)
    undo_entry(repo, "alice", new_id, 0, zone=UTC)
    latest = latest_entry(repo, "alice", NOW + 62)
    assert latest is not None
    assert latest.sk == old.sk


def test_another_user_cannot_undo(repo: InMemoryItemRepository) -> None:
    item = _log(repo, "alice", "aaaaaaaaaaa", NOW)
    undo_id = record_logged(repo, "alice", [item], NOW)
    assert undo_id is not None
    assert undo_entry(repo, "mallory", undo_id, 0, zone=UTC) is None
    assert find_entry(repo, "mallory", undo_id, 0) is None
    assert repo.get(user_pk("alice"), item.sk) is not None


def test_a_relogged_item_is_left_alone(repo: InMemoryItemRepository) -> None:
    item = _log(repo, "alice", "aaaaaaaaaaa", NOW)
    undo_id = record_logged(repo, "alice", [item], NOW)
    assert undo_id is not None
    repo.delete(user_pk("alice"), item.sk)
    _log(repo, "alice", "aaaaaaaaaaa", NOW + 3600)
    # Nothing undone, so nothing to report as removed (a door would say "Removed …").
    assert undo_entry(repo, "alice", undo_id, 0, zone=UTC) is None
    assert latest_entry(repo, "alice", NOW + 3601) is None  # and not offered again
    stored = repo.get(user_pk("alice"), item.sk)
    assert stored is not None
    assert stored["timestamp"] == NOW + 3600


def test_expired_records_are_not_offered(repo: InMemoryItemRepository) -> None:
    record_logged(repo, "alice", [_log(repo, "alice", "aaaaaaaaaaa", NOW)], NOW)
    assert latest_entry(repo, "alice", NOW + 31 * 24 * 3600) is None
