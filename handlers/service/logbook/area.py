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
from typing import Any, cast
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from handlers.service.accounts import user_settings
from handlers.service.core.calendar import date_of_epoch, day_start, local_date
from handlers.service.core.errors import Conflict, InvalidInput
from handlers.service.core.log_ids import new_log_id
from handlers.service.kept import minutes, reading, stats_sums
from handlers.service.logbook import history, idempotency, undo
from handlers.service.logbook import writes as logs
from handlers.service.logbook.history import DEFAULT_PAGE, Entry, HistoryPage
from handlers.service.logbook.text import LogTextError, parse_log_text, resolve_day
from handlers.service.logbook.writes import EntryChanges, LogRequest
from handlers.service.progress import reading_speed, review_reads, stats
from handlers.service.progress.stats import Bucket
from storage.models import LogEntry, user_pk
from storage.repository import ItemRepository

_ID_ATTEMPTS = 3
UNDO_SOURCE = "bot"
"""/undo is the bot's: every log made through it, whichever way, goes on its undo stack."""


@dataclass(frozen=True)
class LoggedReply:
    """A new log as a door shows it: the entry, its derivation, today's total after it."""

    entry: Entry
    derivation: str | None
    today_minutes: int
    repeated: bool = False
    """The answer of an earlier request with the same idempotency key (nothing logged)."""


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
        self.draw_card: review_reads.CardRenderer | None = None
        """How the review card is drawn; set by a composition root that has matplotlib."""

    def log(self, user: str, request: LogRequest, source: str,
            idempotency_key: str | None = None) -> LoggedReply:
        """Store one log (``source``: bot, api, web); raises InvalidInput naming the field.
        With ``idempotency_key``, a request repeating one of the last 24 hours logs nothing
        and answers what the first did (``idempotency``)."""
        asked = "" if idempotency_key is None else request.model_dump_json(exclude_unset=True)
        return self._log_in(self._zone_of(user), user, request, source, idempotency_key, asked)

    def _log_in(self, zone: ZoneInfo, user: str, request: LogRequest, source: str,
                idempotency_key: str | None, asked: str) -> LoggedReply:
        """``log`` in the user's ``zone``, read once by the caller for everything the log
        needs it for (its day, today's total after it); ``asked`` is what a repeat of
        ``idempotency_key`` must have asked."""
        if idempotency_key is not None:
            return self._log_once(zone, user, request, source, idempotency_key, asked)
        now = self._clock()
        for attempt in range(_ID_ATTEMPTS):
            try:
                return self._log(zone, user, request, source,
                                 new_log_id(now, self._random_bytes))
            except Conflict:
                if attempt + 1 == _ID_ATTEMPTS:
                    raise
        raise AssertionError("unreachable")

    def _log(self, zone: ZoneInfo, user: str, request: LogRequest, source: str,
             log_id: str) -> LoggedReply:
        now = self._clock()
        logged = logs.log(self._repo, user, request, now=now, zone=zone,
                          reading_speed=lambda: user_settings.reading_speed(self._repo, user),
                          source=source, log_id=log_id)
        if source == UNDO_SOURCE:
            entry = logged.entry
            # An untitled log is named by what it was, never by its id.
            name = entry.title or f"{entry.activity.replace('_', ' ')}, {entry.minutes:g} min"
            new = undo.NewLog(entry.id, history.entry_sk(entry.id), name, entry.at)
            undo.record_logged(self._repo, user, [new], now.timestamp())
        return LoggedReply(logged.entry, logged.derivation, self._minutes_on_today(user, zone))

    def _log_once(self, zone: ZoneInfo, user: str, request: LogRequest, source: str, key: str,
                  asked: str) -> LoggedReply:
        idempotency.check_key(key)
        fresh_id = new_log_id(self._clock(), self._random_bytes)
        claim = idempotency.claim(self._repo, user, key, idempotency.digest(f"{source}\n{asked}"),
                                  fresh_id, int(self._clock().timestamp()))
        if claim.answer is not None:
            return _repeated(claim.answer)
        sk = f"{LogEntry.SK_PREFIX}{claim.log_id}"
        try:
            logged = self._log(zone, user, request, source, claim.log_id)
        except Conflict:
            # The entry of this key exists: a request racing this one (or one that stopped
            # before answering) wrote it. Its id is the key's, so nothing was logged twice.
            entry = self.entry(user, history.entry_id(sk))
            return LoggedReply(entry, None, self._minutes_on_today(user, zone), repeated=True)
        except InvalidInput:
            if self._repo.get(user_pk(user), sk) is None:
                idempotency.release(self._repo, user, key)
            raise
        idempotency.answered(self._repo, user, key, {
            "entry": logged.entry.model_dump(), "derivation": logged.derivation,
            "today_minutes": logged.today_minutes})
        return logged

    def log_text(self, user: str, text: str, source: str = "bot",
                 idempotency_key: str | None = None) -> LoggedReply:
        """Log ``25m anime Frieren yesterday``; a mistake is one sentence with an example."""
        try:
            said = parse_log_text(text)
            zone = self._zone_of(user)
            at = resolve_day(said.day, self._clock(), zone)
        except LogTextError as error:
            raise InvalidInput(str(error)) from None
        try:
            request = LogRequest(
                activity=said.activity,
                title=said.title,
                minutes=said.minutes,
                amount=said.amount,
                unit=said.unit,
                at=int(at.timestamp()),
            )
        except ValidationError as error:
            # The parser refuses what it knows; anything else is still one sentence.
            problem = error.errors()[0]["msg"]
            raise InvalidInput(f"I can't log that: {problem}.") from None
        # The text is what an idempotency key's repeat must have asked: the moment it names
        # moves with the clock.
        return self._log_in(zone, user, request, source, idempotency_key, text)

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
        self, user: str, first_day: str | None, last_day: str | None, bucket: str,
        zone: ZoneInfo | None = None,
    ) -> dict[str, Any]:
        """The GET /stats body: minutes per local day, week or month, by group and activity
        (days in ``zone``, when the caller has read the user's already).

        Reads only the period's kept day totals (month totals for whole months by month)
        and the records that name and weigh them."""
        chosen = _bucket(bucket)
        zone = zone if zone is not None else self._zone_of(user)
        first, last = stats.parse_period(first_day, last_day, self._today(zone))
        return self._stats_between(user, first, last, chosen)

    def all_time_stats(self, user: str, bucket: str,
                       zone: ZoneInfo | None = None) -> dict[str, Any]:
        """``stats`` from the bucket of the user's first entry to today, however long ago
        that was (today's bucket before any entry): the chats' ``/progress all``.

        No client picks this span, so the bound on a requested period (``MAX_DAYS``) does
        not apply; the reads stay bounded all the same: the history index's last reference
        (the first entry), then the kept totals ``stats`` reads, by month one per month
        (the first month whole too: nothing precedes its first entry)."""
        chosen = _bucket(bucket)
        zone = zone if zone is not None else self._zone_of(user)
        today = self._today(zone)
        earliest = reading.earliest_moment(self._repo, user)
        first = today if earliest is None else min(date_of_epoch(earliest, zone), today)
        return self._stats_between(user, stats.bucket_start(first, chosen), today, chosen)

    def _stats_between(self, user: str, first: date, last: date,
                       bucket: Bucket) -> dict[str, Any]:
        # By month, whole months are one kept total each (the reading speed still per day).
        days = (reading.month_numbers if bucket == "month" else reading.day_numbers)(
            self._repo, user, first, last)
        collected = stats_sums.collect(days, bucket)
        sums = minutes.sums_of_collected(self._repo, user, collected)
        body = stats.stats_body(sums, first, last, bucket)
        # After every existing field, never among them; from the same day totals.
        body["reading_speed"] = reading_speed.series_of_sums(collected.reading)
        return body

    def review(self, user: str, year: str | None = None) -> dict[str, Any]:
        """The GET /review body (default: this year in the user's zone): only that year's
        references of the time index are read (kept per-day totals may replace the read)."""
        zone = self._zone_of(user)
        chosen = review_reads.parse_year(year, self._clock(), zone)
        return review_reads.year_review(self._repo, user, chosen, zone)

    def review_card(self, user: str, year: str | None = None) -> bytes:
        """The year as a shareable 1200×630 PNG (CardUnavailable without a renderer)."""
        if self.draw_card is None:
            review_reads.parse_year(year, self._clock(), self._zone_of(user))  # a bad year is 400
            raise review_reads.CardUnavailable()
        return self.draw_card(self.review(user, year), user)

    def title(self, user: str, name: str, activity: str | None = None) -> dict[str, Any]:
        """The GET /title body: one title's time, sessions, weeks and reading speed, of one
        activity when given (kept per-title totals may replace the read of the history)."""
        wanted = logs.canonical(activity) if activity else None
        return review_reads.title_page(self._repo, user, name, self._clock(),
                                       self._zone_of(user), wanted)

    def today_minutes(self, user: str) -> int:
        """Minutes of immersion so far today, every kind, in the user's zone."""
        return self._minutes_on_today(user, self._zone_of(user))

    def _minutes_on_today(self, user: str, zone: ZoneInfo) -> int:
        today = self._today(zone)
        return int(minutes.seconds_between(self._repo, user, today, today) // 60)

    def zone(self, user: str) -> ZoneInfo:
        """The user's time zone, which their local days are counted in."""
        return self._zone_of(user)

    def reading_speed(self, user: str) -> dict[str, float]:
        return user_settings.reading_speed(self._repo, user)

    def set_reading_speed(self, user: str, speeds: dict[str, float]) -> dict[str, float]:
        return user_settings.set_reading_speed(self._repo, user, speeds)

    def _today(self, zone: ZoneInfo) -> date:
        return local_date(self._clock(), zone)


def _bucket(bucket: str) -> Bucket:
    """A period's bucket as asked for: day, week or month."""
    if bucket not in ("day", "week", "month"):
        raise InvalidInput("bucket: must be day, week or month.")
    return cast("Bucket", bucket)


def _repeated(answer: dict[str, Any]) -> LoggedReply:
    return LoggedReply(Entry.model_validate(answer["entry"]), answer.get("derivation"),
                       int(answer["today_minutes"]), repeated=True)
