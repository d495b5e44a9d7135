"""Running a reader import: figures, then create, replace or leave each day entry (store I/O)."""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Any

from handlers.service.core.activities import MAX_SECONDS
from handlers.service.core.calendar import date_of_epoch
from handlers.service.core.errors import TooLarge
from handlers.service.core.item_limits import invalid_item_message
from handlers.service.portability.imports import records
from handlers.service.portability.imports.readers import files, in_place, target_languages, writes
from handlers.service.portability.imports.readers.figures import DayFigure
from handlers.service.portability.imports.rows import RowError, epoch_of
from storage.limits import check_item
from storage.repository import InvalidItem, Item

if TYPE_CHECKING:
    from handlers.service.portability.imports.job import ImportJob, ImportReport

BATCH = 1000


def run(job: ImportJob, stream: IO[bytes], kind: str, asked: str, report_of: Callable[
        [str], ImportReport], *, dry_run: bool) -> ImportReport:
    """Import a reader's export in place; nothing is written for a file that fails to read,
    and nothing at all for one that changes nothing."""
    deadline = job.clock() + job.limits.max_seconds

    def in_time() -> None:
        if job.clock() > deadline:
            raise TooLarge(job.limits.time_text())

    name, read = files.figures(stream, kind, asked, job.zone, job.limits, in_time)
    in_time()
    report = report_of(name)
    read, left_out = target_languages.split(read, job.languages)
    for title, language in left_out:
        report.leave_out(title, language, job.languages)
    items = _items(job, name, read, report)
    started = False
    for number, start in enumerate(range(0, len(items), BATCH)):
        batch = items[start:start + BATCH]
        plan = in_place.plan(job.repo, job.user, batch)
        report.skipped_duplicates += plan.unchanged
        report.edited_kept += plan.edited
        if not dry_run and (plan.new or plan.replaced):
            if not started:
                records.save_summary(job.repo, job.user, job.import_id, _summary(report, job,
                                                                               "running"))
                started = True
            _write(job, report, plan, number)
        else:
            report.added += len(plan.new)
            report.replaced += len(plan.replaced)
            for item in plan.new:
                _count(job, report, item, 0.0)
            for old, changes in plan.replaced:
                _count(job, report, {**old, **changes}, float(old.get("duration") or 0))
    if started:
        records.save_summary(job.repo, job.user, job.import_id, _summary(report, job, "done"))
    return report


def _items(job: ImportJob, name: str, read: files.Read, report: ImportReport) -> list[Item]:
    origin = records.source_of(name, job.import_id)
    out: list[Item] = []
    for found in read:
        report.rows_read += 1
        if isinstance(found, RowError):
            report.fail(found)
            continue
        figure = in_place.day_growth(job.repo, job.user, name, found)
        if figure is None:
            report.skipped_duplicates += 1  # the store already holds later totals
            continue
        if round(figure.seconds) < 1:
            continue  # a day opened but not read: nothing to log
        if figure.seconds > MAX_SECONDS:
            report.fail(RowError(found_line(figure), f"{figure.title} on {figure.day}: more"
                                                      " than 24 hours in one day."))
            continue
        try:
            at = epoch_of(figure.day, job.zone, job.now)
        except ValueError as error:
            report.fail(RowError(found_line(figure), f"{figure.title} on {figure.day}: {error}"))
            continue
        item = in_place.entry(job.user, name, figure, at, job.now, origin)
        try:
            check_item(item)
        except InvalidItem as error:
            report.fail(RowError(found_line(figure), invalid_item_message(error)))
            continue
        out.append(item)
    return out


def found_line(_figure: DayFigure) -> int:
    """Day figures come from tables and arrays, not lines: no line to name."""
    return 0


def _write(job: ImportJob, report: ImportReport, plan: in_place.Plan, number: int) -> None:
    # What a change replaces is kept first: an import stopped part-way still undoes.
    writes.save_replaced(job.repo, job.user, job.import_id, number, plan.replaced)
    created = writes.create(job.repo, job.user, job.zone, plan.new)
    records.save_keys(job.repo, job.user, job.import_id, number, [str(i["sk"]) for i in created])
    report.added += len(created)
    report.skipped_duplicates += len(plan.new) - len(created)
    for item in created:
        _count(job, report, item, 0.0)
    for old, changes in plan.replaced:
        if writes.change(job.repo, job.user, job.zone, old, changes):
            report.replaced += 1
            _count(job, report, {**old, **changes}, float(old.get("duration") or 0))
        else:
            # Changed by another writer since it was read: that version stays.
            report.skipped_duplicates += 1


def _count(job: ImportJob, report: ImportReport, item: Item, previous: float) -> None:
    report.seconds_added += float(item.get("duration") or 0) - previous
    day = date_of_epoch(int(item["timestamp"]), job.zone).isoformat()
    report.first_date = min(report.first_date or day, day)
    report.last_date = max(report.last_date or day, day)


def _summary(report: ImportReport, job: ImportJob, status: str) -> dict[str, Any]:
    return {"format": report.format, "status": status, "created_at": int(job.now.timestamp()),
            "added": report.added, "replaced": report.replaced,
            "skipped_duplicates": report.skipped_duplicates,
            "first_date": report.first_date, "last_date": report.last_date}
