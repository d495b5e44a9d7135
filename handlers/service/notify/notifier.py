"""The notifier's rules: who is due, what each message says, claim, done, blocked (store I/O).

Reminders and weekly digests share one due-time index (``handlers.service.notify.due_index``) and
one lease, so the job queue, the scheduled Lambda and ``immersion-tracker notify`` all
send through the same steps: ``due`` → ``claim`` → ``notice`` → send → ``sent`` (or
``skip`` when nothing needs saying, ``failed`` to retry later, ``blocked`` on a 403).

A tick takes those steps a page of due entries at a time (``pages`` → ``prepare`` →
``page_notice`` → the page's outcomes; ``handlers.service.notify.page``): a reminder's
content comes from the user's summary (``handlers.service.progress.day_totals``) read with the
page, so its cost per due user is a fraction of a request. A digest still reads the
user's week of entries, one user at a time. ``due`` and ``notice``, one entry at a
time and recording nothing, serve ``notify --dry-run``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from handlers.service.accounts.user_settings import SETTINGS_SK
from handlers.service.core.calendar import local_date
from handlers.service.goals import settings as goal_settings
from handlers.service.goals.area import GoalsArea, ReminderNotice, reminder_content
from handlers.service.kept.contributions import TOTALS_SK
from handlers.service.notify import due_index
from handlers.service.notify.digest import Digest
from handlers.service.notify.digest_schedule import DIGEST_RELEVANT
from handlers.service.notify.due_index import Due, Kind
from handlers.service.notify.page import Page
from handlers.service.notify.weekly_digest import WeeklyDigests
from handlers.service.progress.day_totals import SUMMARY_SK, Rebuild, from_item, writes
from storage.models import user_pk
from storage.repository import Item, ItemRepository


@dataclass(frozen=True)
class DigestNotice:
    """A weekly digest's figures, and whether the week had any immersion."""

    digest: Digest

    @property
    def empty(self) -> bool:
        return self.digest.minutes_this_week == 0


Notice = ReminderNotice | DigestNotice
DISCORD = "discord"
"""The chat kind of a reminder or digest sent as a Discord direct message."""
_LOG = logging.getLogger(__name__)


class Notifier:
    """Reminders and digests that are due, for whichever door sends them."""

    def __init__(self, repo: ItemRepository, clock: Callable[[], datetime],
                 zone_of: Callable[[str], ZoneInfo], goals: GoalsArea,
                 digests: WeeklyDigests, default_zone: str) -> None:
        self._default_zone = default_zone
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

    def pages(self, now: datetime | None = None) -> Iterator[list[Due]]:
        """The entries due at ``now`` (default: the clock), a page at a time, read lazily:
        each page is read after the one before it was handled."""
        page: list[Due] = []
        for entry in due_index.due(self._repo, now or self._clock()):
            page.append(entry)
            if len(page) == due_index.PAGE:
                yield page
                page = []
        if page:
            yield page

    def prepare(self, entries: Sequence[Due]) -> Page:
        """Read what ``entries`` need and claim them, a batch each (see ``Page``)."""
        return Page(self._repo, entries, self._clock(), self._default_zone)

    def page_notice(self, page: Page, entry: Due) -> Notice | None:
        """What to send for a claimed ``entry`` of ``page``; ``None``: skip it."""
        if entry.kind == "digest":
            return self.notice(entry, page.now)
        return self._reminder(entry, page.now, page.zone(entry.user), page.settings(entry.user),
                              page.summary(entry.user), page.writes(entry.user), store=True)

    def _reminder(self, entry: Due, now: datetime, zone: ZoneInfo, settings: Item,
                  summary_item: Item | None, writes_now: int, store: bool
                  ) -> ReminderNotice | None:
        """A reminder's content from the user's settings and summary as read (with the
        count of writes read with it); a summary that does not serve is built from the
        entries (and, with ``store``, kept)."""
        if local_date(now, zone) != local_date(datetime.fromtimestamp(entry.at, now.tzinfo), zone):
            return None  # a reminder is about today only
        if not goal_settings.reminder_in(settings).enabled:
            return None
        summary = from_item(summary_item, writes_now)
        if summary is not None and summary.serves(zone, now):
            days, entries = summary.days, summary.recent
        else:  # missing, stale or of another zone: built from the kept items (per user)
            built = self._goals.day_summary(entry.user, zone, now)
            if store:
                Rebuild(self._repo, entry.user, summary_item, writes_now).store_totals(built)
            days, entries = built.days, built.recent
        return reminder_content(days, entries, goal_settings.goals_in(settings).daily_minutes,
                                local_date(now, zone), now)

    def preview(self, now: datetime | None = None) -> Iterator[tuple[Due, Notice]]:
        """Each entry due at ``now`` with what it would send, recording nothing
        (``notify --dry-run``). A user whose message cannot be made is logged and skipped:
        one user's bad data never hides everyone else's."""
        for entry in self.due(now):
            if due_index.is_sent(self._repo.get(*due_index.claim_key(entry))):
                continue  # this period's message went out already: a real run sends none
            try:
                notice = self.notice(entry, now)
            except Exception:
                _LOG.exception("the %s for %s could not be made; skipped", entry.kind,
                               entry.user)
                continue
            if notice is not None:
                yield entry, notice

    def migrate_legacy(self) -> int:
        """Move a few subscribers of the earlier digest list into the due index."""
        return self._digests.migrate_legacy()

    def notice(self, entry: Due, now: datetime | None = None) -> Notice | None:
        """What to send for ``entry``; ``None`` when it is no longer relevant or needed."""
        now = now or self._clock()
        moment = datetime.fromtimestamp(entry.at, now.tzinfo)
        if entry.kind == "reminder":
            pk = user_pk(entry.user)
            read = self._repo.get_keys([(pk, SETTINGS_SK), (pk, SUMMARY_SK), (pk, TOTALS_SK)])
            return self._reminder(entry, now, self._zone_of(entry.user),
                                  read.get((pk, SETTINGS_SK)) or {}, read.get((pk, SUMMARY_SK)),
                                  writes(read.get((pk, TOTALS_SK))), store=False)
        if now - moment > DIGEST_RELEVANT:
            return None
        digest = self._digests.figures(entry.user, moment)
        # The streak follows the daily goal, as everywhere else; the figures alone know none.
        current = self._goals.streak_at(entry.user, moment - timedelta(seconds=1))
        return DigestNotice(replace(digest, streak_days=current.current_days))

    def discord_dm_of(self, user: str) -> int | None:
        """The Discord user whose direct messages get the user's pushed messages, when they
        chose Discord: where their reminder goes, else their digest. ``None`` for Telegram."""
        kinds: tuple[Kind, ...] = ("reminder", "digest")
        for kind in kinds:
            target = due_index.scheduled_target(self._repo, kind, user)
            if target is not None:
                chat, chat_id = target
                return chat_id if chat == DISCORD else None
        return None

    def blocked(self, entry: Due) -> None:
        """The user blocked the bot: no more reminders or digests until they come back."""
        due_index.mark_sent(self._repo, entry)
        self._digests.mark_blocked(entry.user)
        due_index.unschedule(self._repo, "reminder", entry.user)
        due_index.unschedule(self._repo, "digest", entry.user)
        current = goal_settings.reminder(self._repo, entry.user)
        goal_settings.set_reminder(self._repo, entry.user,
                                   goal_settings.Reminder(False, current.time))
