"""A year in review and a page per title, figured from history entry fields (no I/O).

Both take the fields ``history.fields_between`` yields for a period (the time index's
copies), so they read only that period; kept per-day and per-title totals can replace
the read later without changing these shapes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from handlers.service.core.activities import GROUPS, group_of
from handlers.service.core.calendar import date_of_epoch, week_monday
from handlers.service.progress.stats import entry_counted
from storage.repository import Item

TOP_TITLES = 5
MAX_WEEKS = 104
"""A title's weekly chart shows at most its last two years of weeks."""


def longest_run(days: Iterable[date]) -> int:
    """The most consecutive days among ``days``."""
    best = run = 0
    previous: date | None = None
    for day in sorted(set(days)):
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        best = max(best, run)
        previous = day
    return best


def _characters(fields: Item) -> float:
    return float(fields.get("amount") or 0) if fields.get("unit") == "characters" else 0.0


def _speed_rows(tallies: dict[tuple[str, str], list[float]]) -> list[dict[str, Any]]:
    """Characters per minute per (period, activity), oldest first; only periods with both."""
    rows = []
    for (period, activity), (characters, seconds) in sorted(tallies.items()):
        if characters > 0 and seconds > 0:
            rows.append({
                "period": period, "activity": activity, "characters": int(characters),
                "minutes": int(seconds // 60),
                "characters_per_minute": round(characters / (seconds / 60), 1),
            })
    return rows


def _tally(tallies: dict[Any, list[float]], key: Any, characters: float, seconds: float) -> None:
    tally = tallies.setdefault(key, [0.0, 0.0])
    tally[0] += characters
    tally[1] += seconds


def year_review(found: Iterable[Item], year: int, zone: ZoneInfo) -> dict[str, Any]:
    """The ``GET /review`` body for the entries of ``year`` (local dates in ``zone``)."""
    days: dict[date, float] = {}
    groups = dict.fromkeys(GROUPS, 0.0)
    months = [0.0] * 12
    titles: dict[tuple[str, str], float] = {}
    speed: dict[tuple[str, str], list[float]] = {}
    for fields in found:
        at, activity, title, seconds = entry_counted(fields)
        day = date_of_epoch(at, zone)
        if day.year != year:
            continue
        days[day] = days.get(day, 0.0) + seconds
        groups[group_of(activity)] += seconds
        months[day.month - 1] += seconds
        if title:
            titles[(title, activity)] = titles.get((title, activity), 0.0) + seconds
        characters = _characters(fields)
        if characters:
            _tally(speed, (f"{year}-{day.month:02d}", activity), characters, seconds)
    busiest = max(days.items(), key=lambda kv: (kv[1], kv[0]), default=None)
    return {
        "year": year,
        "total_minutes": int(sum(days.values()) // 60),
        "days_active": sum(1 for seconds in days.values() if seconds > 0),
        "longest_streak": longest_run(day for day, seconds in days.items() if seconds > 0),
        "busiest_day": (
            {"date": busiest[0].isoformat(), "minutes": int(busiest[1] // 60)} if busiest else None
        ),
        "by_group": [{"group": g, "minutes": int(groups[g] // 60)} for g in GROUPS],
        "top_titles": [
            {"title": title, "activity": activity, "minutes": int(seconds // 60)}
            for (title, activity), seconds in sorted(
                titles.items(), key=lambda kv: (-kv[1], kv[0])
            )[:TOP_TITLES]
        ],
        "by_month": [
            {"month": f"{year}-{index + 1:02d}", "minutes": int(seconds // 60)}
            for index, seconds in enumerate(months)
        ],
        "reading_speed": _speed_rows(speed),
    }


def title_page(found: Iterable[Item], name: str, zone: ZoneInfo,
               activity: str | None = None) -> dict[str, Any] | None:
    """The ``GET /title`` body for the entries ranked under ``name`` (as Top titles ranks
    them: a log's title, the show, the movie, the channel, the podcast) and, given one,
    counted as ``activity`` (Top titles' key: a manga and its anime are two titles);
    ``None`` if none."""
    seconds_total = characters_total = characters_seconds = 0.0
    sessions = 0
    first: date | None = None
    last: date | None = None
    activities: dict[str, float] = {}
    weeks: dict[date, float] = {}
    speed: dict[tuple[str, str], list[float]] = {}
    for fields in found:
        at, counted_as, title, seconds = entry_counted(fields)
        if title != name or (activity is not None and counted_as != activity):
            continue
        day = date_of_epoch(at, zone)
        sessions += 1
        seconds_total += seconds
        first = day if first is None or day < first else first
        last = day if last is None or day > last else last
        activities[counted_as] = activities.get(counted_as, 0.0) + seconds
        monday = week_monday(day)
        weeks[monday] = weeks.get(monday, 0.0) + seconds
        characters = _characters(fields)
        if characters:
            characters_total += characters
            characters_seconds += seconds
            _tally(speed, (f"{day.year}-{day.month:02d}", counted_as), characters, seconds)
    if first is None or last is None:
        return None
    return {
        "title": name,
        "activities": [a for a, _ in sorted(activities.items(), key=lambda kv: (-kv[1], kv[0]))],
        "total_minutes": int(seconds_total // 60),
        "sessions": sessions,
        "first_day": first.isoformat(),
        "last_day": last.isoformat(),
        "by_week": _weeks(weeks, first, last),
        "characters": int(characters_total),
        "characters_per_minute": (
            round(characters_total / (characters_seconds / 60), 1) if characters_seconds else None
        ),
        "reading_speed": _speed_rows(speed),
    }


def _weeks(weeks: dict[date, float], first: date, last: date) -> list[dict[str, Any]]:
    """Every week from the first to the last (empty ones too), at most ``MAX_WEEKS``."""
    start, newest = week_monday(first), week_monday(last)
    if (newest - start).days > 7 * (MAX_WEEKS - 1):  # never a day before year 1 reckoned
        start = newest - timedelta(weeks=MAX_WEEKS - 1)
    rows = []
    while start <= last:
        rows.append({"start": start.isoformat(), "minutes": int(weeks.get(start, 0.0) // 60)})
        start += timedelta(weeks=1)
    return rows
