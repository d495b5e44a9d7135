"""What every reader format yields: one day's figures for one title (no I/O)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date

FORMATS = ("ttu", "mokuro", "exstatic", "koreader", "anki")
NAMES = {
    "ttu": "ッツ Ebook Reader (ttu)",
    "mokuro": "mokuro reader",
    "exstatic": "exSTATic",
    "koreader": "KOReader",
    "anki": "Anki",
}
COUNTS = ("characters", "pages", "lines", "reviews")
"""The figures an entry may carry besides its time, each an attribute of the entry."""


@dataclass(frozen=True)
class DayFigure:
    """A title's reading (or reviewing) on one local day, as the tool counted it."""

    key: str
    """The tool's own identity of the title (its name, a volume's or book's id)."""
    title: str
    day: date
    activity: str
    seconds: float
    characters: int | None = None
    pages: int | None = None
    lines: int | None = None
    reviews: int | None = None
    cumulative: bool = False
    """The figures are running totals of the title (mokuro): the day gets their growth."""
    language: str | None = None
    """The title's language as the tool names it (KOReader's ``book.language``), if any."""

    def counts(self) -> dict[str, int]:
        return {name: value for name in COUNTS if (value := getattr(self, name)) is not None}

    def with_figures(self, seconds: float, counts: dict[str, int]) -> DayFigure:
        """The same title and day holding other figures."""
        return replace(self, seconds=seconds, cumulative=False,
                       characters=counts.get("characters"), pages=counts.get("pages"),
                       lines=counts.get("lines"), reviews=counts.get("reviews"))


def key_prefix(source: str, key: str) -> str:
    """The start of the log id every day of one title shares (so its days list by prefix)."""
    return f"{source}-{hashlib.sha256(key.encode()).hexdigest()[:16]}-"


def log_id(source: str, figure: DayFigure) -> str:
    """One stable id per (source, title, local day): a later export finds the same entry."""
    return f"{key_prefix(source, figure.key)}{figure.day:%Y%m%d}"


def summed(figures: Iterable[DayFigure]) -> Iterator[DayFigure]:
    """Figures of one (title, day) added up (several devices of one title, one day)."""
    merged: dict[tuple[str, date], DayFigure] = {}
    for figure in figures:
        seen = merged.get((figure.key, figure.day))
        if seen is None:
            merged[(figure.key, figure.day)] = figure
            continue
        counts = {name: (getattr(seen, name) or 0) + (getattr(figure, name) or 0)
                  for name in COUNTS if getattr(seen, name) is not None
                  or getattr(figure, name) is not None}
        merged[(figure.key, figure.day)] = seen.with_figures(seen.seconds + figure.seconds,
                                                             counts)
    return iter(merged.values())
