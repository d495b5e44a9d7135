"""A user's minutes per local day and recent entries, from the kept items (store I/O, reads).

What streaks, goals, pace and reminders are figured from: every local day's minutes (the
kept ``YEAR#`` day sums, episodes weighed already; per group for the last week, from the
day totals) and the entries of the last weeks (the history index's references of that
period), never every entry.
"""

from __future__ import annotations

from datetime import date, timedelta

from handlers.service.core.activities import GROUPS, group_of
from handlers.service.core.durations import episode_seconds
from handlers.service.core.local_days import DayMinutes, LocalDays
from handlers.service.kept.contributions import EPISODES, SECONDS, YEAR_PREFIX, day_sk
from handlers.service.kept.progress_start import older_days
from handlers.service.logbook import history
from handlers.service.progress import stats
from handlers.service.progress.stats import Counted
from storage.models import Show, user_pk
from storage.repository import ItemRepository


def day_minutes(repo: ItemRepository, user: str, today: date) -> tuple[LocalDays, float]:
    """Every local day's minutes in all (the ``YEAR#`` items: one per year of days) and
    the seconds of every entry; the last seven days to ``today`` (this week's goals) per
    group too, from their day totals (``DAY#``), episodes weighed by their show's runtime."""
    pk = user_pk(user)
    by_day = older_days(repo.query_prefix(pk, YEAR_PREFIX), date.max).seconds
    week = [day for n in range(_WEEK_DAYS)
            if (day := today - timedelta(days=n)).toordinal() in by_day]
    kept = repo.get_many(pk, [day_sk(day) for day in week])
    folders = sorted({name[2:] for values in kept.values() for name in values
                      if name.startswith(f"{EPISODES}:")})
    shows = repo.get_many(pk, [Show.SK_PREFIX + f for f in folders]) if folders else {}
    runtimes = {f: episode_seconds(shows.get(Show.SK_PREFIX + f)) for f in folders}
    recent: DayMinutes = {}
    for day in week:
        values = kept.get(day_sk(day))
        if values is None:
            continue
        groups: dict[str, float] = dict.fromkeys(GROUPS, 0.0)
        for name, value in values.items():
            if name.startswith(f"{SECONDS}:"):
                groups[group_of(name[2:])] += value
            elif name.startswith(f"{EPISODES}:"):
                groups[_WATCHING] += value * runtimes[name[2:]]
        recent[day] = {"all": by_day[day.toordinal()] / 60,
                       **{g: s / 60 for g, s in groups.items()}}
    return LocalDays(recent, by_day), float(sum(by_day.values()))


_WEEK_DAYS = 7
_WATCHING = group_of("tv")


def entries_since(repo: ItemRepository, user: str, since: int) -> list[Counted]:
    """The entries at or after ``since`` as the statistics count them."""
    return [stats.entry_counted(fields) for fields in history.fields_between(repo, user, since)]
