"""Statistics by period (``GET /stats``): minutes per day, week or month, by group and activity.

Every kind counts: episodes as ``tv``, movies as ``movie``, YouTube videos as ``video``,
Spotify episodes as ``podcast``, and logs as their own activity. Buckets are local
calendar periods in the user's zone; empty ones are present (no I/O: it reads the items
it is given).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any, Literal, NamedTuple
from zoneinfo import ZoneInfo

from handlers.service.core.activities import GROUPS, group_of
from handlers.service.core.calendar import day_start, week_monday
from handlers.service.core.durations import episode_activity, item_seconds
from handlers.service.core.errors import InvalidInput
from handlers.service.core.local_days import DayTable
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
from storage.repository import Item

Bucket = Literal["day", "week", "month"]
LATEST_DAY = date(9999, 12, 31)
"""The period's end must leave room for the local midnight after it."""
MAX_DAYS = 3660
TOP_TITLES = 10

STATS_PREFIXES: tuple[str, ...] = (
    Episode.SK_PREFIX,
    LogEntry.SK_PREFIX,
    Movie.SK_PREFIX,
    Show.SK_PREFIX,
    SpotifyEpisode.SK_PREFIX,
    SpotifyShow.SK_PREFIX,
    YouTubeChannel.SK_PREFIX,
    YouTubeVideo.SK_PREFIX,
)
"""The sort-key prefixes the statistics read: entries and the records that name them."""


class Counted(NamedTuple):
    """One entry as the statistics see it (a tuple: 10^5 of them are made and unpacked)."""

    at: int
    activity: str
    title: str | None
    seconds: float


def parse_period(start: str | None, end: str | None, today: date,
                 max_days: int | None = MAX_DAYS) -> tuple[date, date]:
    """The inclusive local dates asked for (default: the last 7 days), at most ``max_days``
    (``None``: any number, as a history filter takes)."""
    try:
        last = date.fromisoformat(end) if end else today
        first = date.fromisoformat(start) if start else last - timedelta(days=6)
    except ValueError:
        raise InvalidInput("from: use YYYY-MM-DD dates for from and to.") from None
    if first > last:
        raise InvalidInput("from: must not be after to.")
    if last >= LATEST_DAY:
        raise InvalidInput(f"to: must be before {LATEST_DAY.isoformat()}.")
    if max_days is not None and (last - first).days + 1 > max_days:
        raise InvalidInput(f"to: a period covers at most {max_days:,} days.")
    return first, last


_RECORD_PREFIXES = (Show.SK_PREFIX, YouTubeChannel.SK_PREFIX, SpotifyShow.SK_PREFIX)


def counted(
    items: Iterable[Item], since: float | None = None, until: float | None = None
) -> list[Counted]:
    """Every entry among ``items`` (within ``since <= at < until``) with its activity,
    ranking title and seconds; entries outside the period are dropped before any work."""
    low = float("-inf") if since is None else since
    high = float("inf") if until is None else until
    records: dict[str, Item] = {}
    entries: list[Item] = []
    for item in items:
        stamp = item.get("timestamp")
        if stamp is not None:
            if low <= stamp < high:
                entries.append(item)
        elif item["sk"].startswith(_RECORD_PREFIXES):
            records[item["sk"]] = item
    return [_counted(item, records) for item in entries]


def _counted(item: Item, records: Mapping[str, Item]) -> Counted:
    sk, at = str(item["sk"]), int(item["timestamp"])
    if sk.startswith(LogEntry.SK_PREFIX):
        return Counted(at, str(item["activity"]), item.get("title") or None, item_seconds(item))
    if sk.startswith(Episode.SK_PREFIX):
        show = records.get(Show.SK_PREFIX + str(item["folder_name"]))
        name = (show or {}).get("tvdb_name") or item["folder_name"]
        return Counted(at, episode_activity(show), str(name), item_seconds(item, show))
    if sk.startswith(Movie.SK_PREFIX):
        movie = Movie.from_item(item)
        return Counted(at, "movie", movie.name or movie.file_name, item_seconds(item))
    if sk.startswith(YouTubeVideo.SK_PREFIX):
        channel = records.get(YouTubeChannel.SK_PREFIX + str(item.get("youtube_channel_id")))
        title = (channel or {}).get("youtube_channel_title")
        return Counted(at, "video", title, item_seconds(item))
    show = records.get(SpotifyShow.SK_PREFIX + str(item.get("spotify_show_id")))
    return Counted(at, "podcast", (show or {}).get("spotify_show_name"), item_seconds(item))


_RANKED_BY = {
    "log": "title",
    "episode": "subtitle",
    "movie": "title",
    "youtube": "subtitle",
    "spotify": "subtitle",
}
"""Which field of a history entry names what it counts towards (as ``_counted`` ranks the
stored item): a log's title, the show, the movie, the channel, the podcast."""


def entry_counted(fields: Item) -> Counted:
    """One history entry, as its fields (``history_entries.entry_fields``) give it, the way
    ``counted`` counts its stored item."""
    title = fields.get(_RANKED_BY[fields["kind"]])
    return Counted(fields["at"], fields["activity"], title, fields["seconds"])


def bucket_start(day: date, bucket: Bucket) -> date:
    """The first day of the bucket holding ``day`` (weeks start on Monday)."""
    if bucket == "week":
        return week_monday(day)
    if bucket == "month":
        return day.replace(day=1)
    return day


def _starts(first: date, last: date, bucket: Bucket) -> list[date]:
    starts, current = [], bucket_start(first, bucket)
    while current <= last:
        starts.append(current)
        if bucket == "day":
            current += timedelta(days=1)
        elif bucket == "week":
            current += timedelta(days=7)
        else:
            current = (current + timedelta(days=32)).replace(day=1)
    return starts


def compute_stats(
    entries: Iterable[Counted], first: date, last: date, bucket: Bucket, zone: ZoneInfo
) -> dict[str, Any]:
    """The ``GET /stats`` body for the entries within ``first`` … ``last`` (local dates)."""
    return stats_body(_sums(entries, first, last, bucket, zone), first, last, bucket)


def stats_body(sums: Sums, first: date, last: date, bucket: Bucket) -> dict[str, Any]:
    """The ``GET /stats`` body of the period's ``sums`` (seconds per bucket and group,
    seconds and count per activity and per title)."""
    seconds, activities, titles = sums
    return {
        "from": first.isoformat(),
        "to": last.isoformat(),
        "bucket": bucket,
        "buckets": [_bucket(start, seconds.get(start)) for start in _starts(first, last, bucket)],
        "by_activity": [
            {"activity": name, "minutes": int(total // 60), "count": int(count)}
            for name, (total, count) in sorted(
                activities.items(), key=lambda kv: (-kv[1][0], kv[0])
            )
        ],
        "top_titles": [
            {"title": title, "activity": activity, "minutes": int(total // 60),
             "count": int(count)}
            for (title, activity), (total, count) in sorted(
                titles.items(), key=lambda kv: (-kv[1][0], kv[0])
            )[:TOP_TITLES]
        ],
    }


Sums = tuple[
    dict[date, dict[str, float]], dict[str, list[float]], dict[tuple[str, str], list[float]]
]


def _sums(entries: Iterable[Counted], first: date, last: date, bucket: Bucket,
          zone: ZoneInfo) -> Sums:
    """Seconds per bucket and group, seconds and count per activity and per title.

    The loop over up to 10^5 entries: local days come from a table of the period's local
    midnights (exact, see ``local_days``), and each day's bucket and each activity's group
    are figured once."""
    low = day_start(first, zone).timestamp()
    high = day_start(last + timedelta(days=1), zone).timestamp()
    day_of = DayTable(zone, last.year, first_year=first.year).ordinal
    starts: dict[int, date] = {}
    groups: dict[str, str] = {}
    seconds: dict[date, dict[str, float]] = {}
    activities: dict[str, list[float]] = {}
    titles: dict[tuple[str, str], list[float]] = {}
    for at, activity, title, spent in entries:
        if not low <= at < high:
            continue
        ordinal = day_of(at)
        start = starts.get(ordinal)
        if start is None:
            start = starts[ordinal] = bucket_start(date.fromordinal(ordinal), bucket)
        group = groups.get(activity)
        if group is None:
            group = groups[activity] = group_of(activity)
        totals = seconds.get(start)
        if totals is None:
            totals = seconds[start] = dict.fromkeys(GROUPS, 0.0)
        totals[group] += spent
        _add(activities, activity, spent)
        if title:
            _add(titles, (title, activity), spent)
    return seconds, activities, titles


def _add(tallies: dict[Any, list[float]], key: Any, seconds: float) -> None:
    tally = tallies.get(key)
    if tally is None:
        tally = tallies[key] = [0.0, 0]
    tally[0] += seconds
    tally[1] += 1


def _bucket(start: date, groups: dict[str, float] | None) -> dict[str, Any]:
    groups = groups or dict.fromkeys(GROUPS, 0.0)
    return {
        "start": start.isoformat(),
        "minutes": int(sum(groups.values()) // 60),
        "by_group": {group: int(groups[group] // 60) for group in GROUPS},
    }
