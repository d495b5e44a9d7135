"""The goals area of the service: goals, streaks, "goal met" once a period, reminders (store I/O).

Doors set goals and the reminder here, read the figures appended to ``/progress``, and
after every log ask ``after_log`` for the streak line and any goal met by that log.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from statistics import median
from typing import Any
from zoneinfo import ZoneInfo

from handlers.service.accounts import user_settings
from handlers.service.core.calendar import DAY_SECONDS, local_date, week_monday
from handlers.service.core.errors import InvalidInput
from handlers.service.core.local_days import Days
from handlers.service.goals import settings as goal_settings
from handlers.service.goals.rules import Goals, Streak, goal_figures, pace, streak
from handlers.service.goals.settings import Period, Reminder
from handlers.service.kept import days as kept_days
from handlers.service.notify import due_index
from handlers.service.notify.weekly_digest import WeeklyDigests
from handlers.service.progress import stats
from handlers.service.progress.day_totals import RECENT_DAYS, DayTotals, Rebuild, from_days, since
from handlers.service.progress.stats import Counted
from storage.models import user_pk
from storage.repository import Item, ItemRepository

MET_PREFIX = "GOAL#MET#"
SUGGESTION_DAYS = RECENT_DAYS
SUGGESTIONS = 3


@dataclass(frozen=True)
class Suggestion:
    """One tap to log: an activity the user logs often, for their usual minutes."""

    activity: str
    minutes: int


@dataclass(frozen=True)
class GoalNews:
    """What a "Logged" reply adds: the streak, today against the daily goal, goals just met."""

    streak: Streak
    today_minutes: int
    daily_target: int | None
    met: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class ReminderNotice:
    """A reminder's content: the streak at risk, what is missing today, one-tap logs."""

    streak: Streak
    today_minutes: int
    daily_target: int | None
    missing_minutes: int | None
    suggestions: list[Suggestion]


def suggestions(entries: list[Counted], now: datetime) -> list[Suggestion]:
    """The user's most frequent recent activities, each with its median minutes (5 at least)."""
    since = now.timestamp() - SUGGESTION_DAYS * DAY_SECONDS
    recent: dict[str, list[float]] = defaultdict(list)
    latest: dict[str, int] = {}
    for entry in entries:
        if entry.at >= since and entry.seconds > 0:
            recent[entry.activity].append(entry.seconds / 60)
            latest[entry.activity] = max(latest.get(entry.activity, 0), entry.at)
    # Ties go to the activity used last, so the buttons do not shuffle between days.
    ranked = sorted(recent, key=lambda activity: (-len(recent[activity]), -latest[activity]))
    return [Suggestion(activity, max(5, round(median(recent[activity]) / 5) * 5))
            for activity in ranked[:SUGGESTIONS]]


def reminder_moment(chosen: Reminder, zone: ZoneInfo, after: datetime) -> tuple[datetime, date]:
    """The reminder's first local time after ``after``, and the local day it reminds about."""
    hours, minutes = (int(part) for part in chosen.time.split(":"))
    day = local_date(after, zone)
    for _ in range(3):
        moment = datetime.combine(day, time(hours, minutes), tzinfo=zone)
        if moment > after:
            break
        day += timedelta(days=1)
    return moment, day


class GoalsArea:
    """Goals, streaks and the reminder setting for every door."""

    def __init__(self, repo: ItemRepository, clock: Callable[[], datetime],
                 zone_of: Callable[[str], ZoneInfo], chat_of: Callable[[str], int | None],
                 digests: WeeklyDigests) -> None:
        self._digests = digests
        self._repo = repo
        self._clock = clock
        self._zone_of = zone_of
        self._chat_of = chat_of

    # --- settings ---------------------------------------------------------------------
    def goals(self, user: str) -> Goals:
        return goal_settings.goals(self._repo, user)

    def set_goal(self, user: str, scope: str, period: Period, minutes: int | None) -> Goals:
        """Set (or with ``None`` clear) one goal; raises InvalidInput with an example."""
        chosen = goal_settings.with_goal(self.goals(user), scope, period, minutes)
        return goal_settings.set_goals(self._repo, user, chosen)

    def clear_goals(self, user: str) -> Goals:
        return goal_settings.set_goals(self._repo, user, Goals())

    def reminder(self, user: str) -> Reminder:
        return goal_settings.reminder(self._repo, user)

    def set_reminder(self, user: str, chosen: Reminder, chat_id: int | None = None,
                     chat: str = "telegram") -> Reminder:
        """Store the reminder and put it in (or take it out of) the due index; it goes to
        ``chat_id`` in ``chat`` (Telegram, or a Discord direct message)."""
        if not chosen.enabled:
            goal_settings.set_reminder(self._repo, user, chosen)
            due_index.unschedule(self._repo, "reminder", user)
            return chosen
        target = chat_id if chat_id is not None else self._chat_of(user)
        if target is None:
            raise InvalidInput("reminder: link Telegram first (/link in the bot); "
                               "reminders arrive there.")
        # Without a chat given, the reminder goes where the user's Telegram account is.
        where = chat if chat_id is not None else "telegram"
        goal_settings.set_reminder(self._repo, user, chosen)
        self.schedule_reminder(user, chosen, target, self._clock(), where)
        return chosen

    def schedule_reminder(self, user: str, chosen: Reminder, chat_id: int,
                          after: datetime, chat: str = "telegram") -> None:
        """Put the reminder entry at its first local time after ``after``."""
        moment, day = reminder_moment(chosen, self._zone_of(user), after)
        due_index.schedule(self._repo, "reminder", user, chat_id, moment, day.isoformat(),
                           chat)

    def stop_for_chat(self, user: str, chat_id: int, chat: str = "telegram") -> None:
        """Turn the reminder off if it goes to ``chat_id`` (that account was unlinked)."""
        if due_index.scheduled_target(self._repo, "reminder", user) == (chat, chat_id):
            self.set_reminder(user, Reminder(False, self.reminder(user).time))

    def forget_user(self, user: str) -> None:
        """Take the reminder out of the due index (the user is being removed)."""
        due_index.unschedule(self._repo, "reminder", user)

    def follow_timezone(self, user: str) -> None:
        """Move a scheduled reminder to its local time in the user's zone (just changed)."""
        target = due_index.scheduled_target(self._repo, "reminder", user)
        chosen = self.reminder(user)
        if target is not None and chosen.enabled:
            self.schedule_reminder(user, chosen, target[1], self._clock(), target[0])

    def settings(self, user: str, stored: Item | None = None) -> dict[str, Any]:
        """The ``goals``, ``reminder`` and ``digest`` parts of the settings body; from
        ``stored``, the user's settings item, when the caller read it already."""
        if stored is None:
            stored = user_settings.stored(self._repo, user)
        return {"goals": goal_settings.goals_json(goal_settings.goals_in(stored)),
                "reminder": goal_settings.reminder_in(stored).as_json(),
                "digest": self._digests.settings(user)}

    def update_settings(self, user: str, changes: Mapping[str, Any]) -> dict[str, Any]:
        """Apply ``goals``, ``reminder`` and ``digest`` of a settings change, all validated
        before anything is stored (other keys are the caller's)."""
        chosen = goal_settings.parse_goals(changes["goals"]) if "goals" in changes else None
        reminder = (goal_settings.parse_reminder(changes["reminder"], self.reminder(user))
                    if "reminder" in changes else None)
        digest = (self._digests.parse_settings(user, changes["digest"])
                  if "digest" in changes else None)
        chat = self._chat_of(user)
        for name, wanted in (("reminder", reminder and reminder.enabled),
                             ("digest", digest and digest[0])):
            if wanted and chat is None:
                raise InvalidInput(f"{name}: link Telegram first (/link in the bot); "
                                   "messages arrive there.")
        if chosen is not None:
            goal_settings.set_goals(self._repo, user, chosen)
        if reminder is not None:
            self.set_reminder(user, reminder)
        if digest is not None:
            self._digests.apply_settings(user, digest, chat)
        return self.settings(user)

    # --- figures ----------------------------------------------------------------------
    def entries(self, user: str) -> list[Counted]:
        items = (item for prefix in stats.STATS_PREFIXES
                 for item in self._repo.query_prefix(user_pk(user), prefix))
        return stats.counted(items)

    def day_summary(self, user: str, zone: ZoneInfo, now: datetime) -> DayTotals:
        """What a reminder needs, from the kept day totals and the last weeks' references."""
        days, _seconds = kept_days.day_minutes(self._repo, user, local_date(now, zone))
        recent = kept_days.entries_since(self._repo, user, since(now))
        return from_days(days, list(reversed(recent)), zone, now)

    def start_rebuild(self, user: str) -> Rebuild:
        """Read the user's summary and count of writes, before reading the entries it will
        be built of."""
        return Rebuild.read(self._repo, user)

    def figures(
        self, user: str, days: Days | None = None, seconds: float | None = None, *,
        zone: ZoneInfo | None = None, chosen: Goals | None = None,
    ) -> dict[str, Any]:
        """``streak``, ``goals`` and ``pace``: the fields appended to ``/progress``; ``days``
        and ``seconds`` (of every entry), the user's ``zone`` and ``chosen`` goals when the
        caller has them already (both or neither: they come from one settings item)."""
        if zone is None or chosen is None:
            zone, chosen = self._zone_of(user), self.goals(user)
        today = local_date(self._clock(), zone)
        if days is None or seconds is None:
            days, seconds = kept_days.day_minutes(self._repo, user, today)
        total_hours = seconds / 3600
        return {"streak": streak(days, today, chosen.daily_minutes).as_json(),
                "goals": goal_figures(chosen, days, today),
                "pace": pace(total_hours, days, today)}

    def streak_at(self, user: str, at: datetime) -> Streak:
        """The streak as of ``at`` (its local day), by the user's daily goal."""
        zone = self._zone_of(user)
        today = local_date(at, zone)
        days, _seconds = kept_days.day_minutes(self._repo, user, today)
        return streak(days, today, self.goals(user).daily_minutes)

    def after_log(self, user: str) -> GoalNews:
        """The streak and today's minutes after a log, and the goals it met first this period."""
        rebuild = self.start_rebuild(user)
        zone, goals = self._zone_of(user), self.goals(user)
        now = self._clock()
        today = local_date(now, zone)
        summary = self.day_summary(user, zone, now)
        if rebuild.needed(zone):
            rebuild.store_totals(summary)
        days, _seconds = kept_days.day_minutes(self._repo, user, today)
        met = [figure for figure in goal_figures(goals, days, today)
               if figure["met"] and self._claim_met(user, figure, today)]
        return GoalNews(streak(days, today, goals.daily_minutes),
                        int(days.get(today, {}).get("all", 0.0)), goals.daily_minutes, met)

    def _claim_met(self, user: str, figure: Mapping[str, Any], today: date) -> bool:
        period = today if figure["period"] == "day" else week_monday(today)
        sk = f"{MET_PREFIX}{figure['scope']}#{figure['period']}#{period.isoformat()}"
        now = int(self._clock().timestamp())
        return self._repo.put_if_absent({"pk": user_pk(user), "sk": sk, "user": user,
                                         "met_at": now, "expires_at": now + 60 * DAY_SECONDS,
                                         "version": 1})

    def reminder_notice(self, user: str, at: datetime) -> ReminderNotice | None:
        """What a reminder at ``at`` says; ``None`` when today is done (nothing to remind)."""
        zone = self._zone_of(user)
        summary = self.day_summary(user, zone, at)
        return reminder_content(summary.days, summary.recent, self.goals(user).daily_minutes,
                                local_date(at, zone), at)


def reminder_content(days: Days, entries: list[Counted], daily_target: int | None,
                     today: date, at: datetime) -> ReminderNotice | None:
    """A reminder's content from minutes per local day and the entries of the last 28 days
    (or all of them); ``None`` when today is done."""
    current = streak(days, today, daily_target)
    done = days.get(today, {}).get("all", 0.0)
    unmet = daily_target is not None and done < daily_target
    if current.today_done or not (current.at_risk or unmet):
        return None
    missing = int(daily_target - done + 0.999) if daily_target is not None else None
    return ReminderNotice(current, int(done), daily_target, missing, suggestions(entries, at))
