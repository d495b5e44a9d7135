"""GET /stats reads the period's kept day totals and answers exactly what the stored entries
and their show, channel and podcast records say (service rules)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from handlers.service.core.calendar import day_start
from handlers.service.kept.creating import create_new
from handlers.service.kept.upkeep import rebuild
from handlers.service.kept.writing import Writing, updated
from handlers.service.logbook import history_index
from handlers.service.logbook.area import Logbook
from handlers.service.progress.stats import STATS_PREFIXES, Bucket, compute_stats, counted
from storage.memory import InMemoryItemRepository
from storage.models import (
    Episode,
    LogEntry,
    Movie,
    Show,
    SpotifyEpisode,
    SpotifyShow,
    YouTubeChannel,
    YouTubeVideo,
    user_pk,
)
from storage.repository import Item, ItemRepository

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)
FIRST, LAST = date(2026, 3, 23), date(2026, 4, 5)
"""Two weeks, Monday to Sunday, around the switch to summer time (2026-03-29 02:00)."""
USER = "alice"
ACTIVITIES = ("anime", "manga", "book", "audiobook", "game", "visual_novel")


def at(day: date, hour: int = 12, minute: int = 0, second: int = 0) -> int:
    return int(datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=BERLIN)
               .timestamp())


IN_AT_MIDNIGHT = at(FIRST, 0)
OUT_AT_MIDNIGHT = at(LAST + timedelta(days=1), 0)
MOMENTS = (
    IN_AT_MIDNIGHT, IN_AT_MIDNIGHT - 1, OUT_AT_MIDNIGHT, OUT_AT_MIDNIGHT - 1,
    at(date(2026, 3, 29), 1, 59, 59), at(date(2026, 3, 29), 3), at(date(2026, 3, 30), 0),
    at(date(2026, 3, 28), 23, 59, 59), at(date(2026, 4, 1), 0),
)
"""The period's edges (first midnight in, the one after the last day out) and the
moments around the switch to summer time and a month's start."""


def old_way(repo: ItemRepository, first: date, last: date, bucket: Bucket) -> dict[str, Any]:
    """The body from every stored entry and record, read without the index."""
    pk = user_pk(USER)
    items = [item for prefix in STATS_PREFIXES for item in repo.query_prefix(pk, prefix)]
    since = day_start(first, BERLIN).timestamp()
    until = day_start(last + timedelta(days=1), BERLIN).timestamp()
    # None of these entries is a reader's measurement: no reading speed.
    body = compute_stats(counted(items, since, until), first, last, bucket, BERLIN)
    return {**body, "reading_speed": []}


def log(n: int, timestamp: int, title: str = "") -> Item:
    return LogEntry(
        user=USER, log_id=f"{n:026d}", activity=ACTIVITIES[n % len(ACTIVITIES)], title=title,
        duration=60 + 37 * n % 5000, timestamp=timestamp, created_at=timestamp, source="api",
    ).to_item()


def records() -> list[Item]:
    return [
        Show(user=USER, folder_name="free", tvdb_name="Free!", tvdb_average_runtime=1440,
             activity="anime").to_item(),  # its episodes count as anime
        Show(user=USER, folder_name="bare").to_item(),  # a sync's bare record: no name, no runtime
        YouTubeChannel(user=USER, youtube_channel_id="UC", youtube_channel_title="Nihongo")
        .to_item(),
        SpotifyShow(user=USER, spotify_show_id="miku", spotify_show_name="Miku").to_item(),
    ]


def content(moment: int, n: int) -> list[Item]:
    """One entry of every kind and shape at ``moment`` (``n`` keeps keys apart)."""
    return [
        Episode(user=USER, folder_name=folder, file_name=f"{n}", timestamp=moment).to_item()
        for folder in ("free", "bare", "orphan", "late")
    ] + [
        Movie(user=USER, file_name=f"a{n}", tvdb_name="Suzume", movie_duration=7200,
              timestamp=moment).to_item(),
        Movie(user=USER, file_name=f"b{n}", tmdb_name="Perfect Blue", timestamp=moment).to_item(),
        Movie(user=USER, file_name=f"c{n}", movie_duration=300, timestamp=moment).to_item(),
        YouTubeVideo(user=USER, youtube_video_id=f"v{n}", youtube_channel_id="UC",
                     youtube_video_duration=600 + n, watched_seconds=300, timestamp=moment)
        .to_item(),
        YouTubeVideo(user=USER, youtube_video_id=f"w{n}", youtube_channel_id="UCgone",
                     youtube_video_duration=900, timestamp=moment).to_item(),
        YouTubeVideo(user=USER, youtube_video_id=f"x{n}", timestamp=moment).to_item(),  # live
        SpotifyEpisode(user=USER, spotify_episode_id=f"s{n}", spotify_show_id="miku",
                       spotify_episode_duration=1200, timestamp=moment).to_item(),
        SpotifyEpisode(user=USER, spotify_episode_id=f"t{n}", spotify_show_id="gone",
                       spotify_episode_duration=1800, watched_seconds=400, timestamp=moment)
        .to_item(),
        SpotifyEpisode(user=USER, spotify_episode_id=f"u{n}", spotify_episode_duration=60,
                       timestamp=moment).to_item(),
        log(10_000 + n, moment, "Yotsuba"),
        log(20_000 + n, moment),
    ]


def history_items() -> list[Item]:
    """Every kind at the edges, and logs enough for several store reads, March to April."""
    items = records()
    for n, moment in enumerate(MOMENTS):
        items += content(moment, n)
    start, span = at(date(2026, 3, 1), 0), 61 * 86400
    titles = ("", "Frieren", "Kino", "Hyouka", "Yotsuba")
    items += [log(n, start + n * span // 2500, titles[n % 5]) for n in range(2500)]
    return items


def with_changes(repo: ItemRepository) -> None:
    """Writes after the history was stored: an entry created, one changed, some moved
    across the period's edges, some removed, and a show record written after its episodes."""
    entries = {str(i["sk"]): i for i in history_items()}
    with Writing(repo, USER, BERLIN) as writing:
        writing.add(log(30_000, at(date(2026, 3, 30), 9), "Fresh"))
        changed = entries[log(1000, 0)["sk"]]
        writing.change(changed, updated(changed, {"duration": 4321, "title": "Changed"}))
        for n, moment in ((11, OUT_AT_MIDNIGHT), (12, IN_AT_MIDNIGHT - 1), (13, IN_AT_MIDNIGHT),
                          (1001, at(date(2026, 3, 1), 0) - 5)):
            moved = entries[log(n, 0)["sk"]]
            writing.change(moved, updated(moved, {"timestamp": moment}))
        for gone in (log(14, 0), log(1002, 0), content(0, 4)[4], log(10_004, 0)):
            writing.remove(entries[gone["sk"]])
        writing.put_record(Show(user=USER, folder_name="late", tvdb_name="Late Show",
                                tvdb_average_runtime=3000).to_item())


@pytest.fixture
def repo() -> Iterator[InMemoryItemRepository]:
    store = InMemoryItemRepository()
    yield store
    store.close()


def logbook_on(repo: ItemRepository) -> Logbook:
    return Logbook(repo, lambda: NOW, lambda _user: BERLIN)


PERIODS = [
    (FIRST, LAST, "day"), (FIRST, LAST, "week"), (FIRST, LAST, "month"),
    (date(2026, 3, 29), date(2026, 3, 29), "day"), (date(2026, 1, 1), date(2026, 12, 1), "week"),
    (date(2026, 2, 1), date(2026, 2, 28), "month"),
    # Whole months read as month totals, the days of the months cut by the period as days.
    (date(2026, 3, 1), date(2026, 4, 30), "month"), (date(2026, 2, 15), date(2026, 4, 10), "month"),
    (date(2026, 3, 2), date(2026, 4, 30), "month"), (date(2016, 12, 2), date(2026, 12, 1), "month"),
]


@pytest.mark.parametrize(("first", "last", "bucket"), PERIODS)
def test_the_kept_totals_answer_what_the_entries_say(
    repo: ItemRepository, first: date, last: date, bucket: Bucket
) -> None:
    create_new(repo, USER, BERLIN, history_items())
    with_changes(repo)
    expected = old_way(repo, first, last, bucket)
    assert logbook_on(repo).stats(USER, first.isoformat(), last.isoformat(), bucket) == expected


def test_the_edges_and_the_summer_time_by_themselves(repo: ItemRepository) -> None:
    minutes = {IN_AT_MIDNIGHT: 1, IN_AT_MIDNIGHT - 1: 2, OUT_AT_MIDNIGHT - 1: 4,
               OUT_AT_MIDNIGHT: 8, at(date(2026, 3, 29), 1, 59, 59): 16,
               at(date(2026, 3, 29), 3): 32, at(date(2026, 3, 30), 0): 64}
    create_new(repo, USER, BERLIN, [
        {**log(n, moment, "Edge"), "duration": 60 * minutes[moment]}
        for n, moment in enumerate(minutes)
    ])
    body = logbook_on(repo).stats(USER, FIRST.isoformat(), LAST.isoformat(), "day")
    days = {bucket["start"]: bucket["minutes"] for bucket in body["buckets"] if bucket["minutes"]}
    assert days == {"2026-03-23": 1, "2026-03-29": 16 + 32, "2026-03-30": 64, "2026-04-05": 4}
    assert body["top_titles"] == [
        {"title": "Edge", "activity": a, "minutes": m, "count": c}
        for a, m, c in (("anime", 65, 2), ("visual_novel", 32, 1), ("game", 16, 1),
                        ("book", 4, 1))
    ]


def test_the_records_name_what_the_totals_count(repo: ItemRepository) -> None:
    entries = [item for n, moment in enumerate(MOMENTS) for item in content(moment, n)]
    create_new(repo, USER, BERLIN, records() + entries)
    repo.put(Show(user=USER, folder_name="late", tvdb_name="Late Show",
                  tvdb_average_runtime=3000).to_item())
    body = logbook_on(repo).stats(USER, FIRST.isoformat(), LAST.isoformat(), "month")
    assert body == old_way(repo, FIRST, LAST, "month")
    named = {(title["title"], title["activity"]) for title in body["top_titles"]}
    assert {("Free!", "anime"), ("Late Show", "tv"), ("Suzume", "movie"), ("Nihongo", "video"),
            ("Miku", "podcast")} <= named
    assert not {title for title, _activity in named} & {"UCgone", "gone", "late"}


def test_a_store_from_before_the_kept_items_answers_once_rebuilt(repo: ItemRepository) -> None:
    repo.write_many(history_items())  # stored before the kept items existed
    rebuild(repo, USER, BERLIN)
    body = logbook_on(repo).stats(USER, FIRST.isoformat(), LAST.isoformat(), "week")
    assert body == old_way(repo, FIRST, LAST, "week")
    assert sum(bucket["minutes"] for bucket in body["buckets"]) > 0
    references = list(repo.query_prefix(user_pk(USER), history_index.PREFIX))
    assert len(references) == len(history_items()) - len(records())
    assert all(r[history_index.SEALED] for r in references)


def test_by_month_the_reading_speed_is_still_charted_per_day(repo: ItemRepository) -> None:
    measured = [
        {**log(n, at(day), "Kino"), "amount": 3000 + 100 * n, "unit": "characters",
         "source": "import:ttu:kino"}
        for n, day in enumerate((date(2026, 2, 20), date(2026, 3, 1), date(2026, 3, 1),
                                 date(2026, 3, 17), date(2026, 4, 1), date(2026, 4, 30)))
    ]
    create_new(repo, USER, BERLIN, measured)
    logbook = logbook_on(repo)
    by_month = logbook.stats(USER, "2026-02-15", "2026-04-30", "month")["reading_speed"]
    by_day = logbook.stats(USER, "2026-02-15", "2026-04-30", "day")["reading_speed"]
    assert by_month == by_day
    assert len(by_day) == 6  # per day and activity: every log here is of its own activity
