"""Response bodies of the logging routes: log, history, stats, settings (no I/O)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from handlers.service import Entry


class _Response(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Logged(_Response):
    """``POST /log``: the new entry and today's total after it."""

    entry: Entry
    today_minutes: int


class History(_Response):
    """``GET /history``: a page of entries, newest first, and the cursor of the next page."""

    entries: list[Entry]
    next_cursor: str | None


class OneEntry(_Response):
    """``PATCH`` and ``DELETE /history/{id}``: the entry as changed, or as it was removed."""

    entry: Entry


class GroupTotals(_Response):
    watching: int
    listening: int
    reading: int
    other: int


class StatsBucket(_Response):
    start: str
    minutes: int
    by_group: GroupTotals


class ActivityTotal(_Response):
    activity: str
    minutes: int
    count: int


class TitleTotal(_Response):
    title: str
    activity: str
    minutes: int
    count: int


class ReadingSpeed(_Response):
    date: str
    activity: str
    characters: int
    minutes: float
    characters_per_minute: float


class Stats(_Response):
    """``GET /stats``: minutes per local day, week or month, by group, activity and title."""

    from_: str = Field(alias="from")
    to: str
    bucket: str
    buckets: list[StatsBucket]
    by_activity: list[ActivityTotal]
    top_titles: list[TitleTotal]
    reading_speed: list[ReadingSpeed] = []
    """Characters per minute per local day and activity, as the readers measured them."""


class PeriodGoals(_Response):
    daily_minutes: int | None
    weekly_minutes: int | None


class Goals(PeriodGoals):
    by_group: dict[str, PeriodGoals]


class ReminderSetting(_Response):
    enabled: bool
    time: str


class DigestSetting(_Response):
    enabled: bool
    weekday: str
    time: str


class Settings(_Response):
    """``GET`` and ``PUT /settings``: the whole settings object."""

    timezone: str
    reading_speed: dict[str, float]
    goals: Goals
    reminder: ReminderSetting
    digest: DigestSetting
    languages: list[str]
