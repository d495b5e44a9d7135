"""Exporting a user's data: every item as JSON Lines, the history as CSV, streamed (store I/O).

Both are generators reading the store a page at a time, so memory stays flat however long
the history is; each yields text chunks a door writes out as they come.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

from handlers.service import day_totals, history, progress_summary
from handlers.service.history import Entry
from handlers.service.kept.derive import DERIVED_PREFIXES
from handlers.service.telegram_links import CODE_PREFIX
from storage.models import user_pk
from storage.repository import Item, ItemRepository

CSV_COLUMNS = (
    "id", "kind", "activity", "title", "subtitle", "minutes", "date", "time",
    "amount", "unit", "note", "url", "source",
)
CREDENTIALS = frozenset({"password_hash", "code_hash"})
"""Attributes that are secrets: never exported."""
_LINES_PER_CHUNK = 200
_SUMMARIES = (day_totals.SUMMARY_SK, progress_summary.SUMMARY_SK)
"""Kept for speed and built again from the entries: never exported."""


def jsonl(repo: ItemRepository, user: str) -> Iterator[str]:
    """Every item of the user exactly as stored, one JSON object a line (link codes, and
    the summaries and kept items, which are rebuilt from the entries, left out)."""
    lines: list[str] = []
    for item in repo.query_prefix(user_pk(user)):
        if str(item["sk"]).startswith((CODE_PREFIX, *DERIVED_PREFIXES)) or (
            item["sk"] in _SUMMARIES
        ):
            continue
        lines.append(json.dumps(_without_credentials(item), ensure_ascii=False) + "\n")
        if len(lines) == _LINES_PER_CHUNK:
            yield "".join(lines)
            lines.clear()
    if lines:
        yield "".join(lines)


def _without_credentials(item: Item) -> Item:
    return {name: value for name, value in item.items() if name not in CREDENTIALS}


def csv_rows(repo: ItemRepository, user: str, zone: ZoneInfo) -> Iterator[str]:
    """The history, newest first, as CSV with the local date and time of each entry."""
    yield _csv_line(CSV_COLUMNS)
    cursor: str | None = None
    while True:
        page = history.page(repo, user, limit=history.MAX_PAGE, cursor=cursor)
        yield "".join(_csv_line(row_of(entry, zone)) for entry in page.entries)
        if page.next_cursor is None:
            return
        cursor = page.next_cursor


def row_of(entry: Entry, zone: ZoneInfo) -> tuple[str, ...]:
    """One history entry as the CSV export's cells."""
    local = datetime.fromtimestamp(entry.at, zone)
    cells = (
        entry.id, entry.kind, entry.activity, entry.title, entry.subtitle,
        f"{entry.minutes:g}", local.date().isoformat(), local.strftime("%H:%M:%S"),
        None if entry.amount is None else f"{entry.amount:g}",
        entry.unit, entry.note, entry.url, entry.source,
    )
    return tuple("" if cell is None else str(cell) for cell in cells)


def _csv_line(cells: tuple[str, ...]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(cells)
    return buffer.getvalue()
