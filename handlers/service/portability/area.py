"""The service's portability area: export, import from other trackers, undo (store I/O)."""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import IO
from zoneinfo import ZoneInfo

from handlers.service.accounts import user_settings
from handlers.service.core.calendar import local_date
from handlers.service.core.log_ids import new_log_id
from handlers.service.portability import export
from handlers.service.portability.imports import records, runner
from handlers.service.portability.imports.job import ImportJob, ImportReport
from handlers.service.portability.imports.limits import DEFAULT_LIMITS, ImportLimits
from handlers.service.portability.imports.runner import Progress
from storage.repository import ItemRepository

_SAFE = re.compile(r"[^A-Za-z0-9._-]")
"""Characters a user name may hold that a file name or a header must not."""


class Portability:
    """Export and import for every door (API, bot, command line)."""

    def __init__(
        self,
        repo: ItemRepository,
        clock: Callable[[], datetime],
        zone_of: Callable[[str], ZoneInfo],
        random_bytes: Callable[[int], bytes] = secrets.token_bytes,
        limits: ImportLimits = DEFAULT_LIMITS,
        ticker: Callable[[], float] = time.monotonic,
        zone_changed: Callable[[str, ZoneInfo], None] | None = None,
    ) -> None:
        self._repo = repo
        self._zone_changed = zone_changed
        self._limits = limits
        self._ticker = ticker
        self._clock = clock
        self._zone_of = zone_of
        self._random_bytes = random_bytes

    def export_jsonl(self, user: str) -> Iterator[str]:
        """Every item of the user as stored, one JSON object a line (streamed)."""
        return export.jsonl(self._repo, user)

    def export_name(self, user: str, kind: str) -> str:
        """The file name of an export: the user and the day (theirs), safe in any header."""
        day = local_date(self._clock(), self._zone_of(user)).isoformat()
        return f"immersion-{_SAFE.sub('_', user)}-{day}.{kind}"

    def export_csv(self, user: str) -> Iterator[str]:
        """The history as CSV, local dates and times (streamed)."""
        return export.csv_rows(self._repo, user, self._zone_of(user))

    def import_file(
        self,
        user: str,
        stream: IO[bytes],
        asked_format: str = "auto",
        *,
        dry_run: bool = False,
        progress: Progress | None = None,
    ) -> ImportReport:
        """Import a seekable file (plain or gzip) within the limits; ``dry_run`` writes nothing."""
        now = self._clock()
        settings = user_settings.stored(self._repo, user)
        job = ImportJob(
            repo=self._repo,
            user=user,
            zone=self._zone_of(user),
            now=now,
            import_id=new_log_id(now, self._random_bytes),
            speeds=user_settings.speeds_in(settings),
            languages=tuple(user_settings.languages_in(settings)),
            limits=self._limits,
            clock=self._ticker,
        )
        report = runner.run(job, stream, asked_format, dry_run=dry_run, progress=progress)
        # Our own export carries its settings: the imported zone moves the day totals.
        if self._zone_changed is not None and (zone := self._zone_of(user)) != job.zone:
            self._zone_changed(user, zone)
        return report

    def undo_import(self, user: str, import_id: str) -> int:
        """Remove exactly what that import added; NotFound for an unknown id."""
        return records.undo(self._repo, user, import_id, self._zone_of(user))

    def undo_import_counts(self, user: str, import_id: str) -> tuple[int, int]:
        """``undo_import``, answering (entries removed, days given back the figures a
        reader import replaced)."""
        return records.undo_counts(self._repo, user, import_id, self._zone_of(user))
