"""GET /progress for one user, from the kept totals and the newest entries (store I/O).

The sums of every entry before the last ``RECENT_DAYS`` local days come from the kept
all-time totals and the per-year day sums (``kept.progress_start``); the entries of those
last days are read through the history index, and the movies and the show, channel and
podcast records (which list and weigh entries) are read whole. Reads only: nothing is
written, and no older entry is read.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import chain
from typing import Any
from zoneinfo import ZoneInfo

from handlers.service.core.calendar import day_start, local_date
from handlers.service.goals.area import GoalsArea
from handlers.service.kept import reading
from handlers.service.kept.contributions import (
    TOTALS_SK,
    YEAR_PREFIX,
    Numbers,
    add_into,
    numbers,
)
from handlers.service.kept.progress_start import days_of_years, older_sums
from handlers.service.progress import statistics as progress_module
from handlers.service.progress.summary import LIVE_PREFIXES, RECENT_DAYS
from storage.models import Movie, Show, user_pk
from storage.repository import Item, ItemRepository

_KEYS = frozenset({"pk", "sk", "user", "version"})


def progress(store: ItemRepository, goals: GoalsArea, user: str, tz: ZoneInfo,
             now: datetime) -> dict[str, Any]:
    """The body: the progress fields, then streak, goals and pace."""
    cutoff = local_date(now, tz) - timedelta(days=RECENT_DAYS)
    recent_from = day_start(cutoff, tz).timestamp()
    pk = user_pk(user)
    live = [item for prefix in LIVE_PREFIXES for item in store.query_prefix(pk, prefix)]
    kept: Numbers = {str(item["sk"]): _numbers(item)
                     for prefix in (TOTALS_SK, YEAR_PREFIX)
                     for item in store.query_prefix(pk, prefix)}
    years = [sk for sk in kept if sk.startswith(YEAR_PREFIX)]
    first_day = min((day for day in days_of_years({sk: kept[sk] for sk in sorted(years)[:1]})
                     if day < cutoff), default=None)
    recent = reading.entries_since(store, user, recent_from)
    # The pass is fed the newer entries: the older sums are the rest.
    for entry in recent:
        add_into(kept, numbers(entry, tz), -1)
    older = {day: values for day, values in days_of_years(
        {sk: kept[sk] for sk in years}).items() if day < cutoff}
    shows = {str(i["folder_name"]): i for i in live if str(i["sk"]).startswith(Show.SK_PREFIX)}
    first = reading.earliest_moment(store, user, _end(first_day, tz)) if first_day else None
    older_movies = [i for i in live if str(i["sk"]).startswith(Movie.SK_PREFIX)
                    and i["timestamp"] < recent_from]
    start = older_sums(kept.get(TOTALS_SK, {}), older, shows, older_movies, tz, first)
    records = (i for i in live if not str(i["sk"]).startswith(Movie.SK_PREFIX))
    body, days, seconds = progress_module.progress_with_days(
        chain(recent, records), now, tz, start=start
    )
    return {**body, **goals.figures(user, days, seconds)}


def _numbers(item: Item) -> dict[str, int]:
    return {name: value for name, value in item.items() if name not in _KEYS}


def _end(day: date, tz: ZoneInfo) -> float:
    return day_start(day + timedelta(days=1), tz).timestamp()
