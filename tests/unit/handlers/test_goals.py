"""Streaks, goal figures and the milestone pace (pure functions)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from pydantic import ValidationError

from handlers.service.goals.rules import Goals, Streak, goal_figures, pace, streak

TODAY = date(2026, 12, 2)  # a Wednesday


def days(*minutes: float, group: str = "watching") -> dict[date, dict[str, float]]:
    """``minutes`` for today, yesterday, … (oldest last)."""
    return {
        TODAY - timedelta(days=n): {"all": m, group: m}
        for n, m in enumerate(minutes)
        if m
    }


def test_a_streak_includes_today_once_done_and_ends_yesterday_otherwise() -> None:
    assert streak(days(10, 5, 5, 0, 5), TODAY, None) == Streak(3, 3, True, False)
    assert streak(days(0, 5, 5, 0, 5), TODAY, None) == Streak(2, 2, False, True)
    assert streak(days(0, 0, 5, 5, 5, 5), TODAY, None) == Streak(0, 4, False, False)
    assert streak({}, TODAY, None) == Streak(0, 0, False, False)


def test_with_a_daily_goal_only_days_that_reach_it_count() -> None:
    history = days(30, 60, 61, 10, 90)
    assert streak(history, TODAY, 60) == Streak(2, 2, False, True)
    assert streak(history, TODAY, 30) == Streak(3, 3, True, False)
    assert streak(days(59, 60), TODAY, 60) == Streak(1, 1, False, True)


def test_future_days_are_not_counted() -> None:
    history = days(0, 20) | {TODAY + timedelta(days=1): {"all": 20}}
    assert streak(history, TODAY, None) == Streak(1, 1, False, True)


def test_goal_figures_for_day_and_week_overall_and_by_group() -> None:
    goals = Goals.model_validate(
        {"daily_minutes": 60, "weekly_minutes": 300, "by_group": {"reading": {"daily_minutes": 20}}}
    )
    history = days(45, 100, 100, 100) | {TODAY: {"all": 45, "watching": 25, "reading": 20}}
    assert goal_figures(goals, history, TODAY) == [
        {"scope": "all", "period": "day", "target_minutes": 60, "done_minutes": 45, "met": False},
        # Monday to today only: Sunday's 100 minutes belong to last week.
        {"scope": "all", "period": "week", "target_minutes": 300, "done_minutes": 245,
         "met": False},
        {"scope": "reading", "period": "day", "target_minutes": 20, "done_minutes": 20,
         "met": True},
    ]
    assert goal_figures(Goals(), history, TODAY) == []


@pytest.mark.parametrize(
    "bad",
    [{"daily_minutes": 0}, {"daily_minutes": 1441}, {"weekly_minutes": 10081},
     {"by_group": {"cooking": {"daily_minutes": 5}}}, {"monthly_minutes": 5}],
)
def test_goals_outside_their_ranges_are_refused(bad: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        Goals.model_validate(bad)


def test_the_pace_uses_the_last_28_days_and_the_next_round_milestone() -> None:
    four_weeks = {TODAY - timedelta(days=n): {"all": 60.0} for n in range(28)}
    assert pace(95.5, four_weeks, TODAY) == {
        "milestone_hours": 100, "eta_date": (TODAY + timedelta(days=4)).isoformat()
    }
    old = {TODAY - timedelta(days=40): {"all": 600.0}}
    assert pace(95.5, old, TODAY) is None  # nothing in the last 28 days: no promise
    assert pace(20_000, four_weeks, TODAY) is None
