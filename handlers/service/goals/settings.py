"""Goals and reminder settings: parsing, validation, storage in the settings item (store I/O).

Both live in the user's ``SETTINGS`` item beside the time zone and reading speeds, so
``GET/PUT /settings`` reads one item. A rejected value changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import ValidationError

from handlers.service.accounts import user_settings
from handlers.service.core.activities import GROUPS
from handlers.service.core.errors import InvalidInput, quoted
from handlers.service.goals.rules import MINUTES_A_DAY, MINUTES_A_WEEK, Goals, PeriodGoals
from handlers.service.logbook.text import _minutes as minutes_of
from handlers.service.notify.digest_schedule import parse_local_time
from storage.repository import Item, ItemRepository

Period = Literal["day", "week"]
DEFAULT_REMINDER_TIME = "20:00"


@dataclass(frozen=True)
class Reminder:
    """Whether the daily reminder is on, and its local time."""

    enabled: bool
    time: str

    def as_json(self) -> dict[str, Any]:
        return {"enabled": self.enabled, "time": self.time}


def _sentence(error: ValidationError, field: str) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in (field, *first["loc"]))
    if first["type"] in ("less_than_equal", "greater_than_equal"):
        top = MINUTES_A_WEEK if "weekly" in where else MINUTES_A_DAY
        return f"{where}: must be a whole number of minutes from 1 to {top:,}, or null."
    if first["type"] == "extra_forbidden":
        return f"{where}: is not a goal (use daily_minutes, weekly_minutes, by_group)."
    if first["type"] in ("literal_error", "enum"):
        return f"{where}: is not a group (use {', '.join(GROUPS)})."
    return f"{where}: {first['msg']}."


def parse_goals(raw: Any, *, strict: bool = True) -> Goals:
    """``goals`` as sent in a settings change; raises InvalidInput with one sentence.
    Strict, JSON's types are the contract (``true`` or ``"30"`` is no number of minutes);
    a file of ours, which may come from an older store, is read leniently."""
    if raw is None:
        return Goals()
    if not isinstance(raw, dict):
        raise InvalidInput("goals: must be an object like {\"daily_minutes\": 60}.")
    try:
        return Goals.model_validate(raw, strict=strict)
    except ValidationError as error:
        raise InvalidInput(_sentence(error, "goals")) from None


def goals(repo: ItemRepository, user: str) -> Goals:
    """The user's goals (none set: no goals)."""
    return goals_in(user_settings.stored(repo, user))


def goals_in(settings: Item) -> Goals:
    """The goals a settings item holds (none set: no goals)."""
    raw = settings.get("goals")
    try:
        return Goals.model_validate(raw or {})
    except ValidationError:
        return Goals()


def goals_json(chosen: Goals) -> dict[str, Any]:
    """Goals as the settings body shows them: every field, ``null`` where unset."""
    return {
        "daily_minutes": chosen.daily_minutes,
        "weekly_minutes": chosen.weekly_minutes,
        "by_group": {g: p.model_dump() for g, p in chosen.by_group.items()},
    }


def set_goals(repo: ItemRepository, user: str, chosen: Goals) -> Goals:
    """Store ``chosen`` in place of the user's goals."""
    stored = chosen.model_dump(exclude_none=True)
    stored["by_group"] = {g: p for g, p in stored.get("by_group", {}).items() if p}
    user_settings.update(repo, user, {"goals": stored})
    return chosen


def with_goal(current: Goals, scope: str, period: Period, minutes: int | None) -> Goals:
    """``current`` with one goal set (or cleared with ``None``); raises InvalidInput."""
    name = "daily_minutes" if period == "day" else "weekly_minutes"
    top = MINUTES_A_DAY if period == "day" else MINUTES_A_WEEK
    if minutes is not None and not 1 <= minutes <= top:
        kind = "daily" if period == "day" else "weekly"
        raise InvalidInput(f"A {kind} goal is 1 to {top:,} minutes; for example 60m daily.")
    if scope == "all":
        return current.model_copy(update={name: minutes})
    if scope not in GROUPS:
        raise InvalidInput(f"{quoted(scope)} is not a group; use {', '.join(GROUPS)}.")
    groups = dict(current.by_group)
    groups[scope] = groups.get(scope, PeriodGoals()).model_copy(update={name: minutes})
    return current.model_copy(update={"by_group": groups})


def reminder(repo: ItemRepository, user: str) -> Reminder:
    """The user's reminder setting (off at 20:00 until they choose)."""
    return reminder_in(user_settings.stored(repo, user))


def reminder_in(settings: Item) -> Reminder:
    """The reminder setting a settings item holds (off at 20:00 until they choose)."""
    raw = settings.get("reminder") or {}
    return Reminder(bool(raw.get("enabled", False)), str(raw.get("time", DEFAULT_REMINDER_TIME)))


def parse_reminder(raw: Any, current: Reminder) -> Reminder:
    """``reminder`` as sent in a settings change, over ``current``; raises InvalidInput."""
    if not isinstance(raw, dict) or set(raw) - {"enabled", "time"}:
        raise InvalidInput(
            "reminder: must be an object like {\"enabled\": true, \"time\": \"20:00\"}."
        )
    enabled = raw.get("enabled", current.enabled)
    if not isinstance(enabled, bool):
        raise InvalidInput("reminder.enabled: must be true or false.")
    moment = raw.get("time", current.time)
    if not isinstance(moment, str):
        raise InvalidInput("reminder.time: must be a local time like 20:00.")
    try:
        return Reminder(enabled, parse_local_time(moment))
    except InvalidInput as error:
        raise InvalidInput(f"reminder.time: {error.message}") from None


def set_reminder(repo: ItemRepository, user: str, chosen: Reminder) -> Reminder:
    """Store the reminder setting."""
    user_settings.update(repo, user, {"reminder": chosen.as_json()})
    return chosen


GOAL_EXAMPLE = "Use /goal 60m daily, /goal 5h weekly reading or /goal off."
REMIND_EXAMPLE = "Use /remind 20:00 or /remind off."


def parse_goal_words(words: list[str]) -> tuple[str, Period, int]:
    """``["5h", "weekly", "reading"]`` -> ``("reading", "week", 300)``; InvalidInput else."""
    lowered = [word.lower() for word in words]
    periods = {"daily": "day", "day": "day", "weekly": "week", "week": "week"}
    found = [periods[word] for word in lowered if word in periods]
    amounts = [minutes for word in lowered if (minutes := minutes_of(word)) is not None]
    rest = [w for w in lowered if w not in periods and minutes_of(w) is None]
    if len(found) != 1 or len(amounts) != 1 or len(rest) > 1:
        raise InvalidInput(GOAL_EXAMPLE)
    scope = rest[0] if rest else "all"
    if scope not in (*GROUPS, "all"):
        raise InvalidInput(f"{quoted(scope)} is not a group; use {', '.join(GROUPS)}. "
                           f"{GOAL_EXAMPLE}")
    period: Period = "day" if found[0] == "day" else "week"
    return scope, period, round(amounts[0])
