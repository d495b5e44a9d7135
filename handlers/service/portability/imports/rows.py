"""What every format's reader yields: a row to log, or a line it could not read (no I/O)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from handlers.service.core.activities import Unit
from handlers.service.core.calendar import OutOfRange, checked_at, checked_day
from handlers.service.core.errors import InvalidInput
from storage.repository import Item

_FRACTION = re.compile(r"\.\d+")


@dataclass(frozen=True)
class Row:
    """One activity read from a peer's file, before it becomes a ``LOG#`` item."""

    line: int
    external_id: str
    """The peer's own id of the row, or a content key where it has none."""
    activity: str
    title: str
    when: datetime | date
    """An exact moment (zone-aware), or a bare day that lands on local noon."""
    seconds: float | None = None
    amount: float | None = None
    unit: Unit | None = None
    note: str | None = None
    url: str | None = None
    account: str | None = None
    """The peer's user id, so that another person's file is recognised."""


@dataclass(frozen=True)
class StoredRow:
    """One item of our own export, to recreate as it was."""

    line: int
    item: Item


@dataclass(frozen=True)
class RowError:
    line: int
    message: str


class ImportFormatError(InvalidInput):
    """The file as a whole cannot be read in the asked format (named in the message)."""


def number(text: str, column: str) -> float | None:
    """A non-negative number from a cell; ``None`` when empty; ValueError naming the column."""
    cleaned = text.strip().replace(",", "")
    if not cleaned:
        return None
    try:
        value = float(cleaned)
    except ValueError:
        raise ValueError(f"{column}: {text.strip()!r} is not a number.") from None
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{column}: {text.strip()!r} must be zero or more.")
    return value


def day(text: str, column: str) -> date:
    """A ``YYYY-MM-DD`` (or ``YYYY/MM/DD``) day; ValueError naming the column."""
    try:
        return date.fromisoformat(text.strip().replace("/", "-"))
    except ValueError:
        raise ValueError(f"{column}: {text.strip()!r} is not a date like 2024-03-01.") from None


def moment(text: str, column: str) -> datetime | date:
    """An RFC 3339 / ISO moment; naive times are UTC (how these bots record them)."""
    cleaned = text.strip()
    if len(cleaned) == 10:
        return day(cleaned, column)
    try:
        # Python 3.11 reads "Z" and cuts a fraction past microseconds as the lines below
        # do: most moments need nothing more (an import reads each row twice).
        parsed = datetime.fromisoformat(cleaned)
    except ValueError:
        # Go writes nanoseconds; Python reads at most microseconds, which a day never needs.
        trimmed = _FRACTION.sub(lambda m: m.group(0)[:7], cleaned.replace("Z", "+00:00"))
        try:
            parsed = datetime.fromisoformat(trimmed)
        except ValueError:
            raise ValueError(f"{column}: {cleaned!r} is not a date and time.") from None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def epoch_of(when: datetime | date, zone: ZoneInfo, now: datetime) -> int:
    """The epoch seconds a row's moment or day stands for, by ``POST /log``'s rules (the
    moment itself, or local noon of the day), but that today's day is noon or now, whichever
    came first. ValueError (one sentence) for a day or moment ahead of ``now``, or before
    1970."""
    try:
        if isinstance(when, datetime):
            return checked_at(int(when.timestamp()), now)
        return min(checked_day(when, zone, now), int(now.timestamp()))
    except OutOfRange as error:
        raise ValueError(f"the date {error}") from None
