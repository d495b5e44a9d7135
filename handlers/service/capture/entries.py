"""The only place capture writes history entries: through the one write path (store I/O).

A capture is one more caller of the functions ``POST /log``, ``PATCH`` and ``DELETE
/history/{id}`` use, so its entries keep the history references and totals exactly as a
typed log does; a watched episode or film replaces its session's log in one unit of work
(``record_watched``). Nothing else in this package writes an entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from handlers.service.core.errors import NotFound
from handlers.service.kept.writing import Conflicted, Writing
from handlers.service.logbook import history
from handlers.service.logbook.area import Logbook
from handlers.service.logbook.writes import EntryChanges, LogRequest
from storage.models import user_pk
from storage.repository import Item, ItemRepository


@dataclass(frozen=True)
class Watched:
    """What ``record_watched`` did: ``recorded`` (the entry's id), ``already`` (the user's
    history holds that episode or film: nothing changed), ``gone`` (the log it replaces
    was deleted), ``raced`` (the session changed meanwhile: nothing written, read again)."""

    outcome: Literal["recorded", "already", "gone", "raced"]
    entry_id: str | None = None


class CaptureEntries:
    """Create, grow and remove the one history entry of a capture session."""

    def __init__(self, logbook: Logbook, repo: ItemRepository) -> None:
        self._logbook = logbook
        self._repo = repo

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

    def record_watched(self, user: str, entry: Item, show: Item | None, session: Item,
                       replacing: str | None) -> Watched:
        """Store the episode or movie ``entry`` in place of the log ``replacing`` (None: a
        mark-as-played, which had none), ``show`` its show record if the user has none,
        and ``session`` (the capture session as it is now, its version the one read) — all
        in one unit of work, so the minutes are never counted twice nor lost."""
        old = None
        if replacing is not None:
            try:
                old = self._repo.get(user_pk(user), history.entry_sk(replacing))
            except NotFound:
                old = None
            if old is None:
                return Watched("gone")
        new_id = history.entry_id(str(entry["sk"]))
        version = int(session["version"])
        saved = {**session, "entry_id": new_id, "version": version + 1}
        try:
            with Writing(self._repo, user, self._logbook.zone(user)) as writing:
                if old is not None:
                    writing.remove(old)
                writing.add(entry)
                if show is not None:
                    writing.put_record(show, if_absent=True)
                writing.put(saved, if_absent=version == 0,
                            expected_version=version or None)
        except Conflicted as conflict:
            if conflict.sk == entry["sk"]:
                return Watched("already")
            return Watched("raced")
        session.update(saved)
        return Watched("recorded", new_id)
