"""The only place capture writes history entries: through the logbook's own write path (store I/O).

A capture is one more caller of the functions ``POST /log``, ``PATCH`` and ``DELETE
/history/{id}`` use, so its entries keep the history references and totals exactly as a
typed log does. Nothing else in this package writes an entry.
"""

from __future__ import annotations

from handlers.service.core.errors import NotFound
from handlers.service.logbook.area import Logbook
from handlers.service.logbook.writes import EntryChanges, LogRequest


class CaptureEntries:
    """Create, grow and remove the one history entry of a capture session."""

    def __init__(self, logbook: Logbook) -> None:
        self._logbook = logbook

    def create(self, user: str, *, activity: str, title: str, seconds: float, at: int,
               note: str) -> str:
        """A new entry of ``seconds`` starting at ``at``; its id."""
        request = LogRequest(activity=activity, title=title[:200], minutes=seconds / 60,
                             at=at, note=note[:1000] or None)
        return self._logbook.log(user, request, "capture").entry.id

    def grow(self, user: str, entry_id: str, seconds: float) -> bool:
        """Set the entry's minutes; False when the user deleted it (it stays deleted)."""
        try:
            self._logbook.edit(user, entry_id, EntryChanges(minutes=seconds / 60))
        except NotFound:
            return False
        return True

    def remove(self, user: str, entry_id: str) -> bool:
        """Delete the entry (an undo); False when it was already gone."""
        try:
            self._logbook.delete(user, entry_id)
        except NotFound:
            return False
        return True
