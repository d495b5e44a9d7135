"""The service's logging area as the doors use it: text logs, today, history days, stats."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.service.core.errors import Conflict, InvalidInput
from handlers.service.logbook.area import Logbook
from handlers.service.logbook.writes import EntryChanges, LogRequest
from storage.memory import InMemoryItemRepository

NOW = datetime(2026, 12, 1, 22, 0, tzinfo=UTC)  # 23:00 in Berlin
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def logbook() -> Iterator[Logbook]:
    repo = InMemoryItemRepository()
    draws = iter(range(10**6))
    yield Logbook(repo, lambda: NOW, lambda _user: BERLIN, lambda n: next(draws).to_bytes(n))
    repo.close()


def test_a_text_log_is_answered_with_its_derivation_and_todays_total(logbook: Logbook) -> None:
    logbook.log_text("alice", "25m anime Frieren")
    reply = logbook.log_text("alice", "2ep anime Frieren")
    assert reply.derivation == "2 episodes × 24 min"
    assert reply.today_minutes == 25 + 48
    backdated = logbook.log_text("alice", "45m reading yesterday")
    assert backdated.today_minutes == 73
    assert backdated.entry.at == int(datetime(2026, 11, 30, 12, tzinfo=BERLIN).timestamp())


def test_a_text_mistake_is_one_sentence(logbook: Logbook) -> None:
    with pytest.raises(InvalidInput, match=r"How much manga\? For example /log 40p manga\."):
        logbook.log_text("alice", "manga")
    with pytest.raises(InvalidInput, match="in the future"):
        logbook.log_text("alice", "20m anime 2026-12-05")


def test_reading_speed_is_the_users_own(logbook: Logbook) -> None:
    assert logbook.reading_speed("alice")["book"] == 150
    assert logbook.set_reading_speed("alice", {"book": 300})["book"] == 300
    assert logbook.log_text("alice", "30p book").entry.minutes == 35  # 30 × 350 / 300
    with pytest.raises(InvalidInput, match="not a reading type"):
        logbook.set_reading_speed("alice", {"anime": 3})
    with pytest.raises(InvalidInput, match="above 0"):
        logbook.set_reading_speed("alice", {"manga": 0})


def test_history_by_local_days_and_activity_words(logbook: Logbook) -> None:
    for text in ("10m vn 2026-11-28", "20m anime 2026-11-29", "30m anime"):
        logbook.log_text("alice", text)
    page = logbook.history("alice", first_day="2026-11-29", last_day="2026-11-29")
    assert [e.minutes for e in page.entries] == [20]
    assert [e.minutes for e in logbook.history("alice", activity="VN").entries] == [10]
    assert [e.minutes for e in logbook.history("alice", first_day="2026-11-29").entries] == [30, 20]
    # "to" alone reaches back to the first entry: a filter has no longest period.
    assert [e.minutes for e in logbook.history("alice", last_day="2026-11-29").entries] == [20, 10]
    with pytest.raises(InvalidInput, match="before 9999-12-31"):
        logbook.history("alice", last_day="9999-12-31")
    with pytest.raises(InvalidInput, match="activity"):
        logbook.history("alice", activity="cooking")


def test_stats_read_the_store_by_period(logbook: Logbook) -> None:
    logbook.log(
        "alice", LogRequest(activity="manga", minutes=30, date="2026-11-24"), source="api"
    )
    body = logbook.stats("alice", "2026-11-23", "2026-11-29", "week")
    assert body["buckets"] == [{"start": "2026-11-23", "minutes": 30,
                                "by_group": {"watching": 0, "listening": 0, "reading": 30,
                                             "other": 0}}]
    with pytest.raises(InvalidInput, match="bucket"):
        logbook.stats("alice", None, None, "year")


def test_a_log_never_overwrites_one_that_drew_the_same_id() -> None:
    repo = InMemoryItemRepository()
    same = Logbook(repo, lambda: NOW, lambda _user: BERLIN, lambda n: bytes(n))
    same.log_text("alice", "25m anime")
    with pytest.raises(Conflict):
        same.log_text("alice", "5m anime")
    assert [e.minutes for e in same.history("alice").entries] == [25]
    repo.close()


def test_editing_the_minutes_of_an_amount_keeps_it_as_a_measured_reading(
    logbook: Logbook,
) -> None:
    # 9,000 characters at the default speed, then the learner says it took 30 minutes.
    logged = logbook.log("alice", LogRequest(activity="visual_novel", amount=9000,
                                             unit="characters", date="2026-11-30"), "api")
    assert logbook.stats("alice", "2026-11-30", "2026-11-30", "day")["reading_speed"] == []
    edited = logbook.edit("alice", logged.entry.id, EntryChanges(minutes=30))
    assert (edited.minutes, edited.amount, edited.unit) == (30, 9000, "characters")
    speed = logbook.stats("alice", "2026-11-30", "2026-11-30", "day")["reading_speed"]
    assert [(row["characters"], row["characters_per_minute"]) for row in speed] == [
        (9000, 300.0)]
