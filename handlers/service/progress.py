"""Progress statistics of one user from a single pass over their stored items (pure, no I/O).

The items arrive as a stream of up to 10^5 raw dicts, so each one costs a few dict lookups:
no model validation, no datetime per item. Episode durations depend on their folder's show
record, which sorts after the episodes, so episodes are tallied per folder (as counts) and
turned into seconds once every show record has been seen.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from handlers.service.progress_lists import (
    CHANNEL_SHAPE,
    PODCAST_SHAPE,
    grouped_elements,
    movie_element,
    name_key,
    show_elements,
)
from storage.models import (
    CONTENT_PREFIXES,
    Episode,
    Movie,
    Show,
    SpotifyEpisode,
    SpotifyShow,
    YouTubeChannel,
    YouTubeVideo,
)
from storage.repository import Item

DEFAULT_EPISODE_SECONDS = 20 * 60
"""Duration of an episode whose show has no record or no runtime."""

DAYS_IN_ACTIVITY = 7
TREND_MINIMUM_DAYS = 14
_DAY = 86400
_WEEK = 7 * _DAY
_MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun",
                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")  # fmt: skip
_FIRST_TABLED_YEAR = 1970


# --- helpers shared with the weekly digest -------------------------------------------------


def sk_kind(item: Mapping[str, Any]) -> str:
    """The sort-key prefix of an item including its ``#`` (``"EPISODE#"``), or ``""``."""
    sk: str = item.get("sk", "")
    return sk[: sk.find("#") + 1]


def episode_seconds(show: Mapping[str, Any] | None) -> int:
    """Duration of one episode of the folder whose show record is ``show`` (or none)."""
    runtime = show.get("tvdb_average_runtime") if show is not None else None
    # A zero runtime is how TVDB says "unknown"; it must not make a show weigh nothing.
    return int(runtime) if runtime else DEFAULT_EPISODE_SECONDS


def item_seconds(item: Mapping[str, Any], show: Mapping[str, Any] | None = None) -> int:
    """Duration of one content item; ``show`` is the episode's show record, if any.

    A missing duration (a live video, a provider without one) counts as 0 seconds; items
    that are not watched content weigh 0.
    """
    kind = sk_kind(item)
    if kind == Episode.SK_PREFIX:
        return episode_seconds(show)
    attribute = _DURATION_ATTRIBUTE.get(kind)
    return int(item.get(attribute, 0)) if attribute else 0


def local_midnight(now: datetime, tz: ZoneInfo, days_ago: int = 0) -> datetime:
    """Local midnight starting the calendar day ``days_ago`` days before ``now``'s day.

    Calendar arithmetic, not multiples of 24 h, so days across a DST change are 23 or 25 h.
    """
    day = now.astimezone(tz).date() - timedelta(days=days_ago)
    return datetime.combine(day, time(0), tzinfo=tz)


def quarter_start(moment: datetime) -> date:
    """The first day (Jan, Apr, Jul or Oct 1st) of the quarter holding ``moment``'s date."""
    return date(moment.year, (moment.month - 1) // 3 * 3 + 1, 1)


def quarter_label(start: date) -> str:
    """``"Jan 2026"``: English month abbreviation whatever the machine's locale."""
    return f"{_MONTH_ABBREVIATIONS[start.month - 1]} {start.year}"


def _quarter_number(start: date) -> int:
    return start.year * 4 + (start.month - 1) // 3


def _quarter_from_number(number: int) -> date:
    return date(number // 4, number % 4 * 3 + 1, 1)


_DURATION_ATTRIBUTE = {
    Movie.SK_PREFIX: "movie_duration",
    YouTubeVideo.SK_PREFIX: "youtube_video_duration",
    SpotifyEpisode.SK_PREFIX: "spotify_episode_duration",
}


# --- time frame ----------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _quarter_starts(tz: ZoneInfo, last_year: int) -> list[float]:
    """Epoch seconds of every local quarter start from 1970 on; built once per zone and year."""
    return [
        datetime.combine(date(year, month, 1), time(0), tzinfo=tz).timestamp()
        for year in range(_FIRST_TABLED_YEAR, last_year + 2)
        for month in (1, 4, 7, 10)
    ]


class _QuarterIndex:
    """Maps epoch seconds to a quarter number, by bisecting precomputed local boundaries."""

    def __init__(self, tz: ZoneInfo, last_year: int) -> None:
        self._tz = tz
        self._starts = _quarter_starts(tz, last_year)
        self._base = _FIRST_TABLED_YEAR * 4
        self._low = self._high = 0.0
        self._last = 0

    def of(self, ts: float) -> int:
        # Items of one sync share a quarter; remembering the last one skips most bisects.
        if self._low <= ts < self._high:
            return self._last
        starts = self._starts
        if not starts[0] <= ts < starts[-1]:
            return _quarter_number(quarter_start(datetime.fromtimestamp(ts, self._tz)))
        position = bisect_right(starts, ts)
        self._low, self._high = starts[position - 1], starts[position]
        self._last = self._base + position - 1
        return self._last


class _Frame:
    """Every boundary the statistics compare timestamps with, computed once per call."""

    def __init__(self, now: datetime, tz: ZoneInfo) -> None:
        if now.tzinfo is None:
            raise ValueError("now must be timezone-aware")
        self.now = now.timestamp()
        self.week_start = self.now - _WEEK
        # Ascending local midnights: 6 days ago, …, today, tomorrow.
        self.day_bounds = [
            local_midnight(now, tz, days).timestamp()
            for days in range(DAYS_IN_ACTIVITY - 1, -2, -1)
        ]
        self.today_start = self.day_bounds[-2]
        self.quarters = _QuarterIndex(tz, now.astimezone(tz).year + 1)


class _Tally:
    """Weights by time bucket: counts for one folder's episodes, seconds for the rest."""

    __slots__ = ("daily", "quarters", "total", "week")

    def __init__(self) -> None:
        self.total = 0
        self.week = 0
        self.daily = [0] * DAYS_IN_ACTIVITY  # oldest first
        self.quarters: dict[int, int] = {}

    def add(self, ts: float, weight: int, frame: _Frame) -> None:
        self.total += weight
        if ts > frame.week_start:
            self.week += weight
        bounds = frame.day_bounds
        if bounds[0] <= ts < bounds[-1]:
            self.daily[bisect_right(bounds, ts) - 1] += weight
        quarter = frame.quarters.of(ts)
        self.quarters[quarter] = self.quarters.get(quarter, 0) + weight

    def add_scaled(self, other: _Tally, factor: int) -> None:
        self.total += other.total * factor
        self.week += other.week * factor
        for index, weight in enumerate(other.daily):
            self.daily[index] += weight * factor
        for quarter, weight in other.quarters.items():
            self.quarters[quarter] = self.quarters.get(quarter, 0) + weight * factor


# --- the single pass -----------------------------------------------------------------------


class _Pass:
    """Accumulates everything the response needs while the items stream by."""

    def __init__(self, frame: _Frame) -> None:
        self.frame = frame
        self.seconds = _Tally()
        self.folders: dict[str, _Tally] = {}
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

    def feed(self, items: Iterable[Item]) -> None:
        # The hot loop of the statistics: _Tally.add is inlined and every lookup is a local,
        # which roughly halves the per-item cost against calling methods per item.
        frame, seconds, counts, today = self.frame, self.seconds, self.counts, self.today
        folders, grouped, records = self.folders, self._grouped, self._records
        week_start, today_start = frame.week_start, frame.today_start
        bounds = frame.day_bounds
        first_day, day_end = bounds[0], bounds[-1]
        quarter_of = frame.quarters.of
        first, last = self.first, self.last
        for item in items:
            sk = item["sk"]
            kind = sk[: sk.find("#") + 1]
            if kind in counts:
                ts = item["timestamp"]
                counts[kind] += 1
                if ts > today_start:
                    today[kind] += 1
                if first is None or ts < first:
                    first = ts
                if last is None or ts > last:
                    last = ts
                if kind == _EPISODE:
                    tally = folders.get(item["folder_name"])
                    if tally is None:
                        tally = folders[item["folder_name"]] = _Tally()
                    weight = 1
                else:
                    tally = seconds
                    weight = item.get(_DURATION_ATTRIBUTE[kind], 0)
                    grouped(kind, item)
                tally.total += weight
                if ts > week_start:
                    tally.week += weight
                if first_day <= ts < day_end:
                    tally.daily[bisect_right(bounds, ts) - 1] += weight
                quarter = quarter_of(ts)
                quarters = tally.quarters
                quarters[quarter] = quarters.get(quarter, 0) + weight
            elif kind in _RECORD_ATTRIBUTE:
                records(kind)[item[_RECORD_ATTRIBUTE[kind]]] = item
        self.first, self.last = first, last

    def _grouped(self, kind: str, item: Item) -> None:
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

    def total_seconds(self) -> _Tally:
        """All durations, episodes weighed by their show's runtime now that it is known."""
        combined = _Tally()
        combined.add_scaled(self.seconds, 1)
        for folder, tally in self.folders.items():
            combined.add_scaled(tally, episode_seconds(self.show_records.get(folder)))
        return combined


_EPISODE = Episode.SK_PREFIX
_RECORD_ATTRIBUTE = {
    Show.SK_PREFIX: "folder_name",
    YouTubeChannel.SK_PREFIX: "youtube_channel_id",
    SpotifyShow.SK_PREFIX: "spotify_show_id",
}


# --- the response --------------------------------------------------------------------------


def compute_progress(items: Iterable[Item], now: datetime, tz: ZoneInfo) -> dict[str, Any]:
    """The GET /progress body, fields in the spec's order.

    ``items`` are all the user's stored items, read once; kinds other than the seven are
    ignored. ``now`` must be timezone-aware; ``tz`` is the user's zone.
    """
    frame = _Frame(now, tz)
    state = _Pass(frame)
    state.feed(items)
    seconds = state.total_seconds()
    days = days_between(state.first, frame.now)
    counts, today = state.counts, state.today
    return {
        "total_episodes_watched": counts[Episode.SK_PREFIX],
        "total_movies_watched": counts[Movie.SK_PREFIX],
        "total_hours_watched": seconds.total // 3600,
        "episodes_watched_today": today[Episode.SK_PREFIX],
        "movies_watched_today": today[Movie.SK_PREFIX],
        "youtube_videos_watched": counts[YouTubeVideo.SK_PREFIX],
        "youtube_videos_watched_today": today[YouTubeVideo.SK_PREFIX],
        "spotify_episodes_watched": counts[SpotifyEpisode.SK_PREFIX],
        "spotify_episodes_watched_today": today[SpotifyEpisode.SK_PREFIX],
        "days_since_first_episode": days,
        "weekly_trend_percentage": weekly_trend(seconds.total, seconds.week, days),
        "daily_activity": [
            {"days_ago": DAYS_IN_ACTIVITY - 1 - index, "minutes_watched": weight // 60}
            for index, weight in enumerate(seconds.daily)
        ],
        "all_time_progress": _all_time(seconds.quarters, state, now.astimezone(tz)),
        "shows": show_elements(
            {folder: tally.total for folder, tally in state.folders.items()}, state.show_records
        ),
        "youtube_channels": grouped_elements(
            state.videos_by_channel, state.channels, CHANNEL_SHAPE
        ),
        "spotify_shows": grouped_elements(state.episodes_by_podcast, state.podcasts, PODCAST_SHAPE),
        "movies": sorted(state.movies, key=lambda m: (*name_key(m["name"]), m["movie_id"])),
    }


def days_between(first: float | None, now: float) -> int:
    """Whole 24-hour periods from the first item to ``now``; 0 without items (or ahead)."""
    return max(0, int((now - first) // _DAY)) if first is not None else 0


def weekly_trend(total_seconds: int, week_seconds: int, days: int) -> float | None:
    """Last 7×24 h against the average week, in percent; None for young or empty histories."""
    total_minutes = total_seconds // 60
    if days < TREND_MINIMUM_DAYS or total_minutes == 0:
        return None
    # Multiplying before dividing keeps round cases (an average of exactly 20) exact.
    average = total_minutes * 7 / days
    return (week_seconds // 60 - average) / average * 100


def _all_time(quarters: dict[int, int], state: _Pass, local_now: datetime) -> list[dict[str, Any]]:
    if state.first is None or state.last is None:
        # An empty chart crashed the first generation's client.
        span = [_quarter_number(quarter_start(local_now))]
    else:
        index = state.frame.quarters
        span = list(range(index.of(state.first), index.of(state.last) + 1))
    running = 0
    elements = []
    for number in span:
        running += quarters.get(number, 0)
        elements.append(
            {
                "label": quarter_label(_quarter_from_number(number)),
                "cumulative_hours": running // 3600,
            }
        )
    return elements
