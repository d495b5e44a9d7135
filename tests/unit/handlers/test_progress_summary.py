"""The progress summary: the body from it is the body from every entry, and it never outlives
a write."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from itertools import chain
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from handlers.service import day_totals, progress_summary
from handlers.service.facade import Service
from handlers.service.logs import EntryChanges, LogRequest
from handlers.service.progress import progress_with_days
from handlers.service.stats import counted
from handlers.settings import Settings
from storage.memory import InMemoryItemRepository
from storage.models import Episode, LogEntry, Show, YouTubeVideo, user_pk
from storage.repository import Item
from tests.support.counting_repository import CountingRepository
from tests.unit.handlers.provider_doubles import fake_clients
from tests.unit.handlers.test_progress_golden import CLOCKS, ZONES, _store

ACTIVITIES = ("anime", "book", "podcast", "game", "audiobook", "other")


def _history(seed: int, near: datetime) -> list[Item]:
    """The golden test's mixed store, with logs and partly watched videos, some of them
    around ``near`` (so that they are new at some builds and old at others)."""
    rng = random.Random(seed)
    items = _store("mixed")
    middle = int(near.timestamp())
    for n in range(150):
        at = middle + rng.randrange(-20 * 86400, 3 * 86400)
        items.append(LogEntry(user="golden", log_id=f"{n:026d}", activity=rng.choice(ACTIVITIES),
                              duration=rng.randrange(60, 7200), timestamp=at, created_at=at,
                              source="api").to_item())
        if n % 3 == 0:
            video = YouTubeVideo(user="golden", youtube_video_id=f"w{n}", timestamp=at,
                                 youtube_channel_id=rng.choice([None, "UC1", "UC9"]),
                                 youtube_video_duration=rng.choice([None, 3000])).to_item()
            items.append({**video, "watched_seconds": rng.randrange(0, 900)})
        if n % 5 == 0:  # folders f0-f4 have show records, the others none
            items.append(Episode(user="golden", folder_name=f"f{n % 9}", file_name=f"e{n}",
                                 timestamp=at).to_item())
    return sorted(items, key=lambda item: item["sk"].encode())


def _round_trip(item: Item) -> Item:
    repo = InMemoryItemRepository()
    repo.put(item)
    stored = repo.get(item["pk"], item["sk"])
    assert stored is not None
    return stored


@pytest.mark.parametrize("clock", list(CLOCKS))
@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("hours_since_built", [0, 1, 47, 24 * 8 + 23, 24 * 40])
def test_the_body_from_a_summary_is_the_body_from_every_entry(
    clock: str, zone: str, hours_since_built: int
) -> None:
    now, tz = CLOCKS[clock], ZoneInfo(zone)
    built = now - timedelta(hours=hours_since_built)
    items = _history(hours_since_built, built)
    expected = progress_with_days(iter(items), now, tz)
    made = progress_summary.summarize(iter(items), tz, built)
    summary, live = made.summary, made.live
    record = progress_summary.to_item("golden", summary, 7)
    assert record is not None
    kept = progress_summary.from_item(_round_trip(record), 7)
    assert kept is not None and kept.serves(tz, now)
    assert [item["sk"] for item in live] == [
        item["sk"] for item in items if item["sk"].startswith(progress_summary.LIVE_PREFIXES)
    ]
    assert progress_with_days(chain(kept.recent, live), now, tz, start=kept) == expected


def test_a_summary_serves_only_its_basis_its_zone_and_later_clocks() -> None:
    now = CLOCKS["nz-summer"]
    summary = progress_summary.summarize(iter(_store("sparse")), ZoneInfo("UTC"), now).summary
    record = progress_summary.to_item("golden", summary, 3)
    assert progress_summary.from_item(record, 4) is None
    assert progress_summary.from_item(record, None) is None
    kept = progress_summary.from_item(record, 3)
    assert kept is not None
    assert kept.serves(ZoneInfo("UTC"), now)
    assert not kept.serves(ZoneInfo("Asia/Tokyo"), now)
    assert not kept.serves(ZoneInfo("UTC"), now - timedelta(seconds=1))


def test_a_user_past_the_bounds_keeps_no_summary() -> None:
    now = CLOCKS["nz-summer"]
    many = [LogEntry(user="golden", log_id=f"{n:026d}", activity="anime", duration=60,
                     timestamp=int(now.timestamp()) - n, created_at=0, source="api").to_item()
            for n in range(progress_summary.MAX_RECENT + 1)]
    summary = progress_summary.summarize(iter(many), ZoneInfo("UTC"), now).summary
    assert progress_summary.to_item("golden", summary, 1) is None


# --- through the service --------------------------------------------------------------

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


@pytest.fixture
def service() -> Service:
    repo = InMemoryItemRepository(clock=lambda: NOW.timestamp())
    return Service(repo=repo, providers=fake_clients(), settings=Settings(), clock=lambda: NOW)


def _log(service: Service, minutes: float, date: str | None = None) -> None:
    service.logbook.log("alice", LogRequest(activity="book", minutes=minutes, date=date), "api")


def _tamper(service: Service) -> None:
    """Change what the stored summary says, leaving it as current as it was."""
    item = service.repo.get(user_pk("alice"), progress_summary.SUMMARY_SK)
    assert item is not None
    service.repo.put({**item, "seconds": item["seconds"] + 600 * 60})


def _minutes(body: dict[str, Any]) -> int:
    return int(body["total_minutes"])


def test_progress_keeps_a_summary_and_answers_from_it_while_nothing_is_written(
    service: Service,
) -> None:
    _log(service, 30, "2026-10-01")
    assert _minutes(service.progress("alice")) == 30
    _tamper(service)
    # The summary is what the next request reads: the tampered sum shows...
    assert _minutes(service.progress("alice")) == 630


@pytest.mark.parametrize("write", ["log", "delete", "edit", "setshow_record"])
def test_any_write_of_the_entries_or_records_makes_the_summary_unused(
    service: Service, write: str
) -> None:
    _log(service, 30, "2026-10-01")
    _log(service, 45, "2026-10-02")
    service.progress("alice")
    _tamper(service)
    entry = service.logbook.history("alice").entries[0]
    if write == "log":
        _log(service, 15, "2026-09-01")
        expected = 90
    elif write == "delete":
        service.logbook.delete("alice", entry.id)
        expected = 30
    elif write == "edit":
        service.logbook.edit("alice", entry.id, EntryChanges(minutes=50))
        expected = 80
    else:
        service.store.put(Show(user="alice", folder_name="Folder").to_item())
        expected = 75
    assert _minutes(service.progress("alice")) == expected
    # ...and the summary built by that request serves the next one.
    assert _minutes(service.progress("alice")) == expected


def test_a_summary_of_another_zone_is_not_used(service: Service) -> None:
    _log(service, 30, "2026-10-01")
    service.progress("alice")
    _tamper(service)
    service.set_timezone("alice", "Asia/Tokyo")
    assert _minutes(service.progress("alice")) == 30


@pytest.mark.parametrize("clock", ["nz-summer", "nz-dst-end", "new-year"])
def test_the_day_summary_built_on_the_way_is_the_one_built_from_every_entry(clock: str) -> None:
    now = CLOCKS[clock]
    repo = InMemoryItemRepository(clock=lambda: now.timestamp())
    service = Service(repo=repo, providers=fake_clients(), settings=Settings(), clock=lambda: now)
    items = [{**item, "pk": user_pk("golden")} for item in _history(3, now - timedelta(days=5))]
    repo.put_many_if_absent(items)
    zone = service.timezone("golden")
    service.progress("golden")
    expected = day_totals.summarize(counted(items), zone, now)
    stored = day_totals.from_item(repo.get(user_pk("golden"), day_totals.SUMMARY_SK))
    assert stored == day_totals.from_item(
        _round_trip({**day_totals._attributes("golden", expected), "version": 1})
    )
    assert stored is not None and stored.recent and stored.days


def test_a_summary_over_the_size_of_an_item_is_not_kept() -> None:
    now = CLOCKS["nz-summer"]
    summary = progress_summary.summarize(iter(_store("sparse")), ZoneInfo("UTC"), now).summary
    assert progress_summary.to_item("golden", summary, 1) is not None
    # Fifty years of days in every group: past the 400 KB DynamoDB takes in one item.
    summary.days = {str(700_000 + n): [n, n, n, n] for n in range(50 * 366)}
    assert progress_summary.to_item("golden", summary, 1) is None


def test_the_summaries_are_never_exported(service: Service) -> None:
    _log(service, 30, "2026-10-01")
    service.progress("alice")
    assert service.repo.get(user_pk("alice"), progress_summary.SUMMARY_SK) is not None
    exported = "".join(service.portability.export_jsonl("alice"))
    assert "PROGRESSSUMMARY" not in exported and "DAYTOTALS" not in exported
    assert "LOG#" in exported


def test_a_user_with_only_recent_entries_is_served_by_the_summary() -> None:
    # No entry older than the summary's recent window: no first or last older entry,
    # attributes the stores do not keep.
    store = CountingRepository(InMemoryItemRepository(clock=lambda: NOW.timestamp()))
    service = Service(repo=store, providers=fake_clients(), settings=Settings(),
                      clock=lambda: NOW)
    for day in ("2026-11-18", "2026-11-19", "2026-11-20"):
        _log(service, 20, day)
    store.items_read.clear()
    first = service.progress("alice")
    assert store.items_read[LogEntry.SK_PREFIX] == 3
    store.items_read.clear()
    second = service.progress("alice")
    assert store.items_read[LogEntry.SK_PREFIX] == 0
    assert second == first and _minutes(second) == 60
