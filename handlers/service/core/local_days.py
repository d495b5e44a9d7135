"""Immersion per local day (in all and per group), added up one entry at a time (pure, no I/O).

Streaks, goals and pace need every day of a history of up to 10^5 entries, so the local
date of an epoch second is found by bisecting the local midnights of recent years (built
once per zone and year) instead of building a datetime per entry. Days whose UTC offset
changes (the two daylight-saving days of a year) and older years are not tabled: their
entries take the exact, slower way, so the result is always ``calendar.date_of_epoch``'s.
The kept totals find each written entry's day the same way (``local_ordinal``).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Mapping
from datetime import date, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from handlers.service.core.activities import GROUPS
from handlers.service.core.calendar import date_of_epoch, day_start

DayMinutes = dict[date, dict[str, float]]
"""Minutes per local day, per group and ``"all"``."""
Days = Mapping[date, Mapping[str, float]]
"""What the streak, goals and pace read: minutes per local day (``DayMinutes``,
``LocalDays``)."""

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


def local_ordinal(epoch: int, zone: ZoneInfo) -> int:
    """The ordinal of the local date at ``epoch`` in ``zone`` (``calendar.date_of_epoch``'s),
    from a table of the local midnights of its year kept per zone and year: for any number
    of moments of any years (an import's 10^5 entries, a rebuild's)."""
    year = 1970 + epoch // _AVERAGE_YEAR
    if not _TABLED[0] < year < _TABLED[1]:
        return date_of_epoch(epoch, zone).toordinal()
    return _table(zone, year).ordinal(epoch)


_AVERAGE_YEAR = 31_556_952
"""Seconds in a Gregorian year on average: the year of an epoch second, give or take one."""
_TABLED = (date.min.year + 1, date.max.year - 1)
"""Years whose neighbours are dates too (the guess may be one off): a moment outside takes
the exact, slower way."""


@lru_cache(maxsize=64)
def _table(zone: ZoneInfo, year: int) -> DayTable:
    # One year (about half a millisecond to make): a moment the guessed year misses (by
    # hours, around new year) takes the exact way.
    return DayTable(zone, year, first_year=year)


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


class LocalDays(Mapping[date, Mapping[str, float]]):
    """Minutes per local day as ``DayMinutes`` gives them: the days ``recent`` holds (per
    group and in all) and the other days' whole seconds by ordinal (``older``, in all
    only), made minutes only when a day is asked for.

    A long history holds thousands of older days, which ``GET /progress`` hands the
    streak at every request: it walks their ordinals as they are (``done``) instead of a
    date and a dictionary per day.
    """

    __slots__ = ("_older", "_recent", "_shadowed")

    def __init__(self, recent: DayMinutes, older: Mapping[int, float]) -> None:
        self._recent = recent
        self._older = older
        self._shadowed = {day.toordinal() for day in recent} & older.keys()
        """Days both hold: ``recent`` has them."""

    def __getitem__(self, day: date) -> Mapping[str, float]:
        found = self._recent.get(day)
        if found is not None:
            return found
        seconds = self._older.get(day.toordinal())
        if seconds is None:
            raise KeyError(day)
        return {"all": seconds / 60}

    def __iter__(self) -> Iterator[date]:
        yield from self._recent
        shadowed = self._shadowed
        yield from (date.fromordinal(day) for day in self._older if day not in shadowed)

    def __len__(self) -> int:
        return len(self._recent) + len(self._older) - len(self._shadowed)

    def done(self, daily_goal: float | None) -> list[int]:
        """The ordinals of the days whose minutes in all reach ``daily_goal`` (with none:
        are above 0), in order; the same test as on ``self[day]["all"]``."""
        shadowed = self._shadowed
        if daily_goal is None:
            found = [day for day, seconds in self._older.items()
                     if seconds > 0 and day not in shadowed]
            found += (day.toordinal() for day, minutes in self._recent.items()
                      if minutes.get("all", 0) > 0)
        else:
            found = [day for day, seconds in self._older.items()
                     if seconds / 60 >= daily_goal and day not in shadowed]
            found += (day.toordinal() for day, minutes in self._recent.items()
                      if minutes.get("all", 0) >= daily_goal)
        found.sort()
        return found
