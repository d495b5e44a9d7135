"""Progress statistics of one user: the ``GET /progress`` body from their items (pure, no I/O).

Durations follow ``core.durations``, days and quarters ``core.calendar``;
the single pass lives in ``handlers.service.progress.single_pass``, the lists in ``progress_lists``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from handlers.service.core.calendar import (
    days_between,
    local_date,
    quarter_from_number,
    quarter_label,
    quarter_number,
    quarter_start,
)
from handlers.service.core.local_days import LocalDays
from handlers.service.progress.immersion import immersion_fields
from handlers.service.progress.lists import (
    CHANNEL_SHAPE,
    PODCAST_SHAPE,
    grouped_elements,
    movies_in_order,
    show_elements,
)
from handlers.service.progress.single_pass import DAYS_IN_ACTIVITY, Frame, Pass
from handlers.service.progress.summary import Summary
from handlers.service.progress.window import Window
from storage.models import Episode, Movie, SpotifyEpisode, YouTubeVideo
from storage.repository import Item

TREND_MINIMUM_DAYS = 14
FIRST_GENERATION_FIELDS = (
    "total_episodes_watched",
    "total_movies_watched",
    "total_hours_watched",
    "episodes_watched_today",
    "movies_watched_today",
    "youtube_videos_watched",
    "youtube_videos_watched_today",
    "spotify_episodes_watched",
    "spotify_episodes_watched_today",
    "days_since_first_episode",
    "weekly_trend_percentage",
    "daily_activity",
    "all_time_progress",
    "shows",
    "youtube_channels",
    "spotify_shows",
    "movies",
)
"""The first generation's fields, in its order: its clients print them; others are appended."""


def compute_progress(items: Iterable[Item], now: datetime, tz: ZoneInfo) -> dict[str, Any]:
    """The GET /progress body, fields in the spec's order (see ``progress_with_days``)."""
    return progress_with_days(items, now, tz)[0]


def progress_with_days(
    items: Iterable[Item], now: datetime, tz: ZoneInfo,
    kept: tuple[Summary, Window] | None = None,
) -> tuple[dict[str, Any], LocalDays, int]:
    """The GET /progress body, fields in the spec's order, with every local day's minutes
    and the seconds of every entry (what streak, goals and pace are figured from).

    ``items`` are all the user's stored items, read once; kinds that are neither entries
    nor their show, channel or podcast records are ignored. The first generation's fields
    come first, unchanged for its four kinds; the fields for every kind follow them.
    ``now`` must be timezone-aware; ``tz`` is the user's zone. With ``kept`` (the sums of
    every entry, ``progress.summary``, and the newer days' totals, ``progress.window``),
    ``items`` are only the records that name and weigh the entries.
    """
    frame = Frame(now, tz)
    state = Pass(frame)
    if kept is not None:
        start, window = kept
        start.load_into(state)
        window.load_into(state)
    state.feed(items)
    seconds = state.total_seconds()
    days = days_between(state.first, frame.now)
    counts, today = state.counts, state.today
    body = {
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
        "all_time_progress": _all_time(seconds.quarters, state, local_date(now, tz)),
        "shows": show_elements(
            {folder: tally.total for folder, tally in state.folders.items()}, state.show_records
        ),
        "youtube_channels": grouped_elements(
            state.videos_by_channel, state.channels, CHANNEL_SHAPE
        ),
        "spotify_shows": grouped_elements(state.episodes_by_podcast, state.podcasts, PODCAST_SHAPE),
        "movies": movies_in_order(state.movies),
        **immersion_fields(state, seconds),
    }
    return body, state.day_minutes(), seconds.total


def weekly_trend(total_seconds: int, week_seconds: int, days: int) -> float | None:
    """Last 7×24 h against the average week, in percent; None for young or empty histories."""
    total_minutes = total_seconds // 60
    if days < TREND_MINIMUM_DAYS or total_minutes == 0:
        return None
    # Multiplying before dividing keeps round cases (an average of exactly 20) exact.
    average = total_minutes * 7 / days
    return (week_seconds // 60 - average) / average * 100


def _all_time(quarters: dict[int, int], state: Pass, today: date) -> list[dict[str, Any]]:
    if state.first is None or state.last is None:
        # An empty chart crashed the first generation's client.
        span = [quarter_number(quarter_start(today))]
    else:
        index = state.frame.quarters
        span = list(range(index.of(state.first), index.of(state.last) + 1))
    running = 0
    elements = []
    for number in span:
        running += quarters.get(number, 0)
        elements.append(
            {
                "label": quarter_label(quarter_from_number(number)),
                "cumulative_hours": running // 3600,
            }
        )
    return elements
