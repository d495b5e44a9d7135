"""NihongoTracker's CSV export (no I/O)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator

from handlers.service.core.activities import Unit, UnknownActivity, canonical_activity
from handlers.service.portability.imports.csv_table import table
from handlers.service.portability.imports.rows import Row, RowError, day, number

COLUMNS = (
    "date", "type", "mediaId", "time", "characters", "episodes", "pages", "description", "tags"
)
REQUIRED = ("date", "type", "time")
_TYPES = {"vn": "visual_novel", "tv show": "tv", "audio": "audio", "other": "other"}


def read(lines: Iterable[str]) -> Iterator[Row | RowError]:
    """Rows keyed by their content (the export has no ids): a repeated row counts again."""
    seen: dict[str, int] = {}
    for line, cells in table(lines, REQUIRED, "NihongoTracker"):
        try:
            activity = _activity(cells["type"])
            when = day(cells["date"], "date")
            minutes = number(cells["time"], "time")
            amounts = {u: number(cells.get(u, ""), u) for u in ("episodes", "pages", "characters")}
        except ValueError as error:
            yield RowError(line, str(error))
            continue
        unit: Unit | None = next((u for u, v in amounts.items() if v), None)  # type: ignore[misc]
        if not minutes and unit is None:
            yield RowError(line, "time: no minutes and no amount to count.")
            continue
        content = "\x1f".join(cells.get(c, "") for c in COLUMNS)
        seen[content] = seen.get(content, 0) + 1
        key = hashlib.sha256(f"{content}\x1f{seen[content]}".encode()).hexdigest()
        tags = [t.strip() for t in cells.get("tags", "").split(";") if t.strip()]
        yield Row(
            line=line,
            external_id=key,
            activity=activity,
            title=(cells.get("description") or cells.get("mediaId") or "").strip(),
            when=when,
            seconds=minutes * 60 if minutes else None,
            amount=None if minutes or unit is None else amounts[unit],
            unit=None if minutes else unit,
            note=", ".join(tags) or None,
        )


def _activity(word: str) -> str:
    cleaned = word.strip().lower()
    if cleaned in _TYPES:
        return _TYPES[cleaned]
    try:
        return canonical_activity(cleaned)
    except UnknownActivity:
        raise ValueError(f"type: {word.strip()!r} is not a NihongoTracker type.") from None
