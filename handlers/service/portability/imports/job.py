"""What one import is given and what it answers: the job and the report (no I/O)."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from handlers.service.portability.imports.limits import DEFAULT_LIMITS, ImportLimits
from handlers.service.portability.imports.rows import RowError
from storage.repository import ItemRepository

LISTED_ERRORS = 100


@dataclass
class ImportReport:
    """What an import did (or, dry, would do)."""

    import_id: str
    format: str
    dry_run: bool
    added: int = 0
    skipped_duplicates: int = 0
    seconds_added: float = 0
    first_date: str | None = None
    last_date: str | None = None
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    rows_read: int = 0
    replaced: int = 0
    """Reader imports: day entries whose figures a newer export replaced."""
    edited_kept: int = 0
    """Reader imports: day entries the learner edited, left as they made them."""
    left_out: list[str] = field(default_factory=list)
    """Reader imports: one sentence per title in a language the learner does not study."""
    left_out_count: int = 0

    @property
    def minutes_added(self) -> float:
        return round(self.seconds_added / 60, 2)

    @property
    def notes(self) -> list[str]:
        """What an in-place import did besides adding, in the learner's words."""
        out = []
        if self.replaced:
            days = "1 day" if self.replaced == 1 else f"{self.replaced:,} days"
            verb = "would get" if self.dry_run else "got"
            out.append(f"{days} {verb} the export's newer figures.")
        if self.edited_kept == 1:
            out.append("1 entry you edited was left as you made it.")
        elif self.edited_kept:
            out.append(f"{self.edited_kept:,} entries you edited were left as you made them.")
        out += self.left_out
        if self.left_out_count > len(self.left_out):
            more = self.left_out_count - len(self.left_out)
            out.append(f"… and {more:,} more books in other languages"
                       f" {'would be' if self.dry_run else 'were'} left out.")
        return out

    def leave_out(self, title: str, language: str, targets: Sequence[str]) -> None:
        """Tell of a title not counted for its language (the first ones, as row errors)."""
        self.left_out_count += 1
        if len(self.left_out) < LISTED_ERRORS:
            verb = "would be" if self.dry_run else "was"
            self.left_out.append(f'"{title}" (language {language}) {verb} left out: it is not'
                                 f" one of your languages ({', '.join(targets)}).")

    def fail(self, error: RowError) -> None:
        self.error_count += 1
        if len(self.errors) < LISTED_ERRORS:
            self.errors.append(error)


@dataclass(frozen=True)
class ImportJob:
    """Everything one import needs to know about the user and the moment."""

    repo: ItemRepository
    user: str
    zone: ZoneInfo
    now: datetime
    import_id: str
    speeds: Mapping[str, float]
    languages: tuple[str, ...] = ()
    """The learner's target languages (codes); none: every language counts."""
    limits: ImportLimits = DEFAULT_LIMITS
    clock: Callable[[], float] = time.monotonic
    """Seconds on a monotonic clock, for the time limit (tests pass their own)."""
