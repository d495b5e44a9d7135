"""The per-user summary a tick reads instead of the entries: same content, never stale."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from handlers.service.facade import Service
from handlers.service.goals.area import reminder_content
from handlers.service.goals.rules import minutes_by_day
from handlers.service.kept.contributions import TOTALS_SK
from handlers.service.kept.writing import Writing
from handlers.service.logbook.writes import LogRequest
from handlers.service.progress import day_totals
from handlers.service.progress.day_totals import SUMMARY_SK, Rebuild, from_item, summarize, writes
from handlers.service.progress.stats import Counted
from handlers.settings import Settings
from storage.memory import InMemoryItemRepository
from storage.models import user_pk
from tests.unit.handlers.provider_doubles import fake_clients

NOW = datetime(2026, 3, 29, 12, 0, tzinfo=UTC)  # the day Berlin moves its clocks
AUCKLAND_TODAY = NOW.astimezone(ZoneInfo("Pacific/Auckland")).date()  # the default zone
ACTIVITIES = ("anime", "book", "podcast", "tv", "video", "game")


def _entries(rng: random.Random, count: int) -> list[Counted]:
    start = int((NOW - timedelta(days=60)).timestamp())
    moments = sorted(rng.randrange(start, int(NOW.timestamp())) for _ in range(count))
    return [Counted(at, rng.choice(ACTIVITIES), "t", rng.choice((0, 59.5, 600, 1234.5, 3600)))
            for at in moments]


@pytest.mark.parametrize("seed", range(30))
def test_a_reminder_from_the_summary_says_what_the_entries_say(seed: int) -> None:
    rng = random.Random(seed)
    zone = ZoneInfo(rng.choice(("UTC", "Europe/Berlin", "Pacific/Auckland", "America/St_Johns")))
    entries = _entries(rng, rng.randrange(0, 300))
    built = NOW - timedelta(hours=rng.randrange(0, 30))
    summary = from_item(_stored(summarize(entries, zone, built)), 0)
    assert summary is not None
    for hours in (0, 1, 5, 23, 49):
        at = built + timedelta(hours=hours)
        assert summary.serves(zone, at)
        today = at.astimezone(zone).date()
        for target in (None, 1, 30, 90):
            days = minutes_by_day(entries, zone, today)
            expected = reminder_content(days, entries, target, today, at)
            assert reminder_content(summary.days, summary.recent, target, today, at) == expected


def _stored(totals: day_totals.DayTotals) -> dict[str, object]:
    repo = InMemoryItemRepository()
    # Store and read back exactly as a tick would (JSON numbers and lists included).
    repo.put(day_totals._attributes("alice", totals, 0))
    item = repo.get(user_pk("alice"), SUMMARY_SK)
    assert item is not None
    return item


def test_a_summary_serves_only_its_zone_and_times_after_it_was_built() -> None:
    summary = summarize([], ZoneInfo("UTC"), NOW)
    assert summary.serves(ZoneInfo("UTC"), NOW)
    assert not summary.serves(ZoneInfo("Asia/Tokyo"), NOW)
    assert not summary.serves(ZoneInfo("UTC"), NOW - timedelta(seconds=1))


@pytest.fixture
def service() -> Service:
    repo = InMemoryItemRepository(clock=lambda: NOW.timestamp())
    return Service(repo=repo, providers=fake_clients(), settings=Settings(), clock=lambda: NOW)


def _fresh(service: Service) -> day_totals.DayTotals | None:
    """The stored summary if it is fresh, told as a reader tells: with ``TOTALS``."""
    read = service.repo.get_many(user_pk("alice"), [SUMMARY_SK, TOTALS_SK])
    return from_item(read.get(SUMMARY_SK), writes(read.get(TOTALS_SK)))


def _log(service: Service, minutes: float = 20) -> None:
    service.logbook.log("alice", LogRequest(activity="anime", minutes=minutes), "api")


def test_a_log_marks_the_summary_stale_and_after_log_builds_it(service: Service) -> None:
    _log(service)
    assert _fresh(service) is None
    service.goals.after_log("alice")
    fresh = _fresh(service)
    assert fresh is not None and fresh.days[AUCKLAND_TODAY]["all"] == 20
    _log(service, 5)
    assert _fresh(service) is None
    service.progress("alice")  # /progress only reads
    assert _fresh(service) is None
    service.goals.after_log("alice")
    fresh = _fresh(service)
    assert fresh is not None and fresh.days[AUCKLAND_TODAY]["all"] == 25


def test_writes_of_related_records_mark_it_stale_and_other_writes_do_not(
    service: Service,
) -> None:
    _log(service)
    service.goals.after_log("alice")
    with Writing(service.store, "alice", service.timezone("alice")) as writing:
        writing.put({"pk": user_pk("alice"), "sk": "UNDO#1", "user": "alice"})  # no entry
    assert _fresh(service) is not None
    with Writing(service.store, "alice", service.timezone("alice")) as writing:
        writing.put_record({"pk": user_pk("alice"), "sk": "SHOW#Frieren", "user": "alice",
                            "folder_name": "Frieren", "version": 1})
    assert _fresh(service) is None


def test_a_log_racing_a_build_never_leaves_a_fresh_summary_missing_it(
    service: Service,
) -> None:
    zone = ZoneInfo("UTC")
    for present in (False, True):
        rebuild = service.goals.start_rebuild("alice")  # the count, then the entries...
        entries = service.goals.entries("alice")
        _log(service)  # ...then a log lands before the build is stored
        rebuild.store(entries, zone, NOW)
        stored = _stored_item(service)
        assert stored is not None and stored["built_on"] == rebuild.writes_before, present
        assert _fresh(service) is None, present  # stored, but behind the count
        service.goals.after_log("alice")  # a build with nothing racing it is fresh
        assert _fresh(service) is not None


def test_a_build_the_notifier_read_before_a_log_is_not_fresh(service: Service) -> None:
    _log(service)
    service.goals.after_log("alice")
    page_read = service.repo.get_many(user_pk("alice"), [SUMMARY_SK, TOTALS_SK])
    _log(service, 5)  # lands between the tick's batched read and its build
    built = service.goals.day_summary("alice", ZoneInfo("Pacific/Auckland"), NOW)
    Rebuild(service.repo, "alice", None, writes(page_read.get(TOTALS_SK))).store_totals(built)
    assert _fresh(service) is None
    service.goals.after_log("alice")
    fresh = _fresh(service)
    assert fresh is not None and fresh.days[AUCKLAND_TODAY]["all"] == 25


def test_a_summary_of_before_the_count_is_never_fresh() -> None:
    old = {**day_totals._attributes("alice", summarize([], ZoneInfo("UTC"), NOW), 0),
           "version": 3}
    del old["built_on"]  # as stored before summaries said the count they were built on
    assert from_item(old, 0) is None
    assert from_item({"pk": "USER#alice", "sk": SUMMARY_SK, "stale": True, "version": 9}, 0) is None


def _stored_item(service: Service) -> dict[str, object] | None:
    return service.repo.get(user_pk("alice"), SUMMARY_SK)


def test_a_user_past_the_bounds_keeps_no_summary() -> None:
    repo = InMemoryItemRepository()
    at = int(NOW.timestamp())
    busy = [Counted(at - n, "video", None, 60) for n in range(day_totals.MAX_RECENT + 1)]
    Rebuild(repo, "alice", None, 0).store(busy, ZoneInfo("UTC"), NOW)
    assert repo.get(user_pk("alice"), SUMMARY_SK) is None
    Rebuild(repo, "alice", None, 0).store(busy[:-1], ZoneInfo("UTC"), NOW)
    assert from_item(repo.get(user_pk("alice"), SUMMARY_SK), 0) is not None
