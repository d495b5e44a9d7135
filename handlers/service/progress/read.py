"""GET /progress for one user, from the kept totals and a few entries (store I/O).

The sums of every entry come from the kept all-time totals (``TOTALS``); each local day
before the newer days (``newer_from``) from the per-year day sums (``kept.progress_start``);
the newer days from their day totals (``DAY#``, ``progress.window``), and the few entries
where a rule cuts one of those days through the history index. The movies' list elements
come from the kept movie list (``kept.movie_list``), the show, channel and podcast records
(which name and weigh entries) are read whole. Reads only: nothing is written, and no
older entry is read.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from handlers.service.core.calendar import (
    WEEK_SECONDS,
    date_of_epoch,
    day_start,
    local_date,
    local_midnight,
)
from handlers.service.goals.area import GoalsArea
from handlers.service.goals.rules import Goals
from handlers.service.kept import movie_list, reading
from handlers.service.kept.contributions import COUNT, TOTALS_SK, YEAR_PREFIX
from handlers.service.kept.progress_start import older_days, older_sums
from handlers.service.logbook import history
from handlers.service.progress import statistics as progress_module
from handlers.service.progress.single_pass import DAYS_IN_ACTIVITY
from handlers.service.progress.summary import LIVE_PREFIXES
from handlers.service.progress.window import Window
from storage.models import user_pk
from storage.repository import Item, ItemRepository


def progress(store: ItemRepository, goals: GoalsArea, user: str, tz: ZoneInfo,
             now: datetime, chosen: Goals) -> dict[str, Any]:
    """The body: the progress fields, then streak, goals and pace (by the ``chosen`` goals,
    read with ``tz`` from the user's settings)."""
    cutoff = newer_from(now, tz)
    pk = user_pk(user)
    live = [item for prefix in LIVE_PREFIXES for item in store.query_prefix(pk, prefix)]
    totals = reading.numbers_of(store.get(pk, TOTALS_SK) or {})
    older = older_days(store.query_prefix(pk, YEAR_PREFIX), cutoff)
    newer = reading.days(store, user, first=cutoff)
    window = Window({day.toordinal(): item for day, item in newer.items()},
                    cut_entries(store, user, now, tz, newer))
    first_day = older.first or next(iter(newer), None)
    first = reading.earliest_moment(store, user) if first_day else None
    last_day = next(reversed(newer), None) or older.last
    movies = movie_list.elements(store.query_prefix(pk, movie_list.MOVIES_PREFIX))
    start = older_sums(totals, older, movies, tz, first, last_day)
    body, days, seconds = progress_module.progress_with_days(live, now, tz, (start, window))
    return {**body, **goals.figures(user, days, seconds, zone=tz, chosen=chosen)}


def newer_from(now: datetime, tz: ZoneInfo) -> date:
    """The first local day whose figures the pass takes from its day total: every entry
    of an earlier day is before today, the last 7×24 hours and the last seven local days."""
    return min(local_date(now, tz) - timedelta(days=DAYS_IN_ACTIVITY - 1),
               local_date(now - timedelta(seconds=WEEK_SECONDS), tz))


def cut_entries(store: ItemRepository, user: str, now: datetime, tz: ZoneInfo,
                days: Mapping[date, Item]) -> list[Item]:
    """The entry fields of the two spans where a rule cuts a day (``Window.entries``): from
    the start of the last 7×24 hours to the end of its local day, and today's midnight.

    ``days`` are the newer days' totals (``DAY#``): a span whose day has no entry is not
    read, and the references of the other are read in one page, sized by its day's count
    of entries (a heavy day is one read, not a page that grows)."""
    week_start = now.timestamp() - WEEK_SECONDS
    week_day = date_of_epoch(week_start, tz)
    midnight = local_midnight(now, tz).timestamp()
    spans: list[tuple[float, float, int]] = []
    count = _entries_on(days.get(week_day))
    if count:
        spans.append((week_start, _end(week_day, tz), count + 1))
    if _entries_on(days.get(local_date(now, tz))):
        spans.append((midnight, midnight + 1, 2))  # one at midnight, and the one before
    # The fields of sealed references' copies: an entry itself only for an unsealed one.
    return [entry for since, until, page in spans
            for entry in history.fields_between(store, user, math.ceil(since), int(until),
                                                page)]


def _entries_on(day: Item | None) -> int:
    """A day total's count of entries (``n:<activity>``: every kind counts under one)."""
    return 0 if day is None else sum(int(value) for name, value in day.items()
                                     if name.startswith(_COUNTS) and value)


_COUNTS = f"{COUNT}:"


def _end(day: date, tz: ZoneInfo) -> float:
    return day_start(day + timedelta(days=1), tz).timestamp()
