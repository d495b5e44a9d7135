"""Kechimochi's CSV export (no I/O)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator

from handlers.service.core.activities import UnknownActivity, canonical_activity
from handlers.service.portability.imports.csv_table import table
from handlers.service.portability.imports.rows import Row, RowError, day, number

COLUMNS = ("Date", "Log Name", "Duration", "Characters", "Media Type", "Notes")
REQUIRED = ("Date", "Log Name", "Duration")
_TYPES = {"visual novel": "visual_novel", "drama": "tv", "youtube": "video", "listening": "audio"}


def read(lines: Iterable[str]) -> Iterator[Row | RowError]:
    """Rows keyed by their content (the export has no ids); minutes, or characters read."""
    seen: dict[str, int] = {}
    for line, cells in table(lines, REQUIRED, "Kechimochi"):
        kind = (cells.get("Media Type") or cells.get("Activity Type") or "other").strip()
        try:
            when = day(cells["Date"], "Date")
            minutes = number(cells["Duration"], "Duration")
            characters = number(cells.get("Characters", ""), "Characters")
        except ValueError as error:
            yield RowError(line, str(error))
            continue
        if not minutes and not characters:
            yield RowError(line, "Duration: no minutes and no characters to count.")
            continue
        content = "\x1f".join(cells.values())
        seen[content] = seen.get(content, 0) + 1
        yield Row(
            line=line,
            external_id=hashlib.sha256(f"{content}\x1f{seen[content]}".encode()).hexdigest(),
            activity=_activity(kind),
            title=cells["Log Name"].strip(),
            when=when,
            seconds=minutes * 60 if minutes else None,
            amount=None if minutes else characters,
            unit=None if minutes else "characters",
            note=(cells.get("Notes") or "").strip() or None,
        )


def _activity(kind: str) -> str:
    cleaned = kind.lower()
    if cleaned in _TYPES:
        return _TYPES[cleaned]
    try:
        return canonical_activity(cleaned)
    except UnknownActivity:
        return "other"
