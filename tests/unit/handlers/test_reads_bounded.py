"""GET /progress and GET /stats read kept items whose number does not grow with the history:
the items a request reads are counted at two history lengths over the same five years. A
request reads the user's settings item no more often than it needs it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.chat_replies import full_progress, period_stats
from bot.formatting import progress_text
from handlers.service import local_date
from handlers.service.facade import Service
from handlers.service.kept.creating import create_new
from handlers.service.kept.movie_list import SHARDS
from handlers.service.logbook.requests import LogRequest
from handlers.service.progress.statistics import progress_with_days
from handlers.settings import Settings
from storage.memory import InMemoryItemRepository
from storage.models import LogEntry, Movie, Show, YouTubeChannel, YouTubeVideo
from storage.repository import Item
from tests.unit.handlers.provider_doubles import fake_clients

NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)
USER = "alice"
SPAN = 5 * 365 * 86400
QUIET = 30 * 86400
"""The history ends a month before now: the newest entries (read one by one) are the same
few at every length."""


class CountingStore(InMemoryItemRepository):
    """The in-memory store, counting the items each read hands back by kind (``MOVIE#``)."""

    def __init__(self) -> None:
        super().__init__(clock=lambda: NOW.timestamp())
        self.read: Counter[str] = Counter()

    def _count(self, items: Iterable[Item]) -> None:
        self.read.update(str(item["sk"]).partition("#")[0] for item in items)

    def get(self, pk: str, sk: str) -> Item | None:
        found = super().get(pk, sk)
        self._count([found] if found else [])
        return found

    def get_many(self, pk: str, sks: Sequence[str]) -> dict[str, Item]:
        found = super().get_many(pk, sks)
        self._count(found.values())
        return found

    def get_keys(self, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], Item]:
        found = super().get_keys(keys)
        self._count(found.values())
        return found

    def last_in_prefix(self, pk: str, sk_prefix: str = "") -> Item | None:
        found = super().last_in_prefix(pk, sk_prefix)
        self._count([found] if found else [])
        return found

    def query_prefix(self, pk: str, sk_prefix: str = "", *, start_after: str | None = None,
                     limit: int | None = None) -> Iterator[Item]:
        for item in super().query_prefix(pk, sk_prefix, start_after=start_after, limit=limit):
            self._count([item])
            yield item


def history(count: int) -> list[Item]:
    """``count`` entries over five years (logs of ten titles, videos of three channels, a
    movie in twenty), their records, and the same three entries in the last week."""
    end = int(NOW.timestamp()) - QUIET
    items: list[Item] = [
        Show(user=USER, folder_name="free", tvdb_name="Free!", tvdb_average_runtime=1440).to_item(),
        *(YouTubeChannel(user=USER, youtube_channel_id=f"UC{n}", youtube_channel_title=f"C{n}")
          .to_item() for n in range(3)),
    ]
    for n in range(count):
        at = end - SPAN + n * SPAN // count
        if n % 20 == 0:
            items.append(Movie(user=USER, file_name=f"movie {n}", tvdb_name=f"Movie {n}",
                               movie_duration=6000, timestamp=at).to_item())
        elif n % 2:
            items.append(YouTubeVideo(user=USER, youtube_video_id=f"v{n}",
                                      youtube_channel_id=f"UC{n % 3}",
                                      youtube_video_duration=600, timestamp=at).to_item())
        else:
            items.append(LogEntry(user=USER, log_id=f"{n:026d}", activity="book",
                                  title=f"Title {n % 10}", duration=900, timestamp=at,
                                  created_at=at, source="api").to_item())
    for n in range(3):
        at = int(NOW.timestamp()) - n * 86400 - 3600
        items.append(LogEntry(user=USER, log_id=f"recent{n:020d}", activity="anime",
                              title="Frieren", duration=1440, timestamp=at, created_at=at,
                              source="api").to_item())
    return items


def reads(count: int) -> Mapping[str, Counter[str]]:
    """Items each request read, for a history of ``count`` entries."""
    store = CountingStore()
    service = Service(repo=store, providers=fake_clients(), settings=Settings(),
                      clock=lambda: NOW)
    create_new(store, USER, service.timezone(USER), history(count))
    found: dict[str, Counter[str]] = {}
    requests: dict[str, Callable[[], object]] = {
        "progress": lambda: service.progress(USER),
        "stats by month": lambda: service.logbook.stats(USER, "2016-12-02", "2026-12-01",
                                                        "month"),
        "all time by month": lambda: service.logbook.all_time_stats(USER, "month"),
    }
    for name, request in requests.items():
        store.read = Counter()
        request()
        found[name] = store.read
    store.close()
    return found


@pytest.fixture(scope="module")
def short_and_long() -> tuple[Mapping[str, Counter[str]], Mapping[str, Counter[str]]]:
    return reads(200), reads(2_000)


def test_stats_by_month_reads_one_total_per_month_whatever_the_history(
    short_and_long: tuple[Mapping[str, Counter[str]], Mapping[str, Counter[str]]],
) -> None:
    short, long = short_and_long
    # Ten years by month: one month total per month of the five years with entries (61
    # and the one the read stops at), the days of the month the period cuts, the records.
    assert long["stats by month"] == short["stats by month"]
    assert long["stats by month"].total() < 80


def test_all_time_by_month_reads_the_first_reference_and_one_total_per_month(
    short_and_long: tuple[Mapping[str, Counter[str]], Mapping[str, Counter[str]]],
) -> None:
    short, long = short_and_long
    # The chats' /progress all: the history index's last reference (the first entry's
    # moment), then one total per month from that month on (the first whole too: 61 with
    # entries and the one the read stops at), the days of the month today cuts, the records.
    assert long["all time by month"] == short["all time by month"]
    assert (long["all time by month"]["HISTORY"], long["all time by month"]["MONTH"]) == (1, 62)
    assert long["all time by month"].total() < 80


def test_progress_reads_a_bounded_number_of_items_whatever_the_history_and_its_movies(
    short_and_long: tuple[Mapping[str, Counter[str]], Mapping[str, Counter[str]]],
) -> None:
    short, long = short_and_long
    # The body lists every movie (one in twenty entries here, 10 and 100): from the kept
    # list's shards, at most one item per shard whatever the movies, never a movie itself.
    assert short["progress"]["MOVIE"] == long["progress"]["MOVIE"] == 0
    assert short["progress"]["MOVIES"] <= long["progress"]["MOVIES"] <= SHARDS
    # References: a page for each span a rule cuts whose day has an entry (here today's
    # midnight: two), and those of the first day (the earliest entry's moment).
    assert short["progress"]["HISTORY"] <= long["progress"]["HISTORY"] <= 8
    for kind in ("MOVIES", "HISTORY"):
        del short["progress"][kind], long["progress"][kind]
    # The rest: the totals, one item per year of days, the newer days' totals, the records,
    # the entries of the cut spans.
    assert long["progress"] == short["progress"]


class PageCountingStore(CountingStore):
    """Counts every item of a query's page, taken or not: DynamoDB answers a query with up
    to its ``limit`` items at once, however few of them the caller goes on to use."""

    def query_prefix(self, pk: str, sk_prefix: str = "", *, start_after: str | None = None,
                     limit: int | None = None) -> Iterator[Item]:
        page = list(InMemoryItemRepository.query_prefix(
            self, pk, sk_prefix, start_after=start_after, limit=limit))
        self._count(page)
        return iter(page)


@pytest.mark.parametrize(("start", "end", "read"), [
    # Ten years by month: the first month the period cuts (December 2016, no entry in its
    # days), the 61 months with entries and the one after the last whole one, the last
    # month's cut day with an entry.
    ("2016-12-02", "2026-12-01", {"MONTH": 62, "DAY": 1}),
    # A year by month: its twelve months, none of the next year's.
    ("2025-01-01", "2025-12-31", {"MONTH": 12}),
])
def test_stats_reads_no_total_past_the_period_in_a_page(
    start: str, end: str, read: Mapping[str, int],
) -> None:
    store = PageCountingStore()
    service = Service(repo=store, providers=fake_clients(), settings=Settings(),
                      clock=lambda: NOW)
    create_new(store, USER, service.timezone(USER), history(2_000))
    store.read = Counter()
    service.logbook.stats(USER, start, end, "month")
    assert {kind: store.read[kind] for kind in ("MONTH", "DAY")} == {
        "MONTH": 0, "DAY": 0, **read}
    store.close()


class QueryCountingStore(CountingStore):
    """Counts the history index's reads (queries), not the items."""

    def __init__(self) -> None:
        super().__init__()
        self.history_queries = 0

    def query_prefix(self, pk: str, sk_prefix: str = "", *, start_after: str | None = None,
                     limit: int | None = None) -> Iterator[Item]:
        if sk_prefix.startswith("HISTORY#"):
            self.history_queries += 1
        return super().query_prefix(pk, sk_prefix, start_after=start_after, limit=limit)

    def last_in_prefix(self, pk: str, sk_prefix: str = "") -> Item | None:
        if sk_prefix.startswith("HISTORY#"):
            self.history_queries += 1
        return super().last_in_prefix(pk, sk_prefix)


def test_the_day_the_week_starts_in_is_read_in_one_page_however_heavy_and_no_empty_span(
) -> None:
    store = QueryCountingStore()
    service = Service(repo=store, providers=fake_clients(), settings=Settings(timezone="UTC"),
                      clock=lambda: NOW)
    week_start = int(NOW.timestamp()) - 7 * 86400  # 12:00 UTC, a week ago
    # Sixty logs on that day, either side of the week's start, one a month before; none
    # today.
    moments = [week_start - 30 * 86400, *range(week_start - 30 * 600, week_start + 30 * 600, 600)]
    items = [LogEntry(user=USER, log_id=f"{n:026d}", activity="book", title="Kokoro",
                      duration=600, timestamp=at, created_at=at, source="api").to_item()
             for n, at in enumerate(moments)]
    zone = service.timezone(USER)
    create_new(store, USER, zone, items)
    store.history_queries, store.read = 0, Counter()
    body = service.progress(USER)
    # The span after the week's start in one read (its day's sixty and one more), the
    # oldest reference for the earliest moment; no read of today's midnight.
    assert store.history_queries == 2
    assert store.read["HISTORY"] == 62
    # No log itself: the span's references carry sealed copies of them.
    assert store.read["LOG"] == 0
    whole, days, seconds = progress_with_days(iter(items), NOW, zone)
    assert body == {**whole, **service.goals.figures(USER, days, seconds)}
    assert body["weekly_trend_percentage"] is not None  # the week's sum counts here
    store.close()


def test_the_earliest_moment_is_one_reference_however_heavy_the_first_day() -> None:
    store = QueryCountingStore()
    service = Service(repo=store, providers=fake_clients(), settings=Settings(timezone="UTC"),
                      clock=lambda: NOW)
    # Sixty logs on one day a month ago, nothing since: no day the rules cut has an entry.
    first = int(NOW.timestamp()) - 30 * 86400
    items = [LogEntry(user=USER, log_id=f"{n:026d}", activity="book", title="Kokoro",
                      duration=600, timestamp=first + 600 * n, created_at=first,
                      source="api").to_item() for n in range(60)]
    zone = service.timezone(USER)
    create_new(store, USER, zone, items)
    store.history_queries, store.read = 0, Counter()
    body = service.progress(USER)
    assert (store.history_queries, store.read["HISTORY"]) == (1, 1)
    whole, days, seconds = progress_with_days(iter(items), NOW, zone)
    assert body == {**whole, **service.goals.figures(USER, days, seconds)}
    assert body["days_since_first_episode"] == 30
    store.close()


@pytest.fixture
def settled() -> Iterator[tuple[CountingStore, Service]]:
    """A counting store and a user who chose every setting: Tokyo's zone, reading at 100
    characters a minute, 30 minutes a day, Japanese."""
    store = CountingStore()
    service = Service(repo=store, providers=fake_clients(), settings=Settings(timezone="UTC"),
                      clock=lambda: NOW)
    service.set_timezone(USER, "Asia/Tokyo")
    service.logbook.set_reading_speed(USER, {"book": 100})
    service.goals.set_goal(USER, "all", "day", 30)
    service.capture.set_languages(USER, ["ja"])
    store.read = Counter()
    yield store, service
    store.close()


@pytest.fixture
def settled_history(
    settled: tuple[CountingStore, Service],
) -> tuple[CountingStore, Service]:
    """``settled``, with 200 entries over five years; nothing counted yet."""
    store, service = settled
    create_new(store, USER, service.timezone(USER), history(200))
    store.read = Counter()
    return settled


def test_progress_reads_the_settings_item_once_for_its_zone_and_its_goals(
    settled_history: tuple[CountingStore, Service],
) -> None:
    store, service = settled_history
    body = service.progress(USER)
    assert store.read["SETTINGS"] == 1
    # Read once, both still count: Tokyo's day and the daily goal of 30 minutes.
    assert [goal["target_minutes"] for goal in body["goals"]] == [30]
    assert body == {**body, **service.goals.figures(USER)}


def test_a_log_reads_the_settings_item_once_and_its_reading_speed_only_for_an_amount(
    settled: tuple[CountingStore, Service],
) -> None:
    store, service = settled
    minutes = service.logbook.log(USER, LogRequest(activity="anime", minutes=25), "api")
    assert store.read["SETTINGS"] == 1
    assert (minutes.entry.minutes, minutes.today_minutes) == (25, 25)
    store.read = Counter()
    said = service.logbook.log_text(USER, "20m anime Frieren")  # the bot's /log
    assert store.read["SETTINGS"] == 1
    assert (said.entry.minutes, said.today_minutes) == (20, 45)
    store.read = Counter()
    site = service.log_url(USER, "https://example.com/read", 5, None)  # a link of no provider
    assert store.read["SETTINGS"] == 1
    assert (site.entry.at, site.today_minutes) == (int(NOW.timestamp()), 50)
    store.read = Counter()
    yesterday = service.log_url(USER, "https://example.com/read", 5, "yesterday")
    assert store.read["SETTINGS"] == 2  # the day is Tokyo's yesterday, then the log
    assert yesterday.today_minutes == 50
    store.read = Counter()
    pages = service.logbook.log(USER, LogRequest(activity="book", amount=10, unit="pages"), "api")
    assert store.read["SETTINGS"] == 2  # the zone, then the speed the pages are read at
    # 10 pages of 350 characters at the user's 100 a minute, not the default speed.
    assert (pages.entry.minutes, pages.today_minutes) == (35, 85)


def test_the_chat_progress_reads_the_zone_once_beside_the_progress_body(
    settled_history: tuple[CountingStore, Service],
) -> None:
    store, service = settled_history
    text, body, weekday = full_progress(service, USER)  # the bot's and Discord's /progress
    # The body's own read (its zone and goals), then the zone for the weekday and the
    # all-time top titles (read four times before).
    assert store.read["SETTINGS"] == 2
    assert weekday == NOW.astimezone(ZoneInfo("Asia/Tokyo")).weekday()
    titles = period_stats(service, USER, "all")["top_titles"]
    assert titles and text == progress_text(body, titles)
    assert body == service.progress(USER)
    store.read = Counter()
    week = period_stats(service, USER, "week")  # /progress week
    assert store.read["SETTINGS"] == 1
    assert week["to"] == local_date(NOW, ZoneInfo("Asia/Tokyo")).isoformat()


def test_the_settings_body_reads_the_settings_item_once(
    settled: tuple[CountingStore, Service],
) -> None:
    store, service = settled
    body = service.settings_of(USER)
    assert store.read["SETTINGS"] == 1
    assert (body["timezone"], body["reading_speed"]["book"], body["goals"]["daily_minutes"],
            body["languages"]) == ("Asia/Tokyo", 100, 30, ["ja"])
    assert body["reminder"] == {"enabled": False, "time": "20:00"}
