"""A user's minutes per local day and recent entries, from the kept items (store I/O, reads).

What streaks, goals, pace and reminders are figured from: every local day's minutes (the
kept day totals, episodes weighed by their show's runtime) and the entries of the last
weeks (the history index's references of that period), never every entry.
"""

from __future__ import annotations

from datetime import date

from handlers.service import history, stats
from handlers.service.kept import minutes
from handlers.service.local_days import DayMinutes
from handlers.service.stats import Counted
from storage.repository import ItemRepository


def day_minutes(repo: ItemRepository, user: str) -> tuple[DayMinutes, float]:
    """Every local day's minutes, per group and in all, and the seconds of every entry."""
    by_day = minutes.sums(repo, user, date.min, date.max, "day")[0]
    days: DayMinutes = {}
    total = 0.0
    for day, groups in by_day.items():
        seconds = sum(groups.values())
        total += seconds
        days[day] = {"all": seconds / 60, **{g: s / 60 for g, s in groups.items()}}
    return days, total


def entries_since(repo: ItemRepository, user: str, since: int) -> list[Counted]:
    """The entries at or after ``since`` as the statistics count them."""
    return [stats.entry_counted(fields) for fields in history.fields_since(repo, user, since)]
