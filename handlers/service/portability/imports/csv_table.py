"""Reading a peer's CSV export: its header checked, each data row with its line number (no I/O)."""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterable, Iterator
from typing import Any

from handlers.service.portability.imports.rows import ImportFormatError


def header_of(first_line: str) -> list[str]:
    """The column names of a CSV header line (a byte-order mark and spaces ignored); none for
    a line the CSV reader refuses (the first line of a file of another kind, or of bytes)."""
    try:
        return [name.strip() for name in next(csv.reader([first_line.lstrip("\ufeff")]), [])]
    except csv.Error:
        return []


def table(
    lines: Iterable[str], required: Iterable[str], format_name: str
) -> Iterator[tuple[int, dict[str, str]]]:
    """``(line number, row)`` for each data row; ImportFormatError naming missing columns."""
    reader = csv.reader(_without_bom(lines))
    header = [name.strip() for name in next_row(reader, format_name) or []]
    missing = [name for name in required if name not in header]
    if missing:
        raise ImportFormatError(
            f"This {format_name} file lacks the column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)}."
        )
    while (cells := next_row(reader, format_name)) is not None:
        if not any(cell.strip() for cell in cells):
            continue
        # A short row's missing cells are empty: its checks name what it lacks.
        yield reader.line_num, dict(itertools.zip_longest(header, cells[:len(header)],
                                                          fillvalue=""))


def next_row(reader: Any, format_name: str) -> list[str] | None:
    """The next row; a cell the CSV reader refuses (past its size limit, or a stray quote at
    the end) makes the whole file unreadable, before anything is written."""
    try:
        return next(reader, None)
    except csv.Error as error:
        raise ImportFormatError(
            f"Line {reader.line_num:,} of this {format_name} file cannot be read as CSV ({error})."
        ) from None


def _without_bom(lines: Iterable[str]) -> Iterator[str]:
    first = True
    for line in lines:
        yield line.lstrip("\ufeff") if first else line
        first = False
