"""The service's logging area: log, history, edit, delete, statistics by period (store I/O).

One object per service, as the accounts, links and digests areas are: it holds the store,
the clock and how to find a user's zone and reading speeds, so every door logs and reads
the history through the same rules.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from handlers.service import history, logs, stats, user_settings
from handlers.service.calendar import day_start, local_date
from handlers.service.errors import Conflict, InvalidInput
from handlers.service.history import DEFAULT_PAGE, Entry, HistoryPage
from handlers.service.kept import minutes
from handlers.service.log_ids import new_log_id
from handlers.service.log_text import LogTextError, parse_log_text, resolve_day
from handlers.service.logs import EntryChanges, LogRequest
from storage.repository import ItemRepository

_ID_ATTEMPTS = 3


@dataclass(frozen=True)
class LoggedReply:
    """A new log as a door shows it: the entry, its derivation, today's total after it."""

    entry: Entry
    derivation: str | None
    today_minutes: int


class Logbook:
    """Logging and the history for every door."""

    def __init__(
        self,
        repo: ItemRepository,
        clock: Callable[[], datetime],
        zone_of: Callable[[str], ZoneInfo],
        random_bytes: Callable[[int], bytes] = secrets.token_bytes,
    ) -> None:
        self._repo = repo
        self._clock = clock
        self._zone_of = zone_of
        self._random_bytes = random_bytes

    def log(self, user: str, request: LogRequest, source: str) -> LoggedReply:
        """Store one log (``source``: bot, api, web); raises InvalidInput naming the field."""
        now, zone = self._clock(), self._zone_of(user)
        speeds = user_settings.reading_speed(self._repo, user)
        for attempt in range(_ID_ATTEMPTS):
            log_id = new_log_id(now, self._random_bytes)
            try:
                logged = logs.log(
                    self._repo,
                    user,
                    request,
                    now=now,
                    zone=zone,
                    reading_speed=speeds,
                    source=source,
                    log_id=log_id,
                )
            except Conflict:
                if attempt + 1 == _ID_ATTEMPTS:
                    raise
                continue
            return LoggedReply(logged.entry, logged.derivation, self.today_minutes(user))
        raise AssertionError("unreachable")

    def log_text(self, user: str, text: str, source: str = "bot") -> LoggedReply:
        """Log ``25m anime Frieren yesterday``; a mistake is one sentence with an example."""
        try:
            said = parse_log_text(text)
            at = resolve_day(said.day, self._clock(), self._zone_of(user))
        except LogTextError as error:
            raise InvalidInput(str(error)) from None
        request = LogRequest(
            activity=said.activity,
            title=said.title,
            minutes=said.minutes,
            amount=said.amount,
            unit=said.unit,
            at=int(at.timestamp()),
        )
        return self.log(user, request, source)

    def history(
        self,
        user: str,
        *,
        limit: int = DEFAULT_PAGE,
        cursor: str | None = None,
        activity: str | None = None,
        first_day: str | None = None,
        last_day: str | None = None,
    ) -> HistoryPage:
        """A page of every kind of entry, newest first; days are the user's local dates."""
        since = until = None
        if first_day or last_day:
            zone = self._zone_of(user)
            # A filter, not buckets: from and to may lie any number of days apart.
            first, last = stats.parse_period(first_day or "1970-01-01", last_day,
                                             self._today(zone), max_days=None)
            since = int(day_start(first, zone).timestamp()) if first_day else None
            until = int(day_start(last + timedelta(days=1), zone).timestamp()) - 1
        wanted = logs.canonical(activity) if activity else None
        return history.page(
            self._repo, user, limit=limit, cursor=cursor, activity=wanted, since=since, until=until
        )

    def edit(self, user: str, entry_id: str, changes: EntryChanges) -> Entry:
        """Change one entry; a racing change is a Conflict."""
        return logs.edit(
            self._repo, user, entry_id, changes, now=self._clock(), zone=self._zone_of(user)
        )

    def entry(self, user: str, entry_id: str) -> Entry:
        """One entry of the history; NotFound for a missing id or another user's."""
        return logs.entry(self._repo, user, entry_id)

    def delete(self, user: str, entry_id: str) -> Entry:
        """Remove exactly one entry of any kind."""
        return logs.delete(self._repo, user, entry_id, zone=self._zone_of(user))

    def stats(
        self, user: str, first_day: str | None, last_day: str | None, bucket: str
    ) -> dict[str, Any]:
        """The GET /stats body: minutes per local day, week or month, by group and activity.

        Reads only the period's kept day totals and the records that name and weigh them."""
        if bucket not in ("day", "week", "month"):
            raise InvalidInput("bucket: must be day, week or month.")
        zone = self._zone_of(user)
        first, last = stats.parse_period(first_day, last_day, self._today(zone))
        sums = minutes.sums(self._repo, user, first, last, bucket)  # type: ignore[arg-type]
        return stats.stats_body(sums, first, last, bucket)  # type: ignore[arg-type]

    def today_minutes(self, user: str) -> int:
        """Minutes of immersion so far today, every kind, in the user's zone."""
        today = self._today(self._zone_of(user))
        return int(minutes.seconds_between(self._repo, user, today, today) // 60)

    def reading_speed(self, user: str) -> dict[str, float]:
        return user_settings.reading_speed(self._repo, user)

    def set_reading_speed(self, user: str, speeds: dict[str, float]) -> dict[str, float]:
        return user_settings.set_reading_speed(self._repo, user, speeds)

    def _today(self, zone: ZoneInfo) -> date:
        return local_date(self._clock(), zone)
