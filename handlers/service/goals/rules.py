"""Goals, streaks and the pace toward the next milestone, from minutes per local day (no I/O).

A day counts toward the streak when its immersion (every kind) reaches the daily goal,
or has any immersion when there is no daily goal. The streak includes today once today
is done, and otherwise ends yesterday; it is at risk while it is alive and today is not
done. Weeks start on Monday, as the statistics' buckets do.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field

from handlers.service.core.activities import GROUPS, Group, group_of
from handlers.service.core.calendar import week_monday
from handlers.service.core.local_days import DayMinutes, Days, DaySeconds, DayTable, LocalDays
from handlers.service.progress.stats import Counted

MINUTES_A_DAY = 24 * 60
MINUTES_A_WEEK = 7 * MINUTES_A_DAY
MILESTONE_HOURS = (10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000)
PACE_DAYS = 28


class PeriodGoals(BaseModel):
    """Minutes a day and a week; ``None`` is no goal."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    daily_minutes: int | None = Field(default=None, ge=1, le=MINUTES_A_DAY)
    weekly_minutes: int | None = Field(default=None, ge=1, le=MINUTES_A_WEEK)


class Goals(PeriodGoals):
    """Goals for all immersion, and for each group on its own."""

    by_group: dict[Group, PeriodGoals] = Field(default_factory=dict)


@dataclass(frozen=True)
class Streak:
    current_days: int
    longest_days: int
    today_done: bool
    at_risk: bool

    def as_json(self) -> dict[str, Any]:
        return {
            "current_days": self.current_days,
            "longest_days": self.longest_days,
            "today_done": self.today_done,
            "at_risk": self.at_risk,
        }


def minutes_by_day(entries: Iterable[Counted], zone: ZoneInfo, today: date) -> DayMinutes:
    """Each local day's minutes, per group and in all (``today``: the user's date now)."""
    table, days = DayTable(zone, today.year + 1), DaySeconds()
    for entry in entries:
        days.add(table.ordinal(entry.at), group_of(entry.activity), entry.seconds)
    return days.minutes()


def streak(days: Days, today: date, daily_goal: int | None) -> Streak:
    """The current and longest runs of done days, as of ``today``."""
    # Day ordinals and the goal's test inlined: a long history walks thousands of days
    # at every /progress, and date arithmetic per day was most of that walk.
    if isinstance(days, LocalDays):
        done = days.done(daily_goal)
    elif daily_goal is None:
        done = sorted(d.toordinal() for d, m in days.items() if m.get("all", 0) > 0)
    else:
        done = sorted(d.toordinal() for d, m in days.items() if m.get("all", 0) >= daily_goal)
    last = today.toordinal()
    while done and done[-1] > last:  # days after ``today`` do not count
        done.pop()
    longest, run, previous = 0, 0, -2
    for day in done:
        run = run + 1 if day - previous == 1 else 1
        if run > longest:
            longest = run
        previous = day
    today_done = bool(done) and done[-1] == last
    alive = bool(done) and done[-1] >= last - 1
    current = run if alive else 0
    return Streak(current, longest, today_done, at_risk=current >= 1 and not today_done)


def goal_figures(
    goals: Goals, days: Mapping[date, Mapping[str, float]], today: date
) -> list[dict[str, Any]]:
    """One line per goal set: its scope, period, target, what is done and whether it is met."""
    monday = week_monday(today)
    week = [monday + timedelta(days=n) for n in range((today - monday).days + 1)]
    scopes: list[tuple[str, PeriodGoals]] = [("all", goals)]
    scopes += [(group, goals.by_group[group]) for group in GROUPS if group in goals.by_group]
    figures: list[dict[str, Any]] = []
    for scope, period in scopes:
        for name, target, span in (
            ("day", period.daily_minutes, [today]),
            ("week", period.weekly_minutes, week),
        ):
            if target is None:
                continue
            done = sum(days.get(day, {}).get(scope, 0.0) for day in span)
            figures.append({"scope": scope, "period": name, "target_minutes": target,
                            "done_minutes": int(done), "met": done >= target})
    return figures


def pace(
    total_hours: float, days: Mapping[date, Mapping[str, float]], today: date
) -> dict[str, Any] | None:
    """When the next round milestone falls at the last 28 days' rate; ``None`` without any."""
    recent = sum(
        days.get(today - timedelta(days=n), {}).get("all", 0.0) for n in range(PACE_DAYS)
    )
    if recent <= 0:
        return None
    milestone = next((m for m in MILESTONE_HOURS if m > total_hours), None)
    if milestone is None:
        return None
    per_day_hours = recent / 60 / PACE_DAYS
    eta = today + timedelta(days=round((milestone - total_hours) / per_day_hours))
    return {"milestone_hours": milestone, "eta_date": eta.isoformat()}
