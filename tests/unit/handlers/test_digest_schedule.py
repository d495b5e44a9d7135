"""Digest subscriptions, due users and the once-per-week claim on the real SQLite store."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from handlers.service.digest_schedule import (
    INDEX_PK,
    claim_digest,
    due_users,
    mark_blocked,
    parse_local_time,
    parse_weekday,
    refresh_timezone,
    subscribe,
    subscription,
    unsubscribe,
)
from handlers.service.errors import InvalidInput
from storage.sqlite import SQLiteItemRepository

AUCKLAND = ZoneInfo("Pacific/Auckland")
TOKYO = ZoneInfo("Asia/Tokyo")
DEFAULT_ZONE = "Pacific/Auckland"
"""The deployment's default zone, for users who never chose one."""


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[SQLiteItemRepository]:
    with SQLiteItemRepository(tmp_path / "tracker.sqlite3") as repository:
        yield repository


def _local(day: int, hour: int, minute: int = 0, tz: ZoneInfo = AUCKLAND) -> datetime:
    return datetime(2026, 1, day, hour, minute, tzinfo=tz).astimezone(UTC)


def test_default_is_monday_nine_local(repo: SQLiteItemRepository) -> None:
    chosen = subscribe(repo, "alice", 11, AUCKLAND)
    assert (chosen.weekday, chosen.local_time) == (0, "09:00")
    assert due_users(repo, _local(12, 8, 59), DEFAULT_ZONE) == []  # Mon 12 Jan 08:59 Auckland
    due = due_users(repo, _local(12, 9, 0), DEFAULT_ZONE)
    assert [(d.user, d.chat_id, d.week_key) for d in due] == [("alice", 11, "2026-W03")]


def test_a_missed_send_is_made_up_later_the_same_week(repo: SQLiteItemRepository) -> None:
    subscribe(repo, "alice", 11, AUCKLAND)
    sunday_night = _local(18, 23)
    assert [d.week_key for d in due_users(repo, sunday_night, DEFAULT_ZONE)] == ["2026-W03"]


@pytest.mark.parametrize("stored", [None, "Mars/Olympus_Mons"])
def test_an_entry_without_a_valid_zone_follows_the_deployment_default(
    repo: SQLiteItemRepository, stored: str | None
) -> None:
    # An older entry, or a zone since removed from the IANA database. Falling back to UTC
    # instead (as once happened) sends a Monday 09:00 Auckland digest on Sunday evening.
    subscribe(repo, "alice", 11, AUCKLAND)
    entry = repo.get(INDEX_PK, "alice")
    assert entry is not None
    del entry["timezone"]
    repo.put(entry if stored is None else {**entry, "timezone": stored})
    assert due_users(repo, _local(12, 8, 59), DEFAULT_ZONE) == []
    due = due_users(repo, _local(12, 9), DEFAULT_ZONE)
    assert [d.week_key for d in due] == ["2026-W03"]
    assert [d.week_key for d in due_users(repo, _local(12, 9), "UTC")] == ["2026-W02"]


def test_claim_is_won_once_even_concurrently(repo: SQLiteItemRepository) -> None:
    subscribe(repo, "alice", 11, AUCKLAND)
    with ThreadPoolExecutor(8) as pool:
        wins = list(pool.map(lambda _: claim_digest(repo, "alice", "2026-W03", 0), range(8)))
    assert wins.count(True) == 1
    assert due_users(repo, _local(13, 9), DEFAULT_ZONE) == []
    assert [d.week_key for d in due_users(repo, _local(19, 9), DEFAULT_ZONE)] == ["2026-W04"]


def test_own_day_time_and_zone(repo: SQLiteItemRepository) -> None:
    subscribe(repo, "bob", 12, TOKYO, weekday=parse_weekday("fri"),
              local_time=parse_local_time("18:30"))
    assert due_users(repo, _local(16, 18, 29, TOKYO), DEFAULT_ZONE) == []
    assert len(due_users(repo, _local(16, 18, 30, TOKYO), DEFAULT_ZONE)) == 1
    refresh_timezone(repo, "bob", AUCKLAND)
    assert due_users(repo, _local(16, 18, 29, AUCKLAND), DEFAULT_ZONE) == []
    # Turning it on again keeps the chosen day and time.
    again = subscribe(repo, "bob", 12, AUCKLAND)
    assert (again.weekday_name, again.local_time) == ("Friday", "18:30")


def test_off_and_blocked_users_are_not_due(repo: SQLiteItemRepository) -> None:
    subscribe(repo, "alice", 11, AUCKLAND)
    subscribe(repo, "bob", 12, AUCKLAND)
    unsubscribe(repo, "alice")
    mark_blocked(repo, "bob")
    assert due_users(repo, _local(14, 9), DEFAULT_ZONE) == []
    bob = subscription(repo, "bob")
    assert bob is not None
    assert bob.blocked
    assert not subscribe(repo, "bob", 12, AUCKLAND).blocked
    assert [d.user for d in due_users(repo, _local(14, 9), DEFAULT_ZONE)] == ["bob"]


@pytest.mark.parametrize("text", ["9", "24:00", "12:60", "noon", "9:5"])
def test_bad_times(text: str) -> None:
    with pytest.raises(InvalidInput, match="HH:MM"):
        parse_local_time(text)


def test_weekdays() -> None:
    assert parse_weekday("Sunday") == 6
    assert parse_local_time("9:05") == "09:05"
    with pytest.raises(InvalidInput, match="weekday"):
        parse_weekday("mo")
