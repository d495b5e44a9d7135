"""The progress summary printed after a sync, from the ``GET /progress`` JSON (no I/O)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

BAR_WIDTH = 40
BAR = "#"


def format_summary(progress: Mapping[str, Any]) -> list[str]:
    """The summary lines: per-item lists, today, the last 7 days, trend, all time, totals."""
    lines: list[str] = []
    lines += _section(
        "Shows", progress.get("shows"), "name", "episodes_watched", "episode", "(no TVDB id yet)"
    )
    lines += _movies(progress.get("movies"))
    lines += _section(
        "YouTube channels",
        progress.get("youtube_channels"),
        "channel_name",
        "videos_watched",
        "video",
        "(unknown channel)",
    )
    lines += _section(
        "Podcasts",
        progress.get("spotify_shows"),
        "show_name",
        "episodes_watched",
        "episode",
        "(unknown podcast)",
    )
    lines += _today(progress)
    lines += _daily(progress.get("daily_activity"))
    lines.append(_trend(progress.get("weekly_trend_percentage")))
    lines += _all_time(progress.get("all_time_progress"))
    lines.append(f"Total: {_int(progress, 'total_hours_watched')} hours")
    lines.append(f"Since the start: {since_start(_int(progress, 'days_since_first_episode'))}")
    return lines


def bar(value: int, largest: int, width: int = BAR_WIDTH) -> str:
    """A text bar scaled to ``largest``; any non-zero value shows at least one mark."""
    if value <= 0 or largest <= 0:
        return ""
    return BAR * max(1, round(value / largest * width))


def since_start(days: int) -> str:
    """Whole years and months in a number of days (365-day years, 30-day months)."""
    years, rest = divmod(max(0, days), 365)
    months = rest // 30
    return f"{_plural(years, 'year')} and {_plural(months, 'month')}"


def _section(
    title: str, rows: object, name_key: str, count_key: str, unit: str, unnamed: str
) -> list[str]:
    items = _rows(rows)
    if not items:
        return []
    lines = [f"{title}:"]
    for row in items:
        name = row.get(name_key)
        label = name if isinstance(name, str) else unnamed
        lines.append(f"  {label}: {_plural(_int(row, count_key), unit)}")
    return lines


def _movies(rows: object) -> list[str]:
    items = _rows(rows)
    if not items:
        return []
    lines = ["Movies:"]
    for row in items:
        name, file_name = row.get("name"), row.get("movie_id")
        lines.append(f"  {name if isinstance(name, str) else file_name}")
    return lines


def _today(progress: Mapping[str, Any]) -> list[str]:
    counts = [
        _plural(_int(progress, "episodes_watched_today"), "episode"),
        _plural(_int(progress, "movies_watched_today"), "movie"),
        _plural(_int(progress, "youtube_videos_watched_today"), "video"),
        _plural(_int(progress, "spotify_episodes_watched_today"), "podcast episode"),
    ]
    return ["Today: " + ", ".join(counts)]


def _daily(rows: object) -> list[str]:
    items = _rows(rows)
    if not items:
        return []
    minutes = [_int(row, "minutes_watched") for row in items]
    largest = max(minutes)
    lines = ["Last 7 days (minutes):"]
    for row, value in zip(items, minutes, strict=True):
        days_ago = _int(row, "days_ago")
        label = "today" if days_ago == 0 else f"{days_ago}d ago"
        lines.append(f"  {label:>7} | {bar(value, largest)} {value}")
    return lines


def _trend(value: object) -> str:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return "Weekly trend: not enough history yet (two weeks needed)"
    return f"Weekly trend: {value:+.1f}% against your average week"


def _all_time(rows: object) -> list[str]:
    items = _rows(rows)
    if not items:
        return []
    hours = [_int(row, "cumulative_hours") for row in items]
    largest = max(hours)
    labels = [str(row.get("label", "")) for row in items]
    width = max(len(label) for label in labels)
    lines = ["All time (cumulative hours by quarter):"]
    for label, value in zip(labels, hours, strict=True):
        lines.append(f"  {label:>{width}} | {bar(value, largest)} {value}")
    return lines


def _rows(rows: object) -> list[Mapping[str, Any]]:
    if not isinstance(rows, Sequence) or isinstance(rows, str):
        return []
    return [row for row in rows if isinstance(row, Mapping)]


def _int(row: Mapping[str, Any], key: str) -> int:
    value = row.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 0
    return int(value)


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"
