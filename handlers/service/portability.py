"""The service's portability area: export, import from other trackers, undo (store I/O)."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import IO
from zoneinfo import ZoneInfo

from handlers.service import export, user_settings
from handlers.service.imports import records, runner
from handlers.service.imports.runner import ImportJob, ImportReport, Progress
from handlers.service.log_ids import new_log_id
from storage.repository import ItemRepository


class Portability:
    """Export and import for every door (API, bot, command line)."""

    def __init__(
        self,
        repo: ItemRepository,
        clock: Callable[[], datetime],
        zone_of: Callable[[str], ZoneInfo],
        random_bytes: Callable[[int], bytes] = secrets.token_bytes,
        zone_changed: Callable[[str, ZoneInfo], None] | None = None,
    ) -> None:
        self._repo = repo
        self._zone_changed = zone_changed
        self._clock = clock
        self._zone_of = zone_of
        self._random_bytes = random_bytes

    def export_jsonl(self, user: str) -> Iterator[str]:
        """Every item of the user as stored, one JSON object a line (streamed)."""
        return export.jsonl(self._repo, user)

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
        """Import a seekable file (plain or gzipped); ``dry_run`` writes nothing."""
        now = self._clock()
        job = ImportJob(
            repo=self._repo,
            user=user,
            zone=self._zone_of(user),
            now=now,
            import_id=new_log_id(now, self._random_bytes),
            speeds=user_settings.reading_speed(self._repo, user),
        )
        report = runner.run(job, stream, asked_format, dry_run=dry_run, progress=progress)
        # Our own export carries its settings: the imported zone moves the day totals.
        if self._zone_changed is not None and (zone := self._zone_of(user)) != job.zone:
            self._zone_changed(user, zone)
        return report

    def undo_import(self, user: str, import_id: str) -> int:
        """Remove exactly what that import added; NotFound for an unknown id."""
        return records.undo(self._repo, user, import_id, self._zone_of(user))
