"""The calendar every rule shares: zones, "today", weeks, quarters, English labels (pure, no I/O).

Local days are calendar arithmetic in the user's zone, never multiples of 24 h, so a day
across a DST change lasts 23 or 25 hours. Weeks start on Monday (ISO 8601). Labels are
English whatever the machine's locale.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

DAY_SECONDS = 86400
WEEK_SECONDS = 7 * DAY_SECONDS
CLOCK_SKEW_SECONDS = 300
"""Seconds a moment sent may lie ahead of the server's clock (a phone's clock runs fast)."""
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July",
               "August", "September", "October", "November", "December")  # fmt: skip
MONTH_ABBREVIATIONS = tuple(name[:3] for name in MONTH_NAMES)
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
"""Index 0 is Monday, as ``date.weekday()`` counts."""
WEEKDAY_ABBREVIATIONS = tuple(name[:3] for name in WEEKDAY_NAMES)
_FIRST_TABLED_YEAR = 1970


# --- zones ---------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _zone_names() -> dict[str, str]:
    return {name.lower(): name for name in available_timezones()}


def known_zone(name: str) -> ZoneInfo | None:
    """The IANA zone called ``name`` whatever its case (``asia/tokyo`` is Asia/Tokyo), or
    ``None`` when there is no such zone."""
    spelled = _zone_names().get(name.strip().lower(), name)
    try:
        return ZoneInfo(spelled)
    # A folder of the zone database (``America/Argentina``) is an OSError, not a zone.
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def zone_or_default(name: str | None, default: str) -> ZoneInfo:
    """The user's zone ``name``; the deployment default when unset or no longer valid."""
    chosen = known_zone(str(name)) if name else None
    return chosen or ZoneInfo(default)


# --- days and weeks ------------------------------------------------------------------------


def local_date(moment: datetime, tz: ZoneInfo) -> date:
    """The user's calendar date at ``moment`` (which must be timezone-aware)."""
    return moment.astimezone(tz).date()


def date_of_epoch(epoch: float, tz: ZoneInfo) -> date:
    """The user's calendar date at epoch second ``epoch``."""
    return datetime.fromtimestamp(epoch, tz).date()


def local_midnight(now: datetime, tz: ZoneInfo, days_ago: int = 0) -> datetime:
    """Local midnight starting the calendar day ``days_ago`` days before ``now``'s day."""
    day = local_date(now, tz) - timedelta(days=days_ago)
    return datetime.combine(day, time(0), tzinfo=tz)


def day_start(day: date, tz: ZoneInfo) -> datetime:
    """Local midnight starting ``day``."""
    return datetime.combine(day, time(0), tzinfo=tz)


def local_noon(day: date, tz: ZoneInfo) -> datetime:
    """Local noon of ``day``: the moment a date without a time means."""
    return datetime.combine(day, time(12), tzinfo=tz)


AHEAD = "is in the future; log what you already did."
BEFORE_1970 = "is before 1970; the tracker records from 1970 on."


class OutOfRange(ValueError):
    """A moment or day the tracker records none at; the message is what is wrong with it
    (``is in the future; …``), and the caller names what it was (``date:``, ``the date``)."""


def checked_at(at: int, now: datetime) -> int:
    """``at`` (epoch seconds), unless it lies ahead of ``now`` by more than a fast clock's
    skew, or before 1970 (moments are epoch seconds from 1970 on)."""
    if at > now.timestamp() + CLOCK_SKEW_SECONDS:
        raise OutOfRange(AHEAD)
    if at < 0:
        raise OutOfRange(BEFORE_1970)
    return at


def checked_day(day: date, tz: ZoneInfo, now: datetime) -> int:
    """Local noon of ``day`` as epoch seconds, unless the day comes after the user's today
    or its noon before 1970. Today's noon may still lie ahead: each caller says what a
    day of today stands for."""
    if day > local_date(now, tz):
        raise OutOfRange(AHEAD)
    noon = int(local_noon(day, tz).timestamp())
    if noon < 0:
        raise OutOfRange(BEFORE_1970)
    return noon


def days_between(first: float | None, now: float) -> int:
    """Whole 24-hour periods from ``first`` to ``now``; 0 without a first (or ahead)."""
    return max(0, int((now - first) // DAY_SECONDS)) if first is not None else 0


def week_monday(day: date) -> date:
    """The Monday starting the (ISO) week holding ``day``."""
    return day - timedelta(days=day.weekday())


def iso_week_key(moment: datetime) -> str:
    """``"2026-W03"``: the ISO week of a local moment."""
    year, week, _ = moment.isocalendar()
    return f"{year}-W{week:02d}"


# --- labels --------------------------------------------------------------------------------


def day_label(day: date) -> str:
    """``"3 May"``."""
    return f"{day.day} {MONTH_ABBREVIATIONS[day.month - 1]}"


def month_label(day: date) -> str:
    """``"March 2027"``."""
    return f"{MONTH_NAMES[day.month - 1]} {day.year}"


def seven_days_label(start: date) -> str:
    """``"5–11 Jan 2026"``: the seven days starting at ``start``."""
    end = start + timedelta(days=6)
    if start.month == end.month:
        return f"{start.day}–{end.day} {MONTH_ABBREVIATIONS[end.month - 1]} {end.year}"
    return f"{day_label(start)} – {day_label(end)} {end.year}"


# --- quarters ------------------------------------------------------------------------------


def quarter_start(moment: date) -> date:
    """The first day (Jan, Apr, Jul or Oct 1st) of the quarter holding ``moment``'s date."""
    return date(moment.year, (moment.month - 1) // 3 * 3 + 1, 1)


def quarter_label(start: date) -> str:
    """``"Jan 2026"``."""
    return f"{MONTH_ABBREVIATIONS[start.month - 1]} {start.year}"


def quarter_number(start: date) -> int:
    """Quarters counted from year 0, so consecutive quarters are consecutive numbers."""
    return start.year * 4 + (start.month - 1) // 3


def quarter_from_number(number: int) -> date:
    """The first day of quarter ``number`` (the inverse of ``quarter_number``)."""
    return date(number // 4, number % 4 * 3 + 1, 1)


@lru_cache(maxsize=64)
def _quarter_starts(tz: ZoneInfo, last_year: int) -> list[float]:
    """Epoch seconds of every local quarter start from 1970 on; built once per zone and year."""
    return [
        datetime.combine(date(year, month, 1), time(0), tzinfo=tz).timestamp()
        for year in range(_FIRST_TABLED_YEAR, last_year + 2)
        for month in (1, 4, 7, 10)
    ]


class QuarterIndex:
    """Maps epoch seconds to a local quarter number, by bisecting precomputed boundaries."""

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
            return quarter_number(quarter_start(date_of_epoch(ts, self._tz)))
        position = bisect_right(starts, ts)
        self._low, self._high = starts[position - 1], starts[position]
        self._last = self._base + position - 1
        return self._last
