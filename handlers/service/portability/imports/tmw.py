"""TMW Immersion Bot's CSV exports, the old layout and the newer one (no I/O)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator

from handlers.service.core.activities import Unit
from handlers.service.portability.imports.csv_table import header_of, table
from handlers.service.portability.imports.rows import Row, RowError, moment, number

OLD_COLUMNS = ("discord_user_id", "media_type", "amount", "title", "note", "created_at")
NEW_COLUMNS = ("Log ID", "Media Type", "Media Name", "Comment", "Amount Logged", "Log Date")

_OLD_TYPES: dict[str, tuple[str, Unit | None]] = {
    "VN": ("visual_novel", "characters"),
    "READING": ("reading", "characters"),
    "ANIME": ("anime", "episodes"),
    "MANGA": ("manga", "pages"),
    "BOOK": ("book", "pages"),
    "LISTENING": ("audio", None),
    "READTIME": ("reading", None),
}
"""Each media type's activity and what its amount counts (``None``: minutes)."""
_NEW_TYPES: dict[str, tuple[str, Unit | None]] = {
    "Listening Time": ("audio", None),
    "Reading Time": ("reading", None),
    "Anime": ("anime", "episodes"),
    "Manga": ("manga", "pages"),
    "Book": ("book", "pages"),
    "Reading": ("reading", "characters"),
    "VN": ("visual_novel", "characters"),
}


def read(lines: Iterable[str]) -> Iterator[Row | RowError]:
    """Rows of either layout, told apart by the header."""
    stream = iter(lines)
    first = next(stream, "")
    rest = _chain(first, stream)
    if "Log ID" in header_of(first) or "Media Type" in header_of(first):
        yield from _rows(rest, NEW_COLUMNS, "Media Type", "Amount Logged", _NEW_TYPES)
    else:
        yield from _rows(rest, OLD_COLUMNS, "media_type", "amount", _OLD_TYPES)


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def _rows(
    lines: Iterable[str],
    columns: tuple[str, ...],
    type_column: str,
    amount_column: str,
    types: dict[str, tuple[str, Unit | None]],
) -> Iterator[Row | RowError]:
    new = columns is NEW_COLUMNS
    for line, cells in table(lines, columns, "TMW"):
        kind = cells.get(type_column, "").strip()
        if kind not in types:
            yield RowError(line, f"{type_column}: {kind!r} is not a TMW media type.")
            continue
        activity, unit = types[kind]
        try:
            amount = number(cells[amount_column], amount_column)
            when = moment(cells["Log Date" if new else "created_at"], "date")
        except ValueError as error:
            yield RowError(line, str(error))
            continue
        if not amount:
            yield RowError(line, f"{amount_column}: nothing was logged.")
            continue
        own_id = cells.get("Log ID", "").strip() if new else ""
        key = own_id or hashlib.sha256("\x1f".join(cells.values()).encode()).hexdigest()
        yield Row(
            line=line,
            external_id=key,
            activity=activity,
            title=cells.get("Media Name" if new else "title", "").strip(),
            when=when,
            seconds=amount * 60 if unit is None else None,
            amount=amount if unit else None,
            unit=unit,
            note=cells.get("Comment" if new else "note", "").strip() or None,
            account=None if new else cells.get("discord_user_id", "").strip() or None,
        )
