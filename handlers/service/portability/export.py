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

from handlers.service.logbook import history
from handlers.service.logbook.history import Entry
from handlers.service.portability import source_items
from storage.models import user_pk
from storage.repository import Item, ItemRepository

CSV_COLUMNS = (
    "id", "kind", "activity", "title", "subtitle", "minutes", "date", "time",
    "amount", "unit", "note", "url", "source",
)
CREDENTIALS = frozenset({"password_hash", "code_hash"})
"""Attributes that are secrets: never exported."""
_LINES_PER_CHUNK = 200
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (OWASP's list for CSV injection)."""


def jsonl(repo: ItemRepository, user: str) -> Iterator[str]:
    """The user's record exactly as stored, one JSON object a line: entries, the shows,
    channels and podcasts they name, and the settings; never the bookkeeping derived from
    them or tied to the account (history references, summaries, due pointers, undo stacks,
    Telegram links and codes, import lists), which an import builds afresh."""
    lines: list[str] = []
    for item in repo.query_prefix(user_pk(user)):
        if not source_items.is_source(str(item["sk"])):
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
    return tuple("" if cell is None else _inert(str(cell)) for cell in cells)


def _inert(cell: str) -> str:
    # Titles come from YouTube and Spotify too: a leading quote keeps a spreadsheet from
    # running one as a formula, and shows the text as it was.
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def _csv_line(cells: tuple[str, ...]) -> str:
    buffer = io.StringIO()
    # The writer quotes cells holding its terminator's characters: with "\r\n" a lone
    # carriage return in a note is quoted too, then the line ends with "\n" as before.
    csv.writer(buffer, lineterminator="\r\n").writerow(cells)
    return buffer.getvalue()[:-2] + "\n"
