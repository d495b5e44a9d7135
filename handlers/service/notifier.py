"""The notifier's rules: who is due, what each message says, claim, done, blocked (store I/O).

Reminders and weekly digests share one due-time index (``handlers.service.due_index``) and
one lease, so the job queue, the scheduled Lambda and ``immersion-tracker notify`` all
send through the same steps: ``due`` → ``claim`` → ``notice`` → send → ``sent`` (or
``skip`` when nothing needs saying, ``failed`` to retry later, ``blocked`` on a 403).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from handlers.service import digest_schedule, due_index, goal_settings
from handlers.service.calendar import local_date, local_midnight
from handlers.service.digest import Digest
from handlers.service.due_index import Due
from handlers.service.goal_area import GoalsArea, ReminderNotice
from handlers.service.weekly_digest import WeeklyDigests
from storage.repository import ItemRepository

DIGEST_RELEVANT = timedelta(days=7)
"""A digest missed while nothing ran is still sent during the week it belongs to."""


@dataclass(frozen=True)
class DigestNotice:
    """A weekly digest's figures, and whether the week had any immersion."""

    digest: Digest

    @property
    def empty(self) -> bool:
        return self.digest.minutes_this_week == 0


Notice = ReminderNotice | DigestNotice


class Notifier:
    """Reminders and digests that are due, for whichever door sends them."""

    def __init__(self, repo: ItemRepository, clock: Callable[[], datetime],
                 zone_of: Callable[[str], ZoneInfo], goals: GoalsArea,
                 digests: WeeklyDigests) -> None:
        self._repo = repo
        self._clock = clock
        self._zone_of = zone_of
        self._goals = goals
        self._digests = digests

    def now(self) -> datetime:
        return self._clock()

    def due(self, now: datetime | None = None, limit: int | None = None) -> list[Due]:
        """Every entry due at ``now`` (default: the clock), oldest first (reads only)."""
        return list(due_index.due(self._repo, now or self._clock(), limit))

    def migrate_legacy(self) -> int:
        """Move a few subscribers of the earlier digest list into the due index."""
        return self._digests.migrate_legacy()

    def claim(self, entry: Due) -> bool:
        """Lease ``entry``'s period; False when someone else has it or it was sent."""
        return due_index.claim(self._repo, entry, int(self._clock().timestamp()))

    def notice(self, entry: Due, now: datetime | None = None) -> Notice | None:
        """What to send for ``entry``; ``None`` when it is no longer relevant or needed."""
        now = now or self._clock()
        moment = datetime.fromtimestamp(entry.at, now.tzinfo)
        if entry.kind == "reminder":
            zone = self._zone_of(entry.user)
            if local_date(now, zone) != local_date(moment, zone):
                return None  # a reminder is about today only
            if not goal_settings.reminder(self._repo, entry.user).enabled:
                return None
            return self._goals.reminder_notice(entry.user, now)
        if now - moment > DIGEST_RELEVANT:
            return None
        digest = self._digests.figures(entry.user, moment)
        # The streak follows the daily goal, as everywhere else; the figures alone know none.
        current = self._goals.streak_at(entry.user, moment - timedelta(seconds=1))
        return DigestNotice(replace(digest, streak_days=current.current_days))

    def sent(self, entry: Due) -> None:
        """The message went out: mark its period and move the entry to the next one."""
        due_index.mark_sent(self._repo, entry)
        self._reschedule(entry)

    def skip(self, entry: Due) -> None:
        """Nothing to send this period (today done, stale, turned off): move on."""
        self._reschedule(entry)

    def failed(self, entry: Due) -> None:
        """The send failed: give the lease back so a later tick retries."""
        due_index.release(self._repo, entry)

    def blocked(self, entry: Due) -> None:
        """The user blocked the bot: no more reminders or digests until they come back."""
        due_index.mark_sent(self._repo, entry)
        self._digests.mark_blocked(entry.user)
        due_index.unschedule(self._repo, "reminder", entry.user)
        due_index.unschedule(self._repo, "digest", entry.user)
        current = goal_settings.reminder(self._repo, entry.user)
        goal_settings.set_reminder(self._repo, entry.user,
                                   goal_settings.Reminder(False, current.time))

    def _reschedule(self, entry: Due) -> None:
        self._move_on(entry)
        due_index.drop(self._repo, entry)

    def _move_on(self, entry: Due) -> None:
        now = self._clock()
        done = datetime.fromtimestamp(entry.at, now.tzinfo)
        if entry.kind == "reminder":
            chosen = goal_settings.reminder(self._repo, entry.user)
            if not chosen.enabled:
                due_index.unschedule(self._repo, "reminder", entry.user)
                return
            # A reminder missed on an earlier day moves to today's, which may still be due.
            today = local_midnight(now, self._zone_of(entry.user))
            self._goals.schedule_reminder(entry.user, chosen, entry.chat_id, max(done, today))
            return
        current = digest_schedule.subscription(self._repo, entry.user)
        if current is None or not current.enabled or current.blocked:
            due_index.unschedule(self._repo, "digest", entry.user)
            return
        # A digest missed for weeks moves to the latest one still relevant.
        after = max(done, now - DIGEST_RELEVANT)
        digest_schedule.reschedule(self._repo, current, self._zone_of(entry.user), after,
                                   digest_schedule.subscribed_at(self._repo, entry.user))
