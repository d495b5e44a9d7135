"""The single pass over a user's stored items that the progress statistics are built from (pure).

The items arrive as a stream of up to 10^5 raw dicts, so each one costs a few dict lookups:
no model validation, no datetime per item. Episode durations depend on their folder's show
record, which sorts after the episodes, so episodes are tallied per folder (as counts) and
turned into seconds once every show record has been seen.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from handlers.service.core.activities import group_of
from handlers.service.core.calendar import (
    WEEK_SECONDS,
    QuarterIndex,
    local_date,
    local_midnight,
    quarter_number,
    quarter_start,
)
from handlers.service.core.durations import DURATION_ATTRIBUTE, episode_seconds
from handlers.service.core.local_days import DaySeconds, DayTable, LocalDays
from handlers.service.progress.lists import movie_element
from storage.models import (
    CONTENT_PREFIXES,
    Episode,
    LogEntry,
    Movie,
    Show,
    SpotifyEpisode,
    SpotifyShow,
    YouTubeChannel,
    YouTubeVideo,
)
from storage.repository import Item

DAYS_IN_ACTIVITY = 7


class Frame:
    """Every boundary the statistics compare timestamps with, computed once per call."""

    def __init__(self, now: datetime, tz: ZoneInfo) -> None:
        if now.tzinfo is None:
            raise ValueError("now must be timezone-aware")
        self.now = now.timestamp()
        self.week_start = self.now - WEEK_SECONDS
        # Ascending local midnights: 6 days ago, …, today, tomorrow.
        self.day_bounds = [
            local_midnight(now, tz, days).timestamp()
            for days in range(DAYS_IN_ACTIVITY - 1, -2, -1)
        ]
        self.today_start = self.day_bounds[-2]
        self.quarters = QuarterIndex(tz, local_date(now, tz).year + 1)
        self.days = DayTable(tz, local_date(now, tz).year + 1)


class Tally:
    """Weights by time bucket: counts for one folder's episodes, seconds for the rest."""

    __slots__ = ("daily", "quarters", "total", "week")

    def __init__(self) -> None:
        self.total = 0
        self.week = 0
        self.daily = [0] * DAYS_IN_ACTIVITY  # oldest first
        self.quarters: dict[int, int] = {}

    def add_scaled(self, other: Tally, factor: int) -> None:
        self.total += other.total * factor
        self.week += other.week * factor
        for index, weight in enumerate(other.daily):
            self.daily[index] += weight * factor
        for quarter, weight in other.quarters.items():
            self.quarters[quarter] = self.quarters.get(quarter, 0) + weight * factor


FED_ATTRIBUTES = ("sk", "timestamp", "folder_name", "watched_seconds", "activity",
                  "youtube_channel_id", "spotify_show_id",
                  *dict.fromkeys(DURATION_ATTRIBUTE.values()))
"""Every attribute ``Pass.feed`` reads of an entry (what a summary keeps of newer ones)."""


class Pass:
    """Accumulates everything the response needs while the items stream by."""

    def __init__(self, frame: Frame) -> None:
        self.frame = frame
        self.seconds = Tally()
        self.folders: dict[str, Tally] = {}
        self.show_records: dict[str, Item] = {}
        self.channels: dict[str, Item] = {}
        self.podcasts: dict[str, Item] = {}
        self.videos_by_channel: dict[str | None, int] = {}
        self.episodes_by_podcast: dict[str | None, int] = {}
        self.movies: list[dict[str, Any]] = []
        self.counts = dict.fromkeys(CONTENT_PREFIXES, 0)
        self.today = dict.fromkeys(CONTENT_PREFIXES, 0)
        self.first: float | None = None
        self.last: float | None = None
        self.kind_seconds = {kind: [0, 0] for kind in CONTENT_PREFIXES}
        """Seconds in all and today per first-generation kind (episodes are weighed at the end)."""
        self.activities: dict[str, list[int]] = {}
        """Logs per activity: seconds, count, seconds today."""
        self.day_seconds: dict[tuple[int, str], int] = {}
        """Seconds per local day (ordinal) and group (episodes are added by ``day_minutes``)."""
        self.folder_days: dict[tuple[str, int], int] = {}
        """Episodes per folder and local day, weighed once the show records are known."""
        self.older_days: dict[int, int] = {}
        """Seconds per older local day (ordinal), episodes weighed (``Summary``): days the
        fed entries never fall on, before this week (so only their whole is asked for)."""
        self.older_quarters: dict[int, int] = {}
        """Those days' seconds per quarter (``quarter_number``)."""

    def feed(self, items: Iterable[Item]) -> None:
        # The hot loop of the statistics: Tally.add is inlined and every lookup is a local,
        # which roughly halves the per-item cost against calling methods per item. Quarters
        # are summed from the local days at the end (``total_seconds``), not per item.
        frame, seconds, counts, today = self.frame, self.seconds, self.counts, self.today
        folders, grouped, records = self.folders, self._grouped, self._records
        week_start, today_start = frame.week_start, frame.today_start
        bounds = frame.day_bounds
        first_day, day_end = bounds[0], bounds[-1]
        day_of, day_seconds, folder_days = frame.days.ordinal, self.day_seconds, self.folder_days
        first, last = self.first, self.last
        for item in items:
            sk = item["sk"]
            kind = sk[: sk.find("#") + 1]
            if kind in counts:
                ts = item["timestamp"]
                counts[kind] += 1
                if ts > today_start:
                    today[kind] += 1
                if kind == _EPISODE:
                    folder = item["folder_name"]
                    tally = folders.get(folder)
                    if tally is None:
                        tally = folders[folder] = Tally()
                    weight = 1
                    key = (folder, day_of(ts))
                    folder_days[key] = folder_days.get(key, 0) + 1
                else:
                    tally = seconds
                    # A part watched counts instead of the full length (absent on old items).
                    watched = item.get("watched_seconds")
                    weight = item.get(DURATION_ATTRIBUTE[kind], 0) if watched is None else watched
                    grouped(kind, item, weight, ts >= today_start)
                    day = (day_of(ts), _KIND_GROUPS[kind])
                    day_seconds[day] = day_seconds.get(day, 0) + (weight or 0)
            elif kind == _LOG:
                ts, weight, tally = item["timestamp"], item["duration"], seconds
                day = (day_of(ts), self._logged(item, weight, ts >= today_start))
                day_seconds[day] = day_seconds.get(day, 0) + weight
            else:
                if kind in _RECORD_ATTRIBUTE:
                    records(kind)[item[_RECORD_ATTRIBUTE[kind]]] = item
                continue
            if first is None or ts < first:
                first = ts
            if last is None or ts > last:
                last = ts
            tally.total += weight
            if ts > week_start:
                tally.week += weight
            if first_day <= ts < day_end:
                tally.daily[bisect_right(bounds, ts) - 1] += weight
        self.first, self.last = first, last

    def _logged(self, item: Item, seconds: int, is_today: bool) -> str:
        """Count a log under its activity; answers the activity's group."""
        activity = str(item.get("activity", "other"))
        tally = self.activities.setdefault(activity, [0, 0, 0])
        tally[0] += seconds
        tally[1] += 1
        if is_today:
            tally[2] += seconds
        return group_of(activity)

    def _grouped(self, kind: str, item: Item, seconds: int, is_today: bool) -> None:
        tally = self.kind_seconds[kind]
        tally[0] += seconds
        if is_today:
            tally[1] += seconds
        if kind == YouTubeVideo.SK_PREFIX:
            channel = item.get("youtube_channel_id")
            self.videos_by_channel[channel] = self.videos_by_channel.get(channel, 0) + 1
        elif kind == SpotifyEpisode.SK_PREFIX:
            podcast = item.get("spotify_show_id")
            self.episodes_by_podcast[podcast] = self.episodes_by_podcast.get(podcast, 0) + 1
        else:
            self.movies.append(movie_element(item))

    def _records(self, kind: str) -> dict[str, Item]:
        if kind == Show.SK_PREFIX:
            return self.show_records
        return self.channels if kind == YouTubeChannel.SK_PREFIX else self.podcasts

    def runtimes(self) -> dict[str, int]:
        """Each folder's episode length, now that every show record has been seen."""
        return {folder: episode_seconds(self.show_records.get(folder)) for folder in self.folders}

    def weighed_days(self, runtimes: dict[str, int]) -> Iterator[tuple[int, str, int]]:
        """Seconds per local day (ordinal) and group, episodes weighed by ``runtimes``."""
        for (ordinal, group), seconds in self.day_seconds.items():
            yield ordinal, group, seconds
        for (folder, ordinal), count in self.folder_days.items():
            yield ordinal, _KIND_GROUPS[_EPISODE], count * runtimes[folder]

    def day_minutes(self) -> LocalDays:
        """Every local day's minutes per group, episodes weighed by their show's runtime;
        the older days' (``older_days``) in all only."""
        days = DaySeconds()
        for ordinal, group, seconds in self.weighed_days(self.runtimes()):
            days.add(ordinal, group, seconds)
        return LocalDays(days.minutes(), self.older_days)

    def total_seconds(self) -> Tally:
        """All durations, episodes weighed by their show's runtime now that it is known."""
        combined = Tally()
        combined.add_scaled(self.seconds, 1)
        runtimes = self.runtimes()
        for folder, tally in self.folders.items():
            combined.add_scaled(tally, runtimes[folder])
        quarter_of: dict[int, int] = {}
        quarters = combined.quarters
        for ordinal, _group, weight in self.weighed_days(runtimes):
            quarter = quarter_of.get(ordinal)
            if quarter is None:
                quarter = quarter_of[ordinal] = quarter_number(
                    quarter_start(date.fromordinal(ordinal))
                )
            quarters[quarter] = quarters.get(quarter, 0) + weight
        for quarter, weight in self.older_quarters.items():
            quarters[quarter] = quarters.get(quarter, 0) + weight
        return combined


_EPISODE = Episode.SK_PREFIX
_LOG = LogEntry.SK_PREFIX
KIND_ACTIVITIES = {
    Episode.SK_PREFIX: "tv",
    Movie.SK_PREFIX: "movie",
    YouTubeVideo.SK_PREFIX: "video",
    SpotifyEpisode.SK_PREFIX: "podcast",
}
"""The activity each first-generation kind counts as."""
_KIND_GROUPS: dict[str, str] = {k: group_of(a) for k, a in KIND_ACTIVITIES.items()}
_RECORD_ATTRIBUTE = {
    Show.SK_PREFIX: "folder_name",
    YouTubeChannel.SK_PREFIX: "youtube_channel_id",
    SpotifyShow.SK_PREFIX: "spotify_show_id",
}
