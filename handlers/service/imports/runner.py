"""Running one import: read, convert to items, write in batches, report (store I/O).

Rows become ``LOG#`` items whose key derives from the peer's id (or a content key), so a
second run of the same file creates nothing new; each batch is written whole, its history
references first, and then listed for undo.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, Any
from zoneinfo import ZoneInfo

from handlers.service import user_settings
from handlers.service.activities import MAX_SECONDS, derive_seconds
from handlers.service.calendar import date_of_epoch, local_noon
from handlers.service.imports import botsu, detect, kechimochi, nihongotracker, ours, records, tmw
from handlers.service.imports.rows import ImportFormatError, Row, RowError, StoredRow
from handlers.service.kept.kinds import is_entry
from handlers.service.kept.writing import create_new
from storage.models import LogEntry, user_pk
from storage.repository import Item, ItemRepository

BATCH = 1000
"""Rows per write: the SQLite store commits once per batch (its cost is the commit); the
DynamoDB store splits a batch into transactions of 100 on its own."""
LISTED_ERRORS = 100


@dataclass
class ImportReport:
    """What an import did (or, dry, would do)."""

    import_id: str
    format: str
    dry_run: bool
    added: int = 0
    skipped_duplicates: int = 0
    seconds_added: float = 0
    first_date: str | None = None
    last_date: str | None = None
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    rows_read: int = 0

    @property
    def minutes_added(self) -> float:
        return round(self.seconds_added / 60, 2)

    def fail(self, error: RowError) -> None:
        self.error_count += 1
        if len(self.errors) < LISTED_ERRORS:
            self.errors.append(error)


@dataclass(frozen=True)
class ImportJob:
    """Everything one import needs to know about the user and the moment."""

    repo: ItemRepository
    user: str
    zone: ZoneInfo
    now: datetime
    import_id: str
    speeds: Mapping[str, float]


Progress = Callable[[ImportReport], None]


def run(
    job: ImportJob,
    stream: IO[bytes],
    asked: str,
    *,
    dry_run: bool,
    progress: Progress | None = None,
) -> ImportReport:
    """Import a file; whole-file problems raise ImportFormatError before anything is written."""
    text = detect.lines(stream)
    first = next(text, "")
    if not first.strip():
        raise ImportFormatError("The file is empty.")
    name = detect.resolve(asked, first)
    report = ImportReport(job.import_id, name, dry_run)
    rows = _reader(name, itertools.chain([first], text), job.user)
    accounts = _Accounts(job, name)
    for number, batch in enumerate(_batches(rows)):
        items = [item for row in batch if (item := _item(job, report, accounts, row)) is not None]
        if number == 0 and not dry_run:
            # Only now: the first rows have shown whose file this is.
            summary = _summary(report, job, "running")
            records.save_summary(job.repo, job.user, job.import_id, summary)
        _write(job, report, items, number)
        if progress is not None:
            progress(report)
    if not dry_run:
        accounts.remember()
        records.save_summary(job.repo, job.user, job.import_id, _summary(report, job, "done"))
    return report


def _batches(rows: Iterator[Row | StoredRow | RowError]) -> Iterator[list[Any]]:
    while batch := list(itertools.islice(rows, BATCH)):
        yield batch


def _reader(name: str, lines: Iterable[str], user: str) -> Iterator[Row | StoredRow | RowError]:
    if name == "ours":
        return ours.read(lines, user)
    readers = {"botsu": botsu.read, "tmw": tmw.read, "nihongotracker": nihongotracker.read,
               "kechimochi": kechimochi.read}
    return readers[name](lines)


class _Accounts:
    """The peer account a file belongs to must be the one of this user's earlier imports."""

    def __init__(self, job: ImportJob, name: str) -> None:
        self._job, self._name = job, name
        known = user_settings.stored(job.repo, job.user).get("import_accounts") or {}
        self._known: str | None = known.get(name)
        self._seen: str | None = None

    def check(self, row: Row) -> RowError | None:
        if row.account is None:
            return None
        if self._seen is None:
            if self._known is not None and row.account != self._known:
                raise ImportFormatError(
                    f"This {detect.NAMES[self._name]} export is of account {row.account}, but"
                    f" your earlier imports were of account {self._known}; import your own export."
                )
            self._seen = row.account
        if row.account != self._seen:
            return RowError(row.line, f"the row belongs to another account ({row.account}).")
        return None

    def remember(self) -> None:
        if self._seen is not None and self._known is None:
            known = user_settings.stored(self._job.repo, self._job.user).get("import_accounts")
            merged = {**(known or {}), self._name: self._seen}
            user_settings.update(self._job.repo, self._job.user, {"import_accounts": merged})


def _item(
    job: ImportJob, report: ImportReport, accounts: _Accounts, row: Row | StoredRow | RowError
) -> Item | None:
    report.rows_read += 1
    if isinstance(row, RowError):
        report.fail(row)
        return None
    if isinstance(row, StoredRow):
        return row.item
    mismatch = accounts.check(row)
    if mismatch is not None:
        report.fail(mismatch)
        return None
    if row.seconds is not None:
        seconds = row.seconds
    else:
        assert row.amount is not None and row.unit is not None
        derived = derive_seconds(row.activity, row.amount, row.unit, reading_speed=job.speeds)
        seconds = derived.seconds
    if not 1 <= round(seconds) <= MAX_SECONDS:
        report.fail(RowError(row.line, "the time must be between one second and 24 hours."))
        return None
    return _log_item(job, report.format, row, round(seconds))


def _log_item(job: ImportJob, name: str, row: Row, seconds: int) -> Item:
    when = row.when
    at = when if isinstance(when, datetime) else local_noon(when, job.zone)
    digest = hashlib.sha256(row.external_id.encode()).hexdigest()[:24]
    return LogEntry(
        user=job.user,
        log_id=f"{name}-{digest}",
        activity=row.activity,
        title=row.title[:200],
        duration=seconds,
        amount=row.amount if row.seconds is None else None,
        unit=row.unit if row.seconds is None else None,
        note=row.note,
        url=row.url,
        timestamp=int(at.timestamp()),
        created_at=int(job.now.timestamp()),
        source=records.source_of(name, job.import_id),
        external_id=row.external_id,
    ).to_item()


def _write(job: ImportJob, report: ImportReport, items: list[Item], number: int) -> None:
    unique = list({item["sk"]: item for item in items}.values())
    if report.dry_run:
        existing = job.repo.get_many(user_pk(job.user), [i["sk"] for i in unique])
        created = [item for item in unique if item["sk"] not in existing]
    else:
        keys = create_new(job.repo, job.user, job.zone, unique)
        created = [item for item in unique if (item["pk"], item["sk"]) in keys]
        records.save_keys(job.repo, job.user, job.import_id, number, [i["sk"] for i in created])
    report.added += len(created)
    report.skipped_duplicates += len(items) - len(created)
    for item in created:
        _count(report, item, job.zone)


def _count(report: ImportReport, item: Item, zone: ZoneInfo) -> None:
    if not is_entry(str(item["sk"])) or "timestamp" not in item:
        return
    report.seconds_added += float(item.get("duration") or item.get("watched_seconds") or 0)
    day = date_of_epoch(int(item["timestamp"]), zone).isoformat()
    report.first_date = min(report.first_date or day, day)
    report.last_date = max(report.last_date or day, day)


def _summary(report: ImportReport, job: ImportJob, status: str) -> dict[str, Any]:
    return {"format": report.format, "status": status, "created_at": int(job.now.timestamp()),
            "added": report.added, "skipped_duplicates": report.skipped_duplicates,
            "first_date": report.first_date, "last_date": report.last_date}


def local_day(value: date | datetime, zone: ZoneInfo) -> date:
    """The local day of a row's moment (a bare day is already local)."""
    return value.astimezone(zone).date() if isinstance(value, datetime) else value
