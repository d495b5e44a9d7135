"""Reading a peer's CSV export: its header checked, each data row with its line number (no I/O)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from handlers.service.imports.rows import ImportFormatError


def header_of(first_line: str) -> list[str]:
    """The column names of a CSV header line (a byte-order mark and spaces ignored)."""
    return [name.strip() for name in next(csv.reader([first_line.lstrip("\ufeff")]), [])]


def table(
    lines: Iterable[str], required: Iterable[str], format_name: str
) -> Iterator[tuple[int, dict[str, str]]]:
    """``(line number, row)`` for each data row; ImportFormatError naming missing columns."""
    reader = csv.reader(_without_bom(lines))
    header = [name.strip() for name in next(reader, [])]
    missing = [name for name in required if name not in header]
    if missing:
        raise ImportFormatError(
            f"This {format_name} file lacks the column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)}."
        )
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        yield reader.line_num, dict(zip(header, cells, strict=False))


def _without_bom(lines: Iterable[str]) -> Iterator[str]:
    first = True
    for line in lines:
        yield line.lstrip("\ufeff") if first else line
        first = False
