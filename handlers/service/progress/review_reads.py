"""Reads behind the year in review and the title page: one period of the time index (store I/O).

Each is one function so kept per-day and per-title totals can take its place later; until
then the review reads only its year's references, and a title the history up to today.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from handlers.service.core.calendar import day_start, local_date
from handlers.service.core.durations import SHOW_ACTIVITIES, episode_activity
from handlers.service.core.errors import InvalidInput, NotFound, ProviderNotConfigured
from handlers.service.logbook import history
from handlers.service.progress import review
from storage.models import Show, user_pk
from storage.repository import ItemRepository

FIRST_YEAR = 1970
MAX_TITLE = 200
CardRenderer = Callable[[dict[str, Any], str], bytes]
"""Draws a ``GET /review`` body (and the user's name) as the PNG card."""


class CardUnavailable(ProviderNotConfigured):
    """This server was given no card renderer (it has no matplotlib, the ``bot`` extra)."""

    def __init__(self) -> None:
        super().__init__("This server draws no review cards: its install lacks the bot extra "
                         "(matplotlib); the bot's /review sends the card.")


def parse_year(raw: str | None, now: datetime, zone: ZoneInfo) -> int:
    """The year asked for (default: this one in the account's zone)."""
    if raw is None or raw == "":
        return local_date(now, zone).year
    if not raw.isdigit() or not FIRST_YEAR <= int(raw) <= 9998:
        raise InvalidInput(f"year: must be a year from {FIRST_YEAR} to 9998, like 2026.")
    return int(raw)


def year_review(store: ItemRepository, user: str, year: int, zone: ZoneInfo) -> dict[str, Any]:
    """The ``GET /review`` body: only the references of that year are read."""
    since = int(day_start(date(year, 1, 1), zone).timestamp())
    until = int(day_start(date(year + 1, 1, 1), zone).timestamp())
    found = history.fields_between(store, user, since, until)
    return review.year_review(found, year, zone)


def title_page(store: ItemRepository, user: str, name: str, now: datetime,
               zone: ZoneInfo, activity: str | None = None) -> dict[str, Any]:
    """The ``GET /title`` body (of one activity's entries, given one); NotFound when
    nothing is ranked under that name."""
    name = name.strip()
    if not name or len(name) > MAX_TITLE:
        raise InvalidInput(f"name: give the title, at most {MAX_TITLE} characters.")
    until = int(day_start(local_date(now, zone) + timedelta(days=2), zone).timestamp())
    found = history.fields_between(store, user, 0, until)
    page = review.title_page(found, name, zone, activity)
    if page is None:
        as_what = f" as {activity}" if activity else ""
        raise NotFound(f"Nothing is logged under the title “{name}”{as_what}.")
    if set(page["activities"]) & set(SHOW_ACTIVITIES):
        page["shows"] = _shows_named(store, user, name)
    return page


def _shows_named(store: ItemRepository, user: str, name: str) -> list[dict[str, str]]:
    """The show folders whose episodes rank under ``name``, each with its activity."""
    return [{"folder_name": str(show["folder_name"]), "activity": episode_activity(show)}
            for show in store.query_prefix(user_pk(user), Show.SK_PREFIX)
            if (show.get("tvdb_name") or show["folder_name"]) == name]

