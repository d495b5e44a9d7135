"""Reading speed for ``GET /stats``: characters per minute per local day and activity (no I/O).

Only entries whose minutes were measured count: the reader and study-tool imports, and
logs that gave their minutes beside the characters. A log typed with characters but no
minutes has its minutes derived from the learner's own speed setting, which would chart
that setting back.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any
from zoneinfo import ZoneInfo

from handlers.service.core.calendar import date_of_epoch
from handlers.service.portability.imports.readers.figures import FORMATS
from storage.repository import Item

_MEASURED = tuple(f"import:{name}:" for name in FORMATS)
CHARACTERS = "r"
"""``r:<activity>`` in a day total: characters a reader measured that day."""
MEASURED_SECONDS = "m"
"""``m:<activity>`` in a day total: the seconds those characters took."""


def measured_characters(fields: Mapping[str, Any]) -> float | None:
    """The characters of an entry whose minutes were measured (by a reader, or given by the
    learner beside the characters: a stored log's ``timed``), else ``None``."""
    if (fields.get("unit") == "characters" and fields.get("amount")
            and (fields.get("timed") or str(fields.get("source", "")).startswith(_MEASURED))):
        return float(fields["amount"])
    return None


class Tally:
    """Characters and seconds per (local day, activity) of the entries passed through."""

    def __init__(self, zone: ZoneInfo) -> None:
        self._zone = zone
        self._sums: dict[tuple[str, str], list[float]] = {}

    def watch(self, entries: Iterable[Item]) -> Iterator[Item]:
        """The entries' fields, unchanged, tallied on the way (the statistics read once)."""
        for fields in entries:
            characters = measured_characters(fields)
            if characters is not None:
                day = date_of_epoch(int(fields["at"]), self._zone).isoformat()
                tally = self._sums.setdefault((day, str(fields["activity"])), [0.0, 0.0])
                tally[0] += characters
                tally[1] += float(fields["seconds"])
            yield fields

    def series(self) -> list[dict[str, Any]]:
        """``[{"date", "activity", "characters", "minutes", "characters_per_minute"}]`` by
        date, then activity; days without measured minutes are left out."""
        return series_of_sums(self._sums)


def series_of_sums(sums: Mapping[tuple[str, str], list[float]]) -> list[dict[str, Any]]:
    """The series of characters and seconds per (ISO local date, activity)."""
    return [
        {"date": day, "activity": activity, "characters": int(characters),
         "minutes": round(seconds / 60, 2),
         "characters_per_minute": round(characters / (seconds / 60), 1)}
        for (day, activity), (characters, seconds) in sorted(sums.items())
        if seconds > 0
    ]
