"""Digest subscriptions in the due-time index, the lease, and legacy entries, on SQLite."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.service.core.errors import InvalidInput
from handlers.service.notify import due_index
from handlers.service.notify.digest_schedule import (
    LEGACY_INDEX_PK,
    mark_blocked,
    migrate_legacy,
    parse_local_time,
    parse_weekday,
    refresh_timezone,
    subscribe,
    subscription,
    unsubscribe,
)
from storage.memory import InMemoryItemRepository

AUCKLAND = ZoneInfo("Pacific/Auckland")
TOKYO = ZoneInfo("Asia/Tokyo")


@pytest.fixture
def repo() -> Iterator[InMemoryItemRepository]:
    # Records expire by the test's January, not by today's date.
    january = datetime(2026, 1, 20, tzinfo=UTC).timestamp()
    with InMemoryItemRepository(clock=lambda: january) as repository:
        yield repository


def _local(day: int, hour: int, minute: int = 0, tz: ZoneInfo = AUCKLAND) -> datetime:
    return datetime(2026, 1, day, hour, minute, tzinfo=tz).astimezone(UTC)


def _due(repo: InMemoryItemRepository, now: datetime) -> list[tuple[str, str, str]]:
    return [(d.user, d.kind, d.period) for d in due_index.due(repo, now)]


def test_default_is_monday_nine_local(repo: InMemoryItemRepository) -> None:
    chosen = subscribe(repo, "alice", 11, AUCKLAND, now=_local(8, 12))  # a Thursday
    assert (chosen.weekday, chosen.local_time) == (0, "09:00")
    assert _due(repo, _local(12, 8, 59)) == []  # Mon 12 Jan 08:59 Auckland
    assert _due(repo, _local(12, 9, 0)) == [("alice", "digest", "2026-W03")]


def test_no_digest_about_a_week_that_ended_before_subscribing(
    repo: InMemoryItemRepository,
) -> None:
    # Subscribing on Monday 08:00 — before the send time, but after the week ended.
    subscribe(repo, "alice", 11, AUCKLAND, now=_local(12, 8))
    assert _due(repo, _local(12, 9)) == []
    assert _due(repo, _local(18, 23)) == []
    assert _due(repo, _local(19, 9)) == [("alice", "digest", "2026-W04")]


def test_a_missed_send_stays_due_until_handled(repo: InMemoryItemRepository) -> None:
    subscribe(repo, "alice", 11, AUCKLAND, now=_local(8, 12))
    assert _due(repo, _local(18, 23)) == [("alice", "digest", "2026-W03")]


def test_the_lease_is_won_once_even_concurrently_and_expires(
    repo: InMemoryItemRepository,
) -> None:
    subscribe(repo, "alice", 11, AUCKLAND, now=_local(8, 12))
    (entry,) = due_index.due(repo, _local(12, 9))
    now = int(_local(12, 9).timestamp())
    with ThreadPoolExecutor(8) as pool:
        wins = list(pool.map(lambda _: due_index.claim(repo, entry, now), range(8)))
    assert wins.count(True) == 1
    # A crash left the lease: it is taken over once it expires, not before.
    assert not due_index.claim(repo, entry, now + due_index.LEASE_SECONDS - 1)
    assert due_index.claim(repo, entry, now + due_index.LEASE_SECONDS + 1)
    due_index.mark_sent(repo, entry)
    assert not due_index.claim(repo, entry, now + 10 * due_index.LEASE_SECONDS)


def test_the_first_generations_sent_record_still_counts(repo: InMemoryItemRepository) -> None:
    subscribe(repo, "alice", 11, AUCKLAND, now=_local(8, 12))
    (entry,) = due_index.due(repo, _local(12, 9))
    repo.put({"pk": "USER#alice", "sk": "DIGEST#SENT#2026-W03", "user": "alice",
              "claimed_at": 0, "version": 1})
    assert not due_index.claim(repo, entry, int(_local(12, 9).timestamp()))


def test_own_day_time_and_zone(repo: InMemoryItemRepository) -> None:
    now = _local(12, 12, 0, TOKYO)
    subscribe(repo, "bob", 12, TOKYO, weekday=parse_weekday("fri"),
              local_time=parse_local_time("18:30"), now=now)
    assert _due(repo, _local(16, 18, 29, TOKYO)) == []
    assert len(_due(repo, _local(16, 18, 30, TOKYO))) == 1
    refresh_timezone(repo, "bob", AUCKLAND, now)
    assert _due(repo, _local(16, 18, 29, AUCKLAND)) == []
    assert len(_due(repo, _local(16, 18, 30, AUCKLAND))) == 1
    again = subscribe(repo, "bob", 12, AUCKLAND, now=now)
    assert (again.weekday_name, again.local_time) == ("Friday", "18:30")


def test_off_and_blocked_users_are_not_due(repo: InMemoryItemRepository) -> None:
    now = _local(8, 12)
    subscribe(repo, "alice", 11, AUCKLAND, now=now)
    subscribe(repo, "bob", 12, AUCKLAND, now=now)
    unsubscribe(repo, "alice")
    mark_blocked(repo, "bob")
    assert _due(repo, _local(14, 9)) == []
    bob = subscription(repo, "bob")
    assert bob is not None
    assert bob.blocked
    assert not subscribe(repo, "bob", 12, AUCKLAND, now=now).blocked
    assert [user for user, _, _ in _due(repo, _local(14, 9))] == ["bob"]


def test_legacy_subscribers_move_into_the_index(repo: InMemoryItemRepository) -> None:
    repo.put({"pk": "USER#carol", "sk": "DIGEST#SUBSCRIPTION", "user": "carol",
              "enabled": True, "weekday": 0, "local_time": "09:00", "chat_id": 13,
              "blocked": False, "version": 1})
    repo.put({"pk": LEGACY_INDEX_PK, "sk": "carol", "user": "carol", "weekday": 0,
              "local_time": "09:00", "chat_id": 13, "version": 1})
    assert migrate_legacy(repo, _local(8, 12), "Pacific/Auckland", 100) == 1
    assert list(repo.query_prefix(LEGACY_INDEX_PK)) == []
    assert _due(repo, _local(12, 9)) == [("carol", "digest", "2026-W03")]


def test_a_tick_reads_pages_of_due_entries_only(repo: InMemoryItemRepository) -> None:
    for n in range(250):
        subscribe(repo, f"u{n:03d}", n, AUCKLAND, now=_local(8, 12),
                  local_time=f"{9 + n % 3:02d}:00")
    early = _due(repo, _local(12, 9, 30))
    assert len(early) == len(range(0, 250, 3))
    assert len(_due(repo, _local(12, 11))) == 250
    assert len(list(due_index.due(repo, _local(12, 11), limit=10))) == 10


@pytest.mark.parametrize("text", ["9", "24:00", "12:60", "noon", "9:5"])
def test_bad_times(text: str) -> None:
    with pytest.raises(InvalidInput, match="HH:MM"):
        parse_local_time(text)


def test_weekdays() -> None:
    assert parse_weekday("Sunday") == 6
    assert parse_local_time("9:05") == "09:05"
    with pytest.raises(InvalidInput, match="weekday"):
        parse_weekday("mo")
