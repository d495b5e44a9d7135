"""The weekly digest's figures for one user and one week (pure, no I/O).

The reported week is the seven local calendar days ending at the local midnight that
starts the send day, so a Monday digest covers Monday to Sunday just ended. Durations
and days follow ``handlers.service.core.durations`` and ``handlers.service.core.calendar``, as the
progress statistics do: one rule, one place.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from handlers.service.core.activities import GROUPS, group_of
from handlers.service.core.calendar import (
    DAY_SECONDS,
    date_of_epoch,
    day_label,
    local_date,
    local_midnight,
    month_label,
    seven_days_label,
)
from handlers.service.core.durations import episode_activity, item_seconds, sk_kind
from handlers.service.goals.rules import MILESTONE_HOURS
from handlers.service.progress.single_pass import KIND_ACTIVITIES
from storage.models import (
    CONTENT_PREFIXES,
    Episode,
    LogEntry,
    Show,
    SpotifyEpisode,
    SpotifyShow,
    YouTubeChannel,
    YouTubeVideo,
)
from storage.repository import Item

PACE_DAYS = 28
"""The pace toward a milestone is the daily average of the last four weeks."""
CHART_WEEKS = 8
TOP_COUNT = 3
_HORIZON_SECONDS = 100 * 365 * DAY_SECONDS
"""A pace that needs longer than this names no date (and stays inside ``datetime``)."""


@dataclass(frozen=True)
class Ranked:
    """One show, channel or podcast and the minutes spent on it in the week."""

    name: str
    minutes: int


@dataclass(frozen=True)
class Milestone:
    """The next round number of hours and the month the current pace reaches it."""

    hours: int
    month: str


@dataclass(frozen=True)
class Digest:
    """Everything one weekly digest message says."""

    week_label: str
    minutes_this_week: int
    minutes_previous_week: int
    average_weekly_minutes: int | None
    minutes_by_group: dict[str, int]
    """The week's minutes by group (watching, listening, reading, other), as /progress
    groups them, every kind and every log counted; groups under a minute left out."""
    minutes_by_activity: dict[str, int]
    """The week's minutes by activity (a synced kind counts as its activity: tv, movie,
    video, podcast), most first."""
    top_shows: list[Ranked]
    top_channels: list[Ranked]
    top_podcasts: list[Ranked]
    streak_days: int
    total_hours: int
    milestone: Milestone | None
    total_minutes: int = 0
    weekly_minutes: list[tuple[str, int]] = field(default_factory=list)
    """The last weeks for the chart, oldest first: (label of the week's first day, minutes)."""


@dataclass
class _Items:
    content: list[tuple[Item, int]]
    shows: dict[str, Item]
    channels: dict[str, Item]
    podcasts: dict[str, Item]


def _sorted_out(items: Iterable[Item]) -> _Items:
    content: list[Item] = []
    records: dict[str, dict[str, Item]] = {"shows": {}, "channels": {}, "podcasts": {}}
    for item in items:
        kind = sk_kind(item)
        if kind in CONTENT_PREFIXES or kind == LogEntry.SK_PREFIX:
            content.append(item)
        elif kind == Show.SK_PREFIX:
            records["shows"][str(item.get("folder_name"))] = item
        elif kind == YouTubeChannel.SK_PREFIX:
            records["channels"][str(item.get("youtube_channel_id"))] = item
        elif kind == SpotifyShow.SK_PREFIX:
            records["podcasts"][str(item.get("spotify_show_id"))] = item
    shows = records["shows"]
    weighed = [
        (item, item_seconds(item, shows.get(str(item.get("folder_name"))))) for item in content
    ]
    return _Items(weighed, shows, records["channels"], records["podcasts"])


def _seconds_between(content: list[tuple[Item, int]], start: float, end: float) -> int:
    return sum(seconds for item, seconds in content if start <= int(item["timestamp"]) < end)


def compute_digest(items: Iterable[Item], now: datetime, tz: ZoneInfo) -> Digest:
    """The digest for the week that ended at the local midnight starting ``now``'s day."""
    data = _sorted_out(items)
    week_end = local_midnight(now, tz)
    week_start = local_midnight(now, tz, 7)
    start, end = week_start.timestamp(), week_end.timestamp()
    this_week = [(i, s) for i, s in data.content if start <= int(i["timestamp"]) < end]
    total_seconds = sum(seconds for _, seconds in data.content)
    return Digest(
        week_label=seven_days_label(week_start.date()),
        minutes_this_week=sum(s for _, s in this_week) // 60,
        minutes_previous_week=_seconds_between(
            data.content, local_midnight(now, tz, 14).timestamp(), start
        )
        // 60,
        average_weekly_minutes=_average_weekly_minutes(data.content, end),
        minutes_by_group=group_minutes(_activity_seconds(this_week, data.shows)),
        minutes_by_activity=activity_minutes(_activity_seconds(this_week, data.shows)),
        top_shows=_top_shows(this_week, data.shows),
        top_channels=top_by_record(
            this_week,
            YouTubeVideo.SK_PREFIX,
            "youtube_channel_id",
            data.channels,
            "youtube_channel_title",
        ),
        top_podcasts=top_by_record(
            this_week,
            SpotifyEpisode.SK_PREFIX,
            "spotify_show_id",
            data.podcasts,
            "spotify_show_name",
        ),
        streak_days=streak_days(data.content, now, tz),
        total_hours=total_seconds // 3600,
        total_minutes=total_seconds // 60,
        # The pace is that of the four weeks up to the reported week's end, not of today.
        milestone=next_milestone(
            total_seconds,
            _seconds_between(data.content, end - PACE_DAYS * DAY_SECONDS, end),
            week_end,
        ),
        weekly_minutes=_weekly_minutes(data.content, now, tz),
    )


def _weekly_minutes(
    content: list[tuple[Item, int]], now: datetime, tz: ZoneInfo
) -> list[tuple[str, int]]:
    weeks = []
    for weeks_ago in reversed(range(CHART_WEEKS)):
        start = local_midnight(now, tz, 7 * (weeks_ago + 1))
        end = local_midnight(now, tz, 7 * weeks_ago)
        seconds = _seconds_between(content, start.timestamp(), end.timestamp())
        weeks.append((day_label(start), seconds // 60))
    return weeks


def _average_weekly_minutes(content: list[tuple[Item, int]], end: float) -> int | None:
    """Minutes per week since the first item; ``None`` before two weeks of history."""
    before = [(int(i["timestamp"]), s) for i, s in content if int(i["timestamp"]) < end]
    if not before:
        return None
    days = (end - min(t for t, _ in before)) / DAY_SECONDS
    if days < 14:
        return None
    return int(sum(s for _, s in before) / days * 7) // 60


def _activity_seconds(week: list[tuple[Item, int]], shows: Mapping[str, Item]) -> Counter[str]:
    seconds: Counter[str] = Counter()
    for item, duration in week:
        kind = sk_kind(item)
        activity = (str(item.get("activity") or "other") if kind == LogEntry.SK_PREFIX
                    else episode_activity(shows.get(str(item.get("folder_name"))))
                    if kind == Episode.SK_PREFIX else KIND_ACTIVITIES[kind])
        seconds[activity] += duration
    return seconds


def group_minutes(activity_seconds: Mapping[str, int]) -> dict[str, int]:
    """The minutes by group of seconds by activity; groups under a minute left out."""
    seconds: Counter[str] = Counter()
    for activity, total in activity_seconds.items():
        seconds[group_of(activity)] += total
    return {group: seconds[group] // 60 for group in GROUPS if seconds[group] >= 60}


def activity_minutes(activity_seconds: Mapping[str, int]) -> dict[str, int]:
    """The minutes by activity, most first; activities under a minute left out."""
    ordered = sorted(activity_seconds.items(), key=lambda pair: (-pair[1], pair[0]))
    return {activity: total // 60 for activity, total in ordered if total >= 60}


def ranked(seconds: Mapping[str, int]) -> list[Ranked]:
    """The top titles of seconds by title, most first, each of a minute at least."""
    ordered = sorted(seconds.items(), key=lambda pair: (-pair[1], pair[0]))
    return [Ranked(name, total // 60) for name, total in ordered[:TOP_COUNT] if total >= 60]


def _top_shows(week: list[tuple[Item, int]], shows: dict[str, Item]) -> list[Ranked]:
    seconds: Counter[str] = Counter()
    for item, duration in week:
        if sk_kind(item) == Episode.SK_PREFIX:
            folder = str(item.get("folder_name"))
            show = shows.get(folder) or {}
            seconds[str(show.get("tvdb_name") or folder)] += duration
    return ranked(seconds)


def top_by_record(
    week: list[tuple[Item, int]], kind: str, key: str, records: dict[str, Item], name_attribute: str
) -> list[Ranked]:
    """The top records (channels, podcasts) of the week's entries of ``kind``, named by
    their record's ``name_attribute``, else their id, else "Unknown"."""
    seconds: Counter[str] = Counter()
    for item, duration in week:
        if sk_kind(item) == kind:
            group = str(item.get(key) or "")
            record: dict[str, Any] = records.get(group) or {}
            seconds[str(record.get(name_attribute) or group or "Unknown")] += duration
    return ranked(seconds)


def streak_days(content: list[tuple[Item, int]], now: datetime, tz: ZoneInfo) -> int:
    """Consecutive local days with any immersion, ending today (or yesterday, if today is
    still empty: the day is not over)."""
    days = {date_of_epoch(int(item["timestamp"]), tz) for item, _ in content}
    day = local_date(now, tz)
    if day not in days:
        day -= timedelta(days=1)
    streak = 0
    while day in days:
        streak += 1
        day -= timedelta(days=1)
    return streak


def milestones_after(hours: float) -> int | None:
    """The first round number of hours strictly above ``hours``: the milestones of goals.md,
    the ones ``/progress``' pace aims at (none past the last)."""
    return next((milestone for milestone in MILESTONE_HOURS if milestone > hours), None)


def next_milestone(total_seconds: int, recent_seconds: int, now: datetime) -> Milestone | None:
    """When the pace of the last four weeks reaches the next round number of hours."""
    if recent_seconds <= 0:
        return None
    target = milestones_after(total_seconds / 3600)
    if target is None:
        return None
    per_second = recent_seconds / (PACE_DAYS * DAY_SECONDS)
    wait = (target * 3600 - total_seconds) / per_second
    if wait > _HORIZON_SECONDS:
        return None
    reached = now + timedelta(seconds=wait)
    return Milestone(target, month_label(reached))
