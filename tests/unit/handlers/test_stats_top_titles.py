"""GET /stats ranks only the titles that can reach its top list, and lists exactly what
summing every title from the stored entries lists: ties, titles of no seconds, titles a
record names as well as a log (service rules, random histories)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handlers.service.kept.creating import create_new
from handlers.service.kept.writing import Writing
from handlers.service.progress.stats import TOP_TITLES, Bucket
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
)
from storage.repository import Item, ItemRepository
from storage.sqlite import SQLiteItemRepository
from tests.unit.handlers.test_stats_from_index import BERLIN, NOW, USER, logbook_on, old_way

START = date(2026, 9, 20)
"""The histories span ten weeks up to ``NOW``: whole months and cut ones."""
TITLES = ("Kino", "Free!", "Nihongo", "Miku", "Hyouka", "Yotsuba", "Frieren", "Mushishi",
          "Aria", "Bocchi", "Non Non", "Shirobako", "")
"""Few enough to repeat, more than the top list holds; some are also a record's name."""
SECONDS = (0, 0, 60, 600, 600, 1440, 7200)
"""Few durations, so that titles tie; none (a log of no time) still counts an entry."""
ACTIVITIES = ("anime", "tv", "video", "podcast", "movie", "book")
"""A log's: those of a record's name too (a log titled as the show is), and others."""


def records() -> list[Item]:
    """A show named as a log may be titled (anime and tv), a channel and a podcast too."""
    return [
        Show(user=USER, folder_name="free", tvdb_name="Free!", tvdb_average_runtime=1440,
             activity="anime").to_item(),
        Show(user=USER, folder_name="kino", tvdb_name="Kino", tvdb_average_runtime=600)
        .to_item(),
        Show(user=USER, folder_name="Hyouka").to_item(),  # no record name: its folder's
        YouTubeChannel(user=USER, youtube_channel_id="UC", youtube_channel_title="Nihongo")
        .to_item(),
        SpotifyShow(user=USER, spotify_show_id="miku", spotify_show_name="Miku").to_item(),
    ]


Spec = tuple[str, int, int, int, int, str]
"""An entry: its kind, its title's (or record's) index, its seconds' index, its day after
``START``, its hour, and (a log's) its activity."""

SPECS = st.tuples(st.sampled_from(("log", "log", "log", "episode", "movie", "video",
                                   "podcast")),
                  st.integers(0, len(TITLES) - 1), st.integers(0, len(SECONDS) - 1),
                  st.integers(0, (NOW.date() - START).days), st.integers(0, 23),
                  st.sampled_from(ACTIVITIES))


def entry(n: int, spec: Spec) -> Item:
    kind, title_index, seconds_index, day, hour, activity = spec
    title, seconds = TITLES[title_index], SECONDS[seconds_index]
    moment = START + timedelta(days=day)
    at = int(datetime(moment.year, moment.month, moment.day, hour, tzinfo=BERLIN).timestamp())
    at = min(at, int(NOW.timestamp()) - 60)
    if kind == "episode":
        folder = ("free", "kino", "Hyouka", "gone")[title_index % 4]
        return Episode(user=USER, folder_name=folder, file_name=f"{n}", timestamp=at).to_item()
    if kind == "movie":
        return Movie(user=USER, file_name=f"m{n}", tvdb_name=title or None,
                     movie_duration=seconds, timestamp=at).to_item()
    if kind == "video":
        return YouTubeVideo(user=USER, youtube_video_id=f"v{n}",
                            youtube_channel_id=("UC", "UCgone")[title_index % 2],
                            youtube_video_duration=seconds, timestamp=at).to_item()
    if kind == "podcast":
        return SpotifyEpisode(user=USER, spotify_episode_id=f"s{n}", spotify_show_id="miku",
                              spotify_episode_duration=seconds, timestamp=at).to_item()
    return LogEntry(user=USER, log_id=f"{n:026d}", activity=activity,
                    title=title, duration=seconds, timestamp=at, created_at=at,
                    source="api").to_item()


def stored(repo: ItemRepository, specs: list[Spec], removed: set[int]) -> None:
    """The entries written, then some removed (leaving their numbers at zero)."""
    entries = [entry(n, spec) for n, spec in enumerate(specs)]
    create_new(repo, USER, BERLIN, records() + entries)
    if removed & set(range(len(entries))):
        with Writing(repo, USER, BERLIN) as writing:
            for n in sorted(removed & set(range(len(entries)))):
                writing.remove(entries[n])


PERIOD = st.tuples(st.integers(0, (NOW.date() - START).days),
                   st.integers(0, (NOW.date() - START).days),
                   st.sampled_from(("day", "week", "month")))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(SPECS, min_size=30, max_size=90), st.sets(st.integers(0, 89), max_size=8),
       PERIOD, st.booleans())
def test_the_top_list_is_what_summing_every_title_lists(
    specs: list[Spec], removed: set[int], period: tuple[int, int, Bucket], on_sqlite: bool
) -> None:
    low, high, bucket = period
    first = START + timedelta(days=min(low, high))
    last = START + timedelta(days=max(low, high))
    repo: SQLiteItemRepository | InMemoryItemRepository = (
        SQLiteItemRepository(":memory:", clock=NOW.timestamp) if on_sqlite
        else InMemoryItemRepository(clock=NOW.timestamp))
    with repo:
        stored(repo, specs, removed)
        body = logbook_on(repo).stats(USER, first.isoformat(), last.isoformat(), bucket)
        assert body == old_way(repo, first, last, bucket)


@pytest.mark.parametrize("bucket", ["day", "month"])
def test_ties_at_the_last_place_go_by_title_then_activity(bucket: Bucket) -> None:
    # Twelve titles of the same seconds, one of them also a show's name (its episodes
    # weigh 600 s each): which ten are listed is decided by name alone.
    day = date(2026, 6, 10)
    at = int(datetime(2026, 6, 10, 12, tzinfo=BERLIN).timestamp())
    entries = [LogEntry(user=USER, log_id=f"{n:026d}", activity="tv", title=title,
                        duration=600, timestamp=at, created_at=at, source="api").to_item()
               for n, title in enumerate(TITLES[:-1])]
    with InMemoryItemRepository(clock=NOW.timestamp) as repo:
        create_new(repo, USER, BERLIN, records() + entries)
        body = logbook_on(repo).stats(USER, "2026-06-01", "2026-06-30", bucket)
        assert body == old_way(repo, date(2026, 6, 1), date(2026, 6, 30), bucket)
        ranked = [(title["title"], title["minutes"]) for title in body["top_titles"]]
        assert ranked == [(title, 10) for title in sorted(TITLES[:-1])[:TOP_TITLES]]
        assert day.isoformat() in {b["start"] for b in body["buckets"]} or bucket == "month"


def test_titles_of_no_seconds_fill_the_list_by_name() -> None:
    at = int(datetime(2026, 6, 10, 12, tzinfo=BERLIN).timestamp())
    entries = [LogEntry(user=USER, log_id=f"{n:026d}", activity="book", title=title,
                        duration=0 if n > 2 else 60 * n + 60, timestamp=at, created_at=at,
                        source="api").to_item()
               for n, title in enumerate(TITLES[:-1])]
    with InMemoryItemRepository(clock=NOW.timestamp) as repo:
        create_new(repo, USER, BERLIN, entries)
        body = logbook_on(repo).stats(USER, "2026-06-01", "2026-06-30", "month")
        assert body == old_way(repo, date(2026, 6, 1), date(2026, 6, 30), "month")
        listed = [(title["title"], title["minutes"], title["count"])
                  for title in body["top_titles"]]
        with_seconds = [("Nihongo", 3, 1), ("Free!", 2, 1), ("Kino", 1, 1)]
        assert listed == with_seconds + [
            (title, 0, 1) for title in sorted(TITLES[3:-1])[:TOP_TITLES - 3]]
