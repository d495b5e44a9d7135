"""The weekly digest from the kept items: the digest every entry gives, at a cost that
follows the last weeks and not the history's length (in-memory store)."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from handlers.service.core.calendar import DAY_SECONDS, local_midnight
from handlers.service.kept.creating import create_new
from handlers.service.kept.derive import derive
from handlers.service.kept.kinds import is_entry, is_record
from handlers.service.logbook import history
from handlers.service.logbook import writes as logs
from handlers.service.notify.digest import CHART_WEEKS, PACE_DAYS, Digest, compute_digest
from handlers.service.notify.weekly_digest import WeeklyDigests
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
from tests.support.counting_repository import CountingRepository

USER = "dana"
ACTIVITIES = ("anime", "book", "podcast", "game", "audiobook", "other", "tv", "movie", "video")
CLOCKS = (
    ("Europe/Berlin", datetime(2026, 3, 30, 9, 0)),  # the week holds the change to summer time
    ("Europe/Berlin", datetime(2026, 4, 20, 0, 30)),  # the pace window starts in winter time
    ("Europe/Berlin", datetime(2026, 10, 26, 23, 59)),
    ("America/New_York", datetime(2026, 11, 23, 7, 0)),  # pace window over the change
    ("Australia/Lord_Howe", datetime(2026, 10, 26, 8, 0)),  # a half-hour change
    ("Asia/Tokyo", datetime(2027, 1, 4, 9, 0)),  # the week spans the new year
    ("UTC", datetime(2026, 6, 15, 12, 0)),
)
RECORDS: list[Item] = [
    Show(user=USER, folder_name="f0", tvdb_name="Frieren", tvdb_average_runtime=1440).to_item(),
    Show(user=USER, folder_name="f1", tvdb_name="Frieren", tvdb_average_runtime=0).to_item(),
    Show(user=USER, folder_name="f2", tvdb_average_runtime=3000, activity="anime").to_item(),
    YouTubeChannel(user=USER, youtube_channel_id="UC1", youtube_channel_title="psy").to_item(),
    YouTubeChannel(user=USER, youtube_channel_id="UC2").to_item(),
    SpotifyShow(user=USER, spotify_show_id="S1", spotify_show_name="Miku").to_item(),
    SpotifyShow(user=USER, spotify_show_id="S2").to_item(),
]


def _entry(rng: random.Random, n: int, at: int) -> Item:
    """One entry of any kind at ``at``: logs, episodes of shows with and without records,
    movies, videos and podcast episodes with and without their channel or show."""
    pick = rng.randrange(10)
    if pick < 4:
        return LogEntry(user=USER, log_id=f"{n:026d}", activity=rng.choice(ACTIVITIES),
                        title=rng.choice(["", "Kokoro", "Yotsuba"]),
                        duration=rng.randrange(0, 7200), timestamp=at, created_at=at,
                        source="api").to_item()
    if pick < 6:
        return Episode(user=USER, folder_name=rng.choice(["f0", "f1", "f2", "f3"]),
                       file_name=f"e{n}", timestamp=at).to_item()
    if pick == 6:
        return Movie(user=USER, file_name=f"m{n}", timestamp=at,
                     movie_duration=rng.choice([None, 5400])).to_item()
    if pick < 9:
        video = YouTubeVideo(user=USER, youtube_video_id=f"v{n}", timestamp=at,
                             youtube_channel_id=rng.choice([None, "UC1", "UC2", "UC9"]),
                             youtube_video_duration=rng.choice([None, 95, 3000])).to_item()
        return {**video, "watched_seconds": rng.randrange(0, 900)} if rng.random() < 0.3 else video
    return SpotifyEpisode(user=USER, spotify_episode_id=f"p{n}", timestamp=at,
                          spotify_show_id=rng.choice([None, "S1", "S2", "S9"]),
                          spotify_episode_duration=rng.randrange(0, 4000)).to_item()


def _moments(rng: random.Random, now: datetime, tz: ZoneInfo, older: int,
             recent: int) -> Iterator[int]:
    """``older`` moments over the years before the chart's weeks, ``recent`` ones within
    them (and a few days ahead), and some on the edges the digest cuts at."""
    window = local_midnight(now, tz, 7 * CHART_WEEKS).timestamp()
    end = local_midnight(now, tz).timestamp()
    for _ in range(older):
        yield int(window) - rng.randrange(1, 3 * 365 * DAY_SECONDS)
    for _ in range(recent):
        yield rng.randrange(int(window), int(now.timestamp()) + 3 * DAY_SECONDS)
    pace = end - PACE_DAYS * DAY_SECONDS
    midnight = local_midnight(now, tz, 7 + PACE_DAYS).timestamp()
    for edge in (end, local_midnight(now, tz, 7).timestamp(), pace, midnight, window):
        for offset in (-1, 0, 1799, -1801):
            if rng.random() < 0.5:
                yield int(edge) + offset


def _history(seed: int, now: datetime, tz: ZoneInfo, older: int, recent: int) -> list[Item]:
    rng = random.Random(seed)
    moments = list(_moments(rng, now, tz, older, recent))
    if rng.random() < 0.5:  # a streak reaching back past the chart's weeks, maybe years
        today = local_midnight(now, tz)
        moments += [int((today - timedelta(days=d, hours=-13)).timestamp())
                    for d in range(rng.choice([60, 90, 400]))]
    return RECORDS + [_entry(rng, n, at) for n, at in enumerate(moments)]


def _every_entry(repo: InMemoryItemRepository, now: datetime, tz: ZoneInfo) -> Digest:
    return compute_digest(repo.query_prefix(user_pk(USER)), now, tz)


def kept_digest(repo: ItemRepository, user: str, now: datetime, tz: ZoneInfo) -> Digest:
    """The digest as the notifier and the commands get it."""
    return WeeklyDigests(repo, lambda: now, lambda _user: tz, tz.key).figures(user, now)


@pytest.mark.parametrize("seed", range(28))
def test_the_digest_from_the_kept_items_is_the_one_every_entry_gives(seed: int) -> None:
    zone, local = CLOCKS[seed % len(CLOCKS)]
    tz = ZoneInfo(zone)
    now = (local + timedelta(hours=seed // len(CLOCKS))).replace(tzinfo=tz)
    with InMemoryItemRepository(clock=now.timestamp) as repo:
        create_new(repo, USER, tz, _history(seed, now, tz, older=120, recent=160))
        assert kept_digest(repo, USER, now, tz) == _every_entry(repo, now, tz)


def test_an_empty_or_only_future_history_gives_the_same_digest() -> None:
    tz = ZoneInfo("Europe/Berlin")
    now = datetime(2026, 3, 30, 9, tzinfo=tz)
    with InMemoryItemRepository(clock=now.timestamp) as repo:
        assert kept_digest(repo, USER, now, tz) == _every_entry(repo, now, tz)
        later = int((now + timedelta(hours=2)).timestamp())
        create_new(repo, USER, tz, [_entry(random.Random(1), 1, later)])
        assert kept_digest(repo, USER, now, tz) == _every_entry(repo, now, tz)


class _Reads(CountingRepository):
    """Counts every item a read hands back, whichever call made it."""

    def __init__(self, inner: InMemoryItemRepository) -> None:
        super().__init__(inner)
        self.got = 0

    def get(self, pk: str, sk: str) -> Item | None:
        found = super().get(pk, sk)
        self.got += found is not None
        return found

    def get_many(self, pk: str, sks: Sequence[str]) -> dict[str, Item]:
        found = super().get_many(pk, sks)
        self.got += len(found)
        return found

    @property
    def items(self) -> int:
        return self.got + sum(self.items_read.values())


def _stored(items: list[Item], tz: ZoneInfo, now: datetime) -> InMemoryItemRepository:
    """The items with their kept items as ``derive`` defines them (what the unit of work
    keeps by delta: the property tests hold it to that), stored at once."""
    repo = InMemoryItemRepository(clock=now.timestamp)
    records = {str(item["sk"]): item for item in items if is_record(str(item["sk"]))}
    entries = [item for item in items if is_entry(str(item["sk"]))]
    kept = derive(USER, entries, records, tz)
    for item in [*items, *kept.values()]:
        repo.put(item)
    return repo


def test_the_items_read_do_not_grow_with_the_history() -> None:
    tz = ZoneInfo("Europe/Berlin")
    now = datetime(2026, 4, 20, 9, tzinfo=tz)
    reads: dict[int, Counter[str]] = {}
    counts: dict[int, int] = {}
    for older in (100, 19_900):
        # The same recent weeks (seed), the first entry alone on its day, then ``older``.
        rng = random.Random(7)
        recent = [_entry(rng, n, at) for n, at in enumerate(
            rng.randrange(int(now.timestamp()) - 50 * DAY_SECONDS, int(now.timestamp()))
            for _ in range(100))]
        first = int((now - timedelta(days=5 * 365)).timestamp())
        old = [_entry(rng, 1000 + n, first + DAY_SECONDS + n * (4 * 365 * DAY_SECONDS // older))
               for n in range(older)]
        items = [*RECORDS, _entry(rng, 999, first), *old, *recent]
        repo = _stored(items, tz, now)
        store = _Reads(repo)
        digest = kept_digest(store, USER, now, tz)
        assert digest == _every_entry(repo, now, tz)
        reads[older], counts[older] = store.items_read, store.items
        assert not {LogEntry.SK_PREFIX, Episode.SK_PREFIX} & set(store.items_read)
    assert counts[19_900] == counts[100], (reads, counts)


def test_the_average_starts_at_the_first_entry_left_when_earlier_ones_are_deleted() -> None:
    # Deleting a day's entries leaves its day total at 0: the average's start is the first
    # entry still there, as every entry says, not that day.
    tz = ZoneInfo("Europe/Berlin")
    now = datetime(2026, 4, 20, 9, tzinfo=tz)
    start = int((now - timedelta(days=100)).timestamp())
    items = [LogEntry(user=USER, log_id=f"{n:026d}", activity="book", title="Kokoro",
                      duration=1800, timestamp=start + n * 5 * DAY_SECONDS, created_at=start,
                      source="api").to_item() for n in range(15)]
    with InMemoryItemRepository(clock=now.timestamp) as repo:
        create_new(repo, USER, tz, items)
        for first in items[:2]:
            logs.delete(repo, USER, history.entry_id(str(first["sk"])), zone=tz)
        digest = kept_digest(repo, USER, now, tz)
        assert digest == _every_entry(repo, now, tz)
        # 13 half-hours (390 minutes) from the third entry, 90 days before the week ended.
        assert digest.average_weekly_minutes == 30
