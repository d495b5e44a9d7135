"""GET /progress from the kept items: the body every entry gives, and reads that never write."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from handlers.service.catalog.sync_movies import MovieRef
from handlers.service.core.calendar import local_date
from handlers.service.facade import Service
from handlers.service.goals.area import reminder_content
from handlers.service.goals.rules import minutes_by_day, streak
from handlers.service.kept.creating import create_new
from handlers.service.kept.writing import updated
from handlers.service.logbook.writes import EntryChanges, LogRequest
from handlers.service.progress.statistics import progress_with_days
from handlers.service.progress.stats import STATS_PREFIXES, counted
from handlers.settings import Settings
from storage.memory import InMemoryItemRepository
from storage.models import Episode, LogEntry, Movie, Show, YouTubeVideo, user_pk
from storage.repository import Item
from tests.support.counting_repository import CountingRepository
from tests.unit.handlers.provider_doubles import fake_clients
from tests.unit.handlers.test_progress_golden import CLOCKS, ZONES, _store

ACTIVITIES = ("anime", "book", "podcast", "game", "audiobook", "other", "tv", "movie", "video")
WRITES = ("put", "put_many_if_absent", "write_many", "update", "delete", "put_if_absent",
          "transact")


def history(seed: int, near: datetime) -> list[Item]:
    """The golden test's mixed store (a show marked anime), with logs and partly watched
    videos, some of them around ``near`` (so that they are recent for some clocks and older
    for others)."""
    rng = random.Random(seed)
    # Show f1 is marked anime: its episodes count as anime, read when counted.
    items = [{**item, "activity": "anime"} if item["sk"] == "SHOW#f1" else item
             for item in _store("mixed")]
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
        if n % 7 == 0:  # newer for some clocks, older for others: each listed once
            items.append(Movie(user="golden", file_name=f"near {n}", timestamp=at,
                               tvdb_name=rng.choice([None, f"Near {n % 4}"]),
                               tvdb_image=rng.choice([None, f"https://t/{n}.jpg"]),
                               tmdb_name=rng.choice([None, "Near"]),
                               tmdb_image=rng.choice([None, "https://m.jpg"])).to_item())
    return sorted(items, key=lambda item: item["sk"].encode())


def service_with(items: list[Item], now: datetime, zone: str) -> Service:
    repo = InMemoryItemRepository(clock=now.timestamp)
    service = Service(repo=repo, providers=fake_clients(), settings=Settings(timezone=zone),
                      clock=lambda: now)
    create_new(service.store, "golden", ZoneInfo(zone), items)
    return service


def every_entry(service: Service, now: datetime) -> dict[str, Any]:
    """The body as every stored entry gives it (the definition the kept read must meet)."""
    pk = user_pk("golden")
    items = [item for prefix in STATS_PREFIXES for item in service.repo.query_prefix(pk, prefix)]
    body, days, seconds = progress_with_days(iter(items), now, service.timezone("golden"))
    return {**body, **service.goals.figures("golden", days, seconds)}


@pytest.mark.parametrize("clock", list(CLOCKS))
@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("days_before", [0, 2, 8, 9, 10, 40])
def test_the_body_from_the_kept_items_is_the_body_from_every_entry(
    clock: str, zone: str, days_before: int
) -> None:
    now = CLOCKS[clock]
    service = service_with(history(days_before, now - timedelta(days=days_before)), now, zone)
    assert service.kept.verify("golden") == []
    assert service.progress("golden") == every_entry(service, now)


def test_progress_never_writes() -> None:
    now = CLOCKS["nz-summer"]
    service = service_with(history(1, now), now, "UTC")
    counting = CountingRepository(service.repo)
    reading = Service(repo=counting, providers=fake_clients(), settings=Settings(timezone="UTC"),
                      clock=lambda: now)
    assert reading.progress("golden") == every_entry(service, now)
    assert not {call for call in counting.calls if call in WRITES}


NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


@pytest.fixture
def service() -> Service:
    repo = InMemoryItemRepository(clock=lambda: NOW.timestamp())
    return Service(repo=repo, providers=fake_clients(), settings=Settings(), clock=lambda: NOW)


def _log(service: Service, minutes: float, date: str | None = None) -> None:
    service.logbook.log("alice", LogRequest(activity="book", minutes=minutes, date=date), "api")


@pytest.mark.parametrize("write", ["sync", "rename", "unwatch"])
def test_a_movie_logged_renamed_or_removed_shows_in_the_next_progress(
    service: Service, write: str
) -> None:
    service.sync_movies("alice", [MovieRef("suzume", tvdb_id=331904),
                                  MovieRef("kimi", tmdb_id=372058)])
    pk = user_pk("alice")
    old = service.repo.get(pk, "MOVIE#suzume")
    assert old is not None
    older = updated(old, {"timestamp": int((NOW - timedelta(days=40)).timestamp())})
    with service.writing("alice") as writing:  # one older movie, one newer
        writing.change(old, older)
    service.progress("alice")
    if write == "sync":
        service.sync_movies("alice", [MovieRef("君の名は", tvdb_id=197)])
    elif write == "rename":
        with service.writing("alice") as writing:
            writing.change(older, updated(older, {"tvdb_name": "Suzume", "tvdb_image": "s.jpg"}))
    else:
        with service.writing("alice") as writing:
            writing.remove(older)
    body = service.progress("alice")
    names = {"sync": ["すずめの戸締まり", "君の名は。", "君の名は。"],
             "rename": ["Suzume", "君の名は。"], "unwatch": ["君の名は。"]}[write]
    assert [movie["name"] for movie in body["movies"]] == names
    assert body == _every_entry_of(service, "alice")


@pytest.mark.parametrize("write", ["log", "delete", "edit", "move", "zone"])
def test_any_write_shows_in_the_next_progress(service: Service, write: str) -> None:
    _log(service, 30, "2026-10-01")
    _log(service, 45, "2026-10-02")
    service.progress("alice")
    entry = service.logbook.history("alice").entries[0]
    expected = {"log": 90, "delete": 30, "edit": 80, "move": 75, "zone": 75}[write]
    if write == "log":
        _log(service, 15, "2026-09-01")
    elif write == "delete":
        service.logbook.delete("alice", entry.id)
    elif write == "edit":
        service.logbook.edit("alice", entry.id, EntryChanges(minutes=50))
    elif write == "move":
        service.logbook.edit("alice", entry.id, EntryChanges(date="2026-11-19"))
    else:
        service.set_timezone("alice", "Asia/Tokyo")
    body = service.progress("alice")
    assert body["total_minutes"] == expected
    assert body["today_minutes"] == 0
    assert {k: body[k] for k in body} == _every_entry_of(service, "alice")


def _every_entry_of(service: Service, user: str) -> dict[str, Any]:
    pk = user_pk(user)
    items = [item for prefix in STATS_PREFIXES for item in service.repo.query_prefix(pk, prefix)]
    body, days, seconds = progress_with_days(iter(items), NOW, service.timezone(user))
    return {**body, **service.goals.figures(user, days, seconds)}


def test_a_new_show_record_weighs_the_older_episodes(service: Service) -> None:
    at = int((NOW - timedelta(days=30)).timestamp())
    episode = Episode(user="alice", folder_name="Free!", file_name="01", timestamp=at).to_item()
    create_new(service.store, "alice", service.timezone("alice"), [episode])
    before = service.progress("alice")["total_minutes"]
    service.store.put(Show(user="alice", folder_name="Free!", tvdb_average_runtime=3600).to_item())
    assert (before, service.progress("alice")["total_minutes"]) == (20, 60)


def test_the_kept_items_are_never_exported(service: Service) -> None:
    _log(service, 30, "2026-10-01")
    service.sync_movies("alice", [MovieRef("suzume", tvdb_id=331904)])
    assert list(service.repo.query_prefix(user_pk("alice"), "MOVIES#"))
    exported = "".join(service.portability.export_jsonl("alice"))
    for kept in ("DAY#", "YEAR#", "MONTH#", '"TOTALS"', "HISTORY#", "MOVIES#"):
        assert kept not in exported
    assert "LOG#" in exported and "MOVIE#suzume" in exported


@pytest.mark.parametrize("clock", list(CLOCKS))
@pytest.mark.parametrize("zone", ZONES)
def test_goals_streaks_and_reminders_from_the_kept_items_are_those_of_every_entry(
    clock: str, zone: str
) -> None:
    now = CLOCKS[clock]
    service = service_with(history(3, now - timedelta(days=4)), now, zone)
    service.goals.update_settings("golden", {"goals": {"daily_minutes": 45}})
    pk, tz = user_pk("golden"), ZoneInfo(zone)
    items = [item for prefix in STATS_PREFIXES for item in service.repo.query_prefix(pk, prefix)]
    _body, days, seconds = progress_with_days(iter(items), now, tz)
    assert service.goals.figures("golden") == service.goals.figures("golden", days, seconds)
    entries = counted(items)
    today = local_date(now, tz)
    for hours in (0, 5, 13):
        at = now + timedelta(hours=hours)
        expected = reminder_content(minutes_by_day(entries, tz, local_date(at, tz)), entries,
                                    45, local_date(at, tz), at)
        assert service.goals.reminder_notice("golden", at) == expected
    assert service.goals.streak_at("golden", now) == streak(days, today, 45)


def test_a_user_with_only_recent_entries_is_answered_from_kept_items() -> None:
    # No entry older than the recent window: no older day to start from, and no first or
    # last older entry (attributes the stores do not keep). Still no entry is read and
    # nothing is written, and the body is the one every entry gives.
    now = datetime(2026, 11, 20, 12, tzinfo=UTC)
    store = CountingRepository(InMemoryItemRepository(clock=lambda: now.timestamp()))
    service = Service(repo=store, providers=fake_clients(), settings=Settings(),
                      clock=lambda: now)
    for day in ("2026-11-18", "2026-11-19", "2026-11-20"):
        service.logbook.log("alice", LogRequest(activity="book", minutes=20, date=day), "api")
    store.items_read.clear()
    store.calls.clear()
    first = service.progress("alice")
    second = service.progress("alice")
    assert store.items_read[LogEntry.SK_PREFIX] == 0
    assert not {"put", "put_if_absent", "write_many", "transact", "update",
                "delete"} & set(store.calls)
    assert second == first and int(first["total_minutes"]) == 60


def _edges(now: datetime, zone: str) -> list[int]:
    """Moments on every edge the day totals meet a rule that cuts a day: today's local
    midnight, the start of the last 7×24 hours and the end of its local day, the seven
    days' midnights, and days ahead."""
    tz = ZoneInfo(zone)
    week_start = int(now.timestamp()) - 7 * 86400
    week_day = datetime.fromtimestamp(week_start, tz).date()
    week_end = int(datetime.combine(week_day + timedelta(days=1), datetime.min.time(),
                                    tzinfo=tz).timestamp())
    midnights = [int(datetime.combine(local_date(now, tz) - timedelta(days=n),
                                      datetime.min.time(), tzinfo=tz).timestamp())
                 for n in range(-2, 9)]
    moments = [week_start, week_end, *midnights]
    return sorted({m + d for m in moments for d in (-1, 0, 1)})


@pytest.mark.parametrize("clock", list(CLOCKS))
@pytest.mark.parametrize("zone", [*ZONES, "America/Santiago", "Asia/Kolkata"])
def test_entries_on_the_edges_of_the_newer_days_count_as_every_entry_gives(
    clock: str, zone: str
) -> None:
    now = CLOCKS[clock]
    items: list[Item] = [Show(user="golden", folder_name="f1",
                              tvdb_average_runtime=1500).to_item()]
    # Two months before: the history is old enough for the weekly trend, which the week's
    # cut moves.
    old = int(now.timestamp()) - 60 * 86400
    items.append(LogEntry(user="golden", log_id=f"{99:026d}", activity="book", duration=600,
                          timestamp=old, created_at=old, source="api").to_item())
    for n, at in enumerate(_edges(now, zone)):
        items.append(LogEntry(user="golden", log_id=f"{n:026d}", activity=ACTIVITIES[n % 9],
                              duration=60 + n, timestamp=at, created_at=at,
                              source="api").to_item())
        items.append(Episode(user="golden", folder_name=f"f{n % 2}", file_name=f"e{n}",
                             timestamp=at).to_item())
        items.append(YouTubeVideo(user="golden", youtube_video_id=f"v{n}", timestamp=at,
                                  youtube_video_duration=300 + n).to_item())
    service = service_with(items, now, zone)
    body = service.progress("golden")
    assert body["weekly_trend_percentage"] is not None
    assert body == every_entry(service, now)


@pytest.mark.parametrize("clock", list(CLOCKS))
def test_the_cut_spans_count_from_the_copies_of_every_kind_with_hashes_in_names(
    clock: str,
) -> None:
    # Every folder has its show here, so every reference's copy is sealed and trusted:
    # the cut spans are counted from copies alone (folders and files holding "#", movies
    # with and without a length, a part of a video watched). A log two months before makes
    # the history old enough for the weekly trend, which the week's cut moves.
    now, zone = CLOCKS[clock], "Europe/Berlin"
    folders = {"a#b": 1500, "c#": 1320, "#d": 2400}
    items: list[Item] = [
        Show(user="golden", folder_name=folder, tvdb_average_runtime=runtime).to_item()
        for folder, runtime in folders.items()]
    old = int(now.timestamp()) - 60 * 86400
    items.append(LogEntry(user="golden", log_id=f"{99:026d}", activity="book", duration=600,
                          timestamp=old, created_at=old, source="api").to_item())
    for n, at in enumerate(_edges(now, zone)):
        items.append(Episode(user="golden", folder_name=list(folders)[n % 3],
                             file_name=f"e#{n}", timestamp=at).to_item())
        items.append(Movie(user="golden", file_name=f"m{n}", timestamp=at,
                           movie_duration=(None, 5400)[n % 2]).to_item())
        items.append(YouTubeVideo(user="golden", youtube_video_id=f"v{n}", timestamp=at,
                                  youtube_video_duration=300 + n,
                                  watched_seconds=(None, 100 + n)[n % 2]).to_item())
        items.append(LogEntry(user="golden", log_id=f"{n:026d}", activity="anime",
                              duration=60 + n, timestamp=at, created_at=at,
                              source="api").to_item())
    service = service_with(items, now, zone)
    body = service.progress("golden")
    assert body["weekly_trend_percentage"] is not None
    assert body == every_entry(service, now)
