"""GET /progress for one user, from the kept totals and the newest entries (store I/O).

The sums of every entry before the newer days (``newer_from``) come from the kept
all-time totals and the per-year day sums (``kept.progress_start``); the entries of those
last days are read through the history index, the older movies' list elements from the
kept movie list (``kept.movie_list``), and the show, channel and podcast records (which
name and weigh entries) whole. Reads only: nothing is written, and no older entry is read.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import chain
from typing import Any
from zoneinfo import ZoneInfo

from handlers.service.core.calendar import WEEK_SECONDS, day_start, local_date
from handlers.service.goals.area import GoalsArea
from handlers.service.kept import movie_list, reading
from handlers.service.kept.contributions import (
    NOT_NUMBERS,
    TOTALS_SK,
    YEAR_PREFIX,
    Numbers,
    add_into,
    all_time_numbers,
)
from handlers.service.kept.progress_start import older_days, older_sums
from handlers.service.progress import statistics as progress_module
from handlers.service.progress.single_pass import DAYS_IN_ACTIVITY
from handlers.service.progress.summary import LIVE_PREFIXES
from storage.models import Movie, Show, user_pk
from storage.repository import Item, ItemRepository


def progress(store: ItemRepository, goals: GoalsArea, user: str, tz: ZoneInfo,
             now: datetime) -> dict[str, Any]:
    """The body: the progress fields, then streak, goals and pace."""
    cutoff = newer_from(now, tz)
    recent_from = day_start(cutoff, tz).timestamp()
    pk = user_pk(user)
    live = [item for prefix in LIVE_PREFIXES for item in store.query_prefix(pk, prefix)]
    totals = _numbers(store.get(pk, TOTALS_SK) or {})
    years = list(store.query_prefix(pk, YEAR_PREFIX))
    recent = reading.entries_since(store, user, recent_from)
    # The pass is fed the newer entries: the older sums are the rest.
    kept: Numbers = {TOTALS_SK: totals}
    for entry in recent:
        add_into(kept, {TOTALS_SK: all_time_numbers(entry)}, -1)
    shows = {str(i["folder_name"]): i for i in live if str(i["sk"]).startswith(Show.SK_PREFIX)}
    older = older_days(years, cutoff, shows)
    first = reading.earliest_moment(store, user, _end(older.first, tz)) if older.first else None
    start = older_sums(kept[TOTALS_SK], older, (), tz, first)
    # Every movie is listed once: the newer ones as the pass is fed them, the rest here.
    fed = {str(i["sk"]) for i in recent if str(i["sk"]).startswith(Movie.SK_PREFIX)}
    start.movies = movie_list.elements(store.query_prefix(pk, movie_list.MOVIES_PREFIX), fed)
    body, days, seconds = progress_module.progress_with_days(
        chain(recent, live), now, tz, start=start
    )
    return {**body, **goals.figures(user, days, seconds)}


def newer_from(now: datetime, tz: ZoneInfo) -> date:
    """The first local day whose entries the pass is fed one by one: every entry of an
    earlier day is before today, the last 7×24 hours and the last seven local days."""
    return min(local_date(now, tz) - timedelta(days=DAYS_IN_ACTIVITY - 1),
               local_date(now - timedelta(seconds=WEEK_SECONDS), tz))


def _numbers(item: Item) -> dict[str, int]:  # the TOTALS item's numbers alone
    return {name: value for name, value in item.items() if name not in NOT_NUMBERS}


def _end(day: date, tz: ZoneInfo) -> float:
    return day_start(day + timedelta(days=1), tz).timestamp()
