"""exSTATic's statistics CSV (UTF-8 with a BOM, CRLF; columns by name) to day figures (no I/O)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from handlers.service.portability.imports.csv_table import header_of, next_row
from handlers.service.portability.imports.readers.figures import DayFigure, summed
from handlers.service.portability.imports.rows import ImportFormatError, RowError, day, number

REQUIRED = ("uuid", "date", "chars_read", "time_read")
_ACTIVITIES = {"vn": "visual_novel", "mokuro": "manga", "ttu": "book"}
_NAME = "exSTATic"


def looks_like(first_line: str) -> bool:
    return {"chars_read", "time_read"} <= {c.lower() for c in header_of(first_line)}


def read(lines: Iterable[str]) -> Iterator[DayFigure | RowError]:
    """One figure per (title, day): rows of several clients of that day add up; a line the
    CSV reader refuses makes the whole file unreadable, before anything is written."""
    rows = csv.reader(line.lstrip("\ufeff") if n == 0 else line
                      for n, line in enumerate(lines))
    header = [c.strip().lower() for c in next_row(rows, _NAME) or []]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise ImportFormatError(
            f"This is not an exSTATic statistics file: the column {missing[0]!r} is missing.")
    figures: list[DayFigure] = []
    errors: list[RowError] = []
    while (cells := next_row(rows, _NAME)) is not None:
        line = rows.line_num
        if not any(c.strip() for c in cells):
            continue
        row = dict(zip(header, cells, strict=False))
        try:
            figures.append(_figure(row))
        except ValueError as error:
            errors.append(RowError(line, str(error)))
    yield from errors
    yield from summed(figures)


def _figure(row: dict[str, str]) -> DayFigure:
    uuid = row.get("uuid", "").strip()
    title = row.get("name", "").strip() or row.get("given_identifier", "").strip() or uuid
    if not uuid:
        raise ValueError("uuid: the column is empty.")
    kind = row.get("type", "vn").strip().lower()
    activity = _ACTIVITIES.get(kind, "visual_novel")
    lines = number(row.get("lines_read", ""), "lines_read")
    return DayFigure(
        key=uuid,
        title=title,
        day=day(row.get("date", ""), "date"),
        activity=activity,
        seconds=number(row.get("time_read", ""), "time_read") or 0.0,
        characters=round(number(row.get("chars_read", ""), "chars_read") or 0),
        lines=None if lines is None else round(lines),
    )
