"""mokuro reader's volume data (running totals per volume) to day figures (no I/O)."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from handlers.service.portability.imports.readers.figures import DayFigure
from handlers.service.portability.imports.rows import ImportFormatError, RowError, moment

_MARKS = {"progress", "chars", "timeReadInMinutes"}


def parse(data: bytes) -> dict[str, Any]:
    try:
        value = json.loads(data.decode("utf-8-sig"))
    except (ValueError, RecursionError):  # not JSON, or nested too deep to read
        raise ImportFormatError(
            "The file is not valid JSON; export volume-data.json again.") from None
    volumes = [v for v in value.values() if isinstance(v, dict)] if isinstance(value, dict) else []
    if not isinstance(value, dict) or (value and not any(_MARKS & set(v) for v in volumes)):
        raise ImportFormatError(
            "This is not mokuro volume data (an object of volumes with progress, chars and"
            " timeReadInMinutes).")
    return value


def read(volumes: dict[str, Any], zone: ZoneInfo) -> Iterator[DayFigure | RowError]:
    """Each volume's totals, dated on the local day of its last progress."""
    for number, (uuid, volume) in enumerate(volumes.items(), start=1):
        if not isinstance(volume, dict):
            yield RowError(number, f"volume {uuid}: not an object.")
            continue
        if volume.get("deletedOn"):
            continue
        try:
            yield _figure(uuid, volume, zone)
        except ValueError as error:
            yield RowError(number, f"volume {uuid}: {error}")


def _figure(uuid: str, volume: dict[str, Any], zone: ZoneInfo) -> DayFigure:
    when = moment(str(volume.get("lastProgressUpdate") or ""), "lastProgressUpdate")
    day = when.astimezone(zone).date() if isinstance(when, datetime) else when
    title = " ".join(str(volume.get(k) or "").strip() for k in ("series_title", "volume_title"))
    return DayFigure(
        key=uuid,
        title=title.strip() or uuid,
        day=day,
        activity="manga",
        seconds=_count(volume, "timeReadInMinutes") * 60,
        characters=_count(volume, "chars"),
        pages=_count(volume, "progress"),
        cumulative=True,
    )


def _count(volume: dict[str, Any], name: str) -> int:
    value = volume.get(name, 0)
    try:
        number = float(value or 0)
    except (TypeError, ValueError):
        raise ValueError(f"{name} {value!r} is not a number.") from None
    if not 0 <= number < math.inf:
        raise ValueError(f"{name} must be a number of zero or more.")
    return round(number)
