"""Botsu's export: JSON Lines (usually gzipped), one activity a line (no I/O)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from handlers.service.core.activities import Unit
from handlers.service.portability.imports.rows import Row, RowError, moment

FIELDS = ("id", "user_id", "primary_type", "duration", "date")
_MEDIA: dict[str, str] = {
    "anime": "anime",
    "manga": "manga",
    "video": "video",
    "book": "book",
    "visual_novel": "visual_novel",
}
_PRIMARY = {"reading": "reading", "listening": "audio"}
_NANOSECONDS = 1_000_000_000


def _json(text: str) -> object:
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError("the line is not JSON.") from None  # nested too deep to read


def read(lines: Iterable[str]) -> Iterator[Row | RowError]:
    """Live activities; deleted ones (``deleted_at`` set) are skipped without a word."""
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            record = _json(text)
            if not isinstance(record, dict):
                raise ValueError("the line is not a JSON object.")
            if record.get("deleted_at"):
                continue
            yield _row(number, record)
        except (ValueError, KeyError, TypeError) as error:
            message = str(error) if isinstance(error, ValueError) else f"{error} is missing."
            if isinstance(error, json.JSONDecodeError):
                message = "the line is not JSON."
            yield RowError(number, message)


def _row(line: int, record: dict[str, Any]) -> Row:
    media = record.get("media_type")
    activity = _MEDIA.get(str(media)) if media else _PRIMARY.get(str(record["primary_type"]))
    if activity is None:
        kind = media or record.get("primary_type")
        raise ValueError(f"media_type: {kind!r} is not a Botsu type.")
    duration = record.get("duration") or 0
    if not isinstance(duration, int) or isinstance(duration, bool) or duration < 0:
        raise ValueError("duration: must be whole nanoseconds, zero or more.")
    meta = record.get("meta") or {}
    # Episodes, pages or characters count only when the time rounds to no whole second.
    unit, amount = _amount(meta) if duration < _NANOSECONDS // 2 else (None, None)
    if not duration and unit is None:
        raise ValueError("duration: no time and no episodes, pages or characters.")
    # Integer division keeps whole seconds exact; the rounding stays below half a second.
    seconds = (duration + _NANOSECONDS // 2) // _NANOSECONDS if duration else None
    title = str(record.get("name") or meta.get("video_title") or "")
    return Row(
        line=line,
        external_id=str(record["id"]),
        activity=activity,
        title=title,
        when=moment(str(record["date"]), "date"),
        seconds=seconds,
        amount=None if seconds else amount,
        unit=None if seconds else unit,
        note=str(meta["channel_name"]) if meta.get("channel_name") else None,
        url=str(meta["url"]) if meta.get("url") else None,
        account=str(record["user_id"]),
    )


def _amount(meta: dict[str, Any]) -> tuple[Unit | None, float | None]:
    for unit in ("episodes", "pages", "characters"):
        value = meta.get(unit)
        if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
            return unit, float(value)
    return None, None
