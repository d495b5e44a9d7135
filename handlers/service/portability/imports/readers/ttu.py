"""ッツ Ebook Reader (ttu) statistics: a JSON array per book, alone or in a zip (no I/O)."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from handlers.service.portability.imports.readers.figures import DayFigure
from handlers.service.portability.imports.rows import ImportFormatError, RowError


def is_statistics_name(name: str) -> bool:
    """A member of ttu's export zip holding one book's statistics."""
    return name.rsplit("/", 1)[-1].startswith("statistics_") and name.endswith(".json")


def parse(data: bytes, where: str) -> list[Any]:
    """One statistics file's array; a damaged file names itself."""
    try:
        value = json.loads(data.decode("utf-8-sig"))
    except (ValueError, RecursionError):  # not JSON, or nested too deep to read
        raise ImportFormatError(
            f"{where} is not valid JSON; export the statistics again.") from None
    if not isinstance(value, list) or (
            value and not any(isinstance(e, dict) and "dateKey" in e for e in value)):
        raise ImportFormatError(
            f"{where} is not a ttu statistics file (an array of days with a dateKey).")
    return value


def read(files: Iterable[tuple[str, list[Any]]]) -> Iterator[DayFigure | RowError]:
    """Days of every book; of two records of one book's day the last modified wins (a synced
    folder may hold an older copy of the file beside the newer one)."""
    newest: dict[tuple[str, date], tuple[int, DayFigure]] = {}
    for where, elements in files:
        for number, element in enumerate(elements, start=1):
            try:
                modified, figure = _figure(element)
            except ValueError as error:
                yield RowError(number, f"{where}, element {number}: {error}")
                continue
            seen = newest.get((figure.key, figure.day))
            if seen is None or modified >= seen[0]:
                newest[(figure.key, figure.day)] = (modified, figure)
    for _modified, figure in newest.values():
        yield figure


def _figure(element: Any) -> tuple[int, DayFigure]:
    if not isinstance(element, dict):
        raise ValueError("not an object")
    title = element.get("title")
    if not isinstance(title, str) or not title.strip():
        raise ValueError("title is missing")
    try:
        day = date.fromisoformat(str(element.get("dateKey", "")))
    except ValueError:
        raise ValueError(f"dateKey {element.get('dateKey')!r} is not a date") from None
    seconds = _number(element, "readingTime")
    characters = _number(element, "charactersRead")
    modified = element.get("lastStatisticModified", 0)
    stamp = int(modified) if isinstance(modified, int | float) else 0
    figure = DayFigure(key=title.strip(), title=title.strip(), day=day, activity="book",
                       seconds=seconds, characters=round(characters))
    return stamp, figure


def _number(element: dict[str, Any], name: str) -> float:
    value = element.get(name, 0)
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            raise ValueError(f"{name} {value!r} is not a number") from None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{name} is not a number")
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be zero or more")
    return float(value)
