"""GET /progress for one user: the kept summary and a few prefixes, else every entry (store I/O).

The summary of the older entries (``progress_summary``) is trusted only while the day
summary (``day_totals``) has the version it was built against: every write of a user's
entries and records changes that version (``summary_marks``), before and after the write.
Both are read in one request, before anything else; a build reads the version before
the entries, so a write racing it leaves the new summary already out of date.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from itertools import chain
from typing import Any
from zoneinfo import ZoneInfo

from handlers.service import day_totals, progress_summary
from handlers.service import progress as progress_module
from handlers.service.goal_area import GoalsArea
from handlers.service.local_days import DayMinutes
from handlers.service.sound_items import sound
from handlers.service.stats import STATS_PREFIXES, counted
from storage.models import user_pk
from storage.repository import Item, ItemRepository


def progress(store: ItemRepository, goals: GoalsArea, user: str, tz: ZoneInfo,
             now: datetime) -> dict[str, Any]:
    """The body: the progress fields, then streak, goals and pace. Without a summary that
    serves, reads every entry once, and on the way keeps a summary again and rebuilds the
    day summary when it was missing or stale."""
    pk = user_pk(user)
    read = store.get_many(pk, [day_totals.SUMMARY_SK, progress_summary.SUMMARY_SK])
    rebuild = day_totals.Rebuild(store, user, read.get(day_totals.SUMMARY_SK))
    kept = progress_summary.from_item(read.get(progress_summary.SUMMARY_SK), rebuild.version)
    built = None
    if kept is not None and kept.serves(tz, now):
        summary = kept
        live: Iterable[Item] = sound(item for prefix in progress_summary.LIVE_PREFIXES
                                     for item in store.query_prefix(pk, prefix))
    else:
        items = sound(item for prefix in STATS_PREFIXES for item in store.query_prefix(pk, prefix))
        built = progress_summary.summarize(items, tz, now,
                                           day_totals.since(now) if rebuild.needed(tz) else None)
        summary, live = built.summary, built.live
    body, days, seconds = progress_module.progress_with_days(
        chain(summary.recent, live), now, tz, start=summary
    )
    if built is not None:
        _keep(store, rebuild, user, built, days, tz, now)
    return {**body, **goals.figures(user, days, seconds)}


def _keep(store: ItemRepository, rebuild: day_totals.Rebuild, user: str,
          built: progress_summary.Built, days: DayMinutes, tz: ZoneInfo, now: datetime) -> None:
    """Store both summaries from one read of every entry, unless a write came in between.
    The day summary takes every day's minutes from the pass, and the recent entries (with
    the records that weigh and name them) as the statistics count them."""
    if rebuild.needed(tz):
        recent = counted(chain(built.since, built.records()), since=day_totals.since(now))
        if not rebuild.store_totals(day_totals.from_days(days, recent, tz, now)):
            return
    record = progress_summary.to_item(user, built.summary, rebuild.version)
    if record is not None:
        store.put(record)
