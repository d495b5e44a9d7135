"""Immersion per local day (in all and per group), added up one entry at a time (pure, no I/O).

Streaks, goals and pace need every day of a history of up to 10^5 entries, so the local
date of an epoch second is found by bisecting the local midnights of recent years (built
once per zone and year) instead of building a datetime per entry. Days whose UTC offset
changes (the two daylight-saving days of a year) and older years are not tabled: their
entries take the exact, slower way, so the result is always ``calendar.date_of_epoch``'s.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from handlers.service.core.activities import GROUPS
from handlers.service.core.calendar import date_of_epoch, day_start

DayMinutes = dict[date, dict[str, float]]
"""Minutes per local day, per group and ``"all"``."""

TABLED_YEARS = 8
"""Years before the current one whose days are tabled; older entries take the exact way."""


@lru_cache(maxsize=64)
def _day_table(tz: ZoneInfo, first_year: int, last_year: int) -> tuple[list[float], list[int]]:
    """Epoch seconds of each local midnight from January 1st of ``first_year`` to the one
    after ``last_year``, and the ordinal of the day each starts (-1 where the UTC offset
    changes within that day)."""
    first = date(first_year, 1, 1)
    count = (date(last_year + 1, 1, 1) - first).days
    midnights = [day_start(first + timedelta(days=n), tz) for n in range(count + 1)]
    offsets = [midnight.utcoffset() for midnight in midnights]
    base = first.toordinal()
    ordinals = [base + n if offsets[n] == offsets[n + 1] else -1 for n in range(count)]
    return [midnight.timestamp() for midnight in midnights], ordinals


class DayTable:
    """The ordinal of the local date of epoch seconds in one zone, as ``date_of_epoch``
    gives it; fast for the years up to ``last_year`` that are tabled."""

    def __init__(self, tz: ZoneInfo, last_year: int, first_year: int | None = None) -> None:
        """Tables ``first_year`` (default: ``TABLED_YEARS`` before) to ``last_year``."""
        self._tz = tz
        first = last_year - TABLED_YEARS if first_year is None else min(first_year, last_year)
        self._starts, self._ordinals = _day_table(tz, first, last_year)

    def ordinal(self, ts: float) -> int:
        position = bisect_right(self._starts, ts) - 1
        if 0 <= position < len(self._ordinals):
            ordinal = self._ordinals[position]
            if ordinal >= 0:
                return ordinal
        return date_of_epoch(ts, self._tz).toordinal()


class DaySeconds:
    """Seconds per local day (by ordinal), in all and per group; minutes at the end."""

    def __init__(self) -> None:
        self._days: dict[int, dict[str, float]] = {}

    def add(self, ordinal: int, group: str, seconds: float) -> None:
        totals = self._days.get(ordinal)
        if totals is None:
            totals = self._days[ordinal] = dict.fromkeys(("all", *GROUPS), 0.0)
        totals["all"] += seconds
        totals[group] += seconds

    def minutes(self) -> DayMinutes:
        """Each day's minutes: its whole seconds over 60 (never a sum of rounded parts)."""
        return {
            date.fromordinal(ordinal): {name: seconds / 60 for name, seconds in totals.items()}
            for ordinal, totals in self._days.items()
        }
