"""Which titles of a reader's export count for the learner's target languages (no I/O).

A title counts as a capture session does: when no language is chosen, when the tool names
no language (or one the table does not know), or when its language is one of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from handlers.service.capture.languages import language_code
from handlers.service.portability.imports.readers.figures import DayFigure
from handlers.service.portability.imports.rows import RowError


def split(read: Iterable[DayFigure | RowError], targets: Sequence[str]
          ) -> tuple[list[DayFigure | RowError], list[tuple[str, str]]]:
    """What counts, and each title left out once: (title, its language as the tool names it)."""
    kept: list[DayFigure | RowError] = []
    left: dict[str, tuple[str, str]] = {}
    for found in read:
        if isinstance(found, DayFigure) and not counts(found.language, targets):
            left.setdefault(found.key, (found.title, str(found.language)))
        else:
            kept.append(found)
    return kept, list(left.values())


def counts(language: str | None, targets: Sequence[str]) -> bool:
    code = language_code(language)
    return not targets or code is None or code in targets
