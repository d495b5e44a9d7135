"""Running one import: read, convert to items, write in batches, report (store I/O).

Rows become ``LOG#`` items whose key derives from the peer's id (or a content key), so a
second run of the same file creates nothing new; each batch is written whole, its history
references first, and then listed for undo.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any
from zoneinfo import ZoneInfo

from handlers.service.core.activities import MAX_SECONDS, derive_seconds
from handlers.service.core.bulk import no_full_collections
from handlers.service.core.calendar import date_of_epoch
from handlers.service.core.errors import ServiceUnavailable
from handlers.service.core.item_limits import invalid_item_message
from handlers.service.kept.creating import create_new
from handlers.service.kept.kinds import is_entry
from handlers.service.logbook import history_index
from handlers.service.portability.imports import (
    botsu,
    detect,
    kechimochi,
    nihongotracker,
    ours,
    peer_accounts,
    records,
    tmw,
)
from handlers.service.portability.imports.job import ImportJob, ImportReport
from handlers.service.portability.imports.peer_accounts import PeerAccounts
from handlers.service.portability.imports.readers import run as readers_run
from handlers.service.portability.imports.readers import sniff as readers_sniff
from handlers.service.portability.imports.readers import spool
from handlers.service.portability.imports.readers.figures import FORMATS as READER_FORMATS
from handlers.service.portability.imports.rows import (
    ImportFormatError,
    Row,
    RowError,
    StoredRow,
    epoch_of,
)
from storage.limits import check_item, check_key
from storage.models import LogEntry, user_pk
from storage.repository import InvalidItem, Item, StorageUnavailable

BATCH = 4_000
"""Rows per write: the SQLite store commits once per batch (its cost is the commit, and
the B-tree pages it dirties: a larger batch rewrites each page for more rows); the
DynamoDB store splits a batch into transactions of 100 on its own."""
Progress = Callable[[ImportReport], None]
_LINE_BY_LINE = frozenset({"botsu", "ours"})
"""Formats read one line at a time, each line its own row: a bad line is that row's error,
never the whole file's (a CSV's stray quote makes the rest unreadable)."""


@no_full_collections()
def run(
    job: ImportJob,
    stream: IO[bytes],
    asked: str,
    *,
    dry_run: bool,
    progress: Progress | None = None,
) -> ImportReport:
    """Import a file. It is read whole first, within the job's limits: anything wrong with
    the file as a whole (its size, an undecodable line, another person's export) raises
    before the first write; then it is read again and written in batches. (Its batches
    are no work for the collector's full passes: ``core.bulk``.)"""
    kind = readers_sniff.kind_of(spool.head(stream))
    named = (readers_sniff.line_format(stream, job.limits)
             if kind is None and asked in READER_FORMATS else None)
    reader = readers_sniff.choose(asked, kind, named)
    if reader is not None:
        return readers_run.run(job, stream, reader, asked,
                               lambda name: ImportReport(job.import_id, name, dry_run),
                               dry_run=dry_run)
    name, account = _check(job, stream, asked)
    if account is not None and not dry_run:
        # Claimed before writing, and conditionally: two racing imports of two people's
        # exports cannot both pass.
        peer_accounts.claim(job.repo, job.user, name, detect.NAMES[name], account)
    report = ImportReport(job.import_id, name, dry_run)
    try:
        _write_all(job, stream, report, progress)
    except StorageUnavailable:
        if dry_run or not report.rows_read:
            raise  # nothing was written
        raise ServiceUnavailable(
            f"The store stopped answering part-way through import {job.import_id}, after"
            f" {report.added:,} entries; undo import {job.import_id} to remove what it added,"
            " or send the file again later (what is there already is skipped)."
        ) from None
    if not dry_run:
        records.save_summary(job.repo, job.user, job.import_id, _summary(report, job, "done"))
    return report


def _write_all(
    job: ImportJob, stream: IO[bytes], report: ImportReport, progress: Progress | None
) -> None:
    name, dry_run = report.format, report.dry_run
    rows = _rows(job, stream, name, None)
    accounts = PeerAccounts(job.repo, job.user, name, detect.NAMES[name])
    for number, batch in enumerate(_batches(rows)):
        items = [item for row in batch if (item := _item(job, report, accounts, row)) is not None]
        if number == 0 and not dry_run:
            # Before the first write: whatever happens next, the import can be undone.
            running = _summary(report, job, "running")
            records.save_summary(job.repo, job.user, job.import_id, running)
        _write(job, report, items, number)
        if progress is not None:
            progress(report)


def _check(job: ImportJob, stream: IO[bytes], asked: str) -> tuple[str, str | None]:
    """The file's format and peer account (its first row's), once every line has been
    read within the limits and, but in a format read line by line, every row too (a CSV's
    can make the whole file unreadable). Whether a row is sound, and whether the store
    can hold its item, is that row's own matter: the writing reports it, before the row's
    batch is written."""
    text = detect.lines(stream, job.limits, job.clock, job.clock() + job.limits.max_seconds)
    first = next(text, "")
    if not first.strip():
        raise ImportFormatError("The file is empty.")
    name = detect.resolve(asked, first)
    scratch = ImportReport(job.import_id, name, dry_run=True)
    accounts = PeerAccounts(job.repo, job.user, name, detect.NAMES[name])
    for row in _reader(name, itertools.chain([first], text), job):
        if isinstance(row, Row):
            _seconds(job, scratch, accounts, row)
            if accounts.seen is not None and name in _LINE_BY_LINE:
                break  # the file's account is known, and no later row can spoil the file
    for _line in text:  # the rest within the limits: its size, its lines, its text
        pass
    return name, accounts.seen


def _rows(
    job: ImportJob, stream: IO[bytes], name: str, deadline: float | None
) -> Iterator[Row | StoredRow | RowError]:
    # The second reading meets the limits the first one passed; no deadline, so a slow
    # store cannot stop an import half-way.
    return _reader(name, detect.lines(stream, job.limits, job.clock, deadline), job)


def _batches(rows: Iterator[Row | StoredRow | RowError]) -> Iterator[list[Any]]:
    while batch := list(itertools.islice(rows, BATCH)):
        yield batch


def _reader(
    name: str, lines: Iterable[str], job: ImportJob
) -> Iterator[Row | StoredRow | RowError]:
    if name == "ours":
        return ours.read(lines, job.user, int(job.now.timestamp()))
    readers = {"botsu": botsu.read, "tmw": tmw.read, "nihongotracker": nihongotracker.read,
               "kechimochi": kechimochi.read}
    return readers[name](lines)


def _item(
    job: ImportJob, report: ImportReport, accounts: PeerAccounts, row: Row | StoredRow | RowError
) -> Item | None:
    """The row's item, or ``None`` with the row's error in ``report``."""
    report.rows_read += 1
    if isinstance(row, RowError):
        report.fail(row)
        return None
    if isinstance(row, StoredRow):
        return _fitting(report, row.line, row.item)
    seconds = _seconds(job, report, accounts, row)
    if seconds is None:
        return None
    try:
        at = epoch_of(row.when, job.zone, job.now)
    except ValueError as error:
        report.fail(RowError(row.line, str(error)))
        return None
    return _fitting(report, row.line, _log_item(job, report.format, row, seconds, at))


def _seconds(job: ImportJob, report: ImportReport, accounts: PeerAccounts, row: Row
             ) -> int | None:
    """The row's whole seconds, or ``None`` with its error in ``report``; raises for a row
    of another person's export (``accounts``)."""
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
    return round(seconds)


def _fitting(report: ImportReport, line: int, item: Item) -> Item | None:
    """The item, if the store can hold it and its history reference; else a row error (found
    before the row's batch is written, so a write never fails on it half-way)."""
    try:
        check_item(item)
        if history_index.is_entry(str(item["sk"])):
            check_key(str(item["pk"]), history_index.widest_reference_sk(str(item["sk"])))
    except InvalidItem as error:
        report.fail(RowError(line, invalid_item_message(error)))
        return None
    return item


def _log_item(job: ImportJob, name: str, row: Row, seconds: int, at: int) -> Item:
    """The row's ``LOG#`` item, as ``LogEntry(...).to_item()`` gives it (same attributes,
    same order), built directly: the row's fields are already checked and typed, and a
    model per row was a sixth of an import's time."""
    digest = hashlib.sha256(row.external_id.encode()).hexdigest()[:24]
    log_id = f"{name}-{digest}"
    measured = row.seconds is None
    item: Item = {
        "pk": user_pk(job.user), "sk": LogEntry.SK_PREFIX + log_id, "user": job.user,
        "version": 1, "log_id": log_id, "activity": row.activity, "title": row.title[:200],
        "duration": seconds,
        "amount": None if not measured or row.amount is None else float(row.amount),
        "unit": row.unit if measured else None, "note": row.note, "url": row.url,
        "timestamp": at, "created_at": int(job.now.timestamp()),
        "source": records.source_of(name, job.import_id), "external_id": row.external_id,
    }
    return {key: value for key, value in item.items() if value is not None}


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
    _count(report, created, job.zone)


def _count(report: ImportReport, created: list[Item], zone: ZoneInfo) -> None:
    """Add the created entries' time and days to ``report``: the first and last day are
    those of the earliest and latest moments (a later moment is never an earlier day)."""
    entries = [item for item in created
               if is_entry(str(item["sk"])) and "timestamp" in item]
    if not entries:
        return
    report.seconds_added += sum(float(item.get("duration") or item.get("watched_seconds") or 0)
                                for item in entries)
    moments = [int(item["timestamp"]) for item in entries]
    first = date_of_epoch(min(moments), zone).isoformat()
    last = date_of_epoch(max(moments), zone).isoformat()
    report.first_date = min(report.first_date or first, first)
    report.last_date = max(report.last_date or last, last)


def _summary(report: ImportReport, job: ImportJob, status: str) -> dict[str, Any]:
    return {"format": report.format, "status": status, "created_at": int(job.now.timestamp()),
            "added": report.added, "skipped_duplicates": report.skipped_duplicates,
            "first_date": report.first_date, "last_date": report.last_date}
