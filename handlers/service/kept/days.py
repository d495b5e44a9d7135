"""A user's minutes per local day and recent entries, from the kept items (store I/O, reads).

What streaks, goals, pace and reminders are figured from: every local day's minutes (the
kept ``YEAR#`` day sums, episodes weighed by their show's runtime) and the entries of the
last weeks (the history index's references of that period), never every entry.
"""

from __future__ import annotations

from handlers.service.core.activities import GROUPS, group_of
from handlers.service.core.durations import episode_seconds
from handlers.service.core.local_days import DayMinutes
from handlers.service.kept.contributions import EPISODES, SECONDS, YEAR_PREFIX
from handlers.service.kept.progress_start import days_of_years
from handlers.service.logbook import history
from handlers.service.progress import stats
from handlers.service.progress.stats import Counted
from storage.models import Show, user_pk
from storage.repository import ItemRepository


def day_minutes(repo: ItemRepository, user: str) -> tuple[DayMinutes, float]:
    """Every local day's minutes, per group and in all, and the seconds of every entry
    (from the ``YEAR#`` items: one per year of days)."""
    pk = user_pk(user)
    years = {str(i["sk"]): {k: v for k, v in i.items() if k[:1].isdigit()}
             for i in repo.query_prefix(pk, YEAR_PREFIX)}
    by_day = days_of_years(years)
    folders = sorted({name[2:] for values in by_day.values() for name in values
                      if name[0] == EPISODES})
    shows = repo.get_many(pk, [Show.SK_PREFIX + f for f in folders]) if folders else {}
    runtimes = {f: episode_seconds(shows.get(Show.SK_PREFIX + f)) for f in folders}
    days: DayMinutes = {}
    total = 0.0
    for day, values in by_day.items():
        groups: dict[str, float] = dict.fromkeys(GROUPS, 0.0)
        for name, value in values.items():
            if name[0] == SECONDS:
                groups[name[2:]] += value
            elif name[0] == EPISODES:
                groups[_WATCHING] += value * runtimes[name[2:]]
        seconds = sum(groups.values())
        total += seconds
        days[day] = {"all": seconds / 60, **{g: s / 60 for g, s in groups.items()}}
    return days, total


_WATCHING = group_of("tv")


def entries_since(repo: ItemRepository, user: str, since: int) -> list[Counted]:
    """The entries at or after ``since`` as the statistics count them."""
    return [stats.entry_counted(fields) for fields in history.fields_since(repo, user, since)]
