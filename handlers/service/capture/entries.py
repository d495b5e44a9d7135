"""What a capture session writes to the history: its log, grown, or the episode it became.

A session's entry is a log like ``POST /log`` makes, written through the one unit of work
(``session_write``) with the session itself, so history references and totals move with
it. The session keeps a copy of its entry as stored: growing it needs no read (the
copy's version is the write's condition; a user's edit or delete fails it, and only then
is the entry read). Building them is pure; deleting one (an undo) goes through the logbook
like ``DELETE /history/{id}`` (store I/O).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from handlers.service.capture.session_view import display_title
from handlers.service.core.activities import MAX_SECONDS
from handlers.service.core.durations import episode_activity
from handlers.service.core.errors import NotFound
from handlers.service.core.log_ids import new_log_id
from handlers.service.kept.writing import updated
from handlers.service.logbook.area import Logbook
from storage.models import LogEntry
from storage.repository import Item

ACTIVITY = {"movie": "movie", "video": "video", "audio": "music",
            "audiobook": "audiobook"}
SOURCE = "capture"


def new_log(user: str, session: Item, seconds: int, at: int, now: datetime,
            random_bytes: Callable[[int], bytes], show: Item | None = None) -> Item:
    """The log of a session's first counted minutes, as stored (``show``: an episode's
    show record, which names its activity)."""
    kind = str(session.get("kind", "video"))
    episode_title = str(session.get("title") or "")
    note = display_title(session)
    if kind == "episode" and episode_title:
        note += f" · {episode_title}"
    title = (str(session.get("series") or session.get("title") or "Untitled")
             if kind == "episode" else display_title(session))
    return LogEntry(
        user=user, log_id=new_log_id(now, random_bytes),
        activity=episode_activity(show) if kind == "episode" else ACTIVITY.get(kind, "video"),
        title=title[:200].strip(), duration=min(seconds, MAX_SECONDS), timestamp=at,
        note=f"{note} (from {session.get('player') or session.get('source')})"[:1000],
        created_at=int(now.timestamp()), source=SOURCE,
    ).to_item()


def grown(entry: Item, seconds: int) -> Item:
    """The log ``entry`` holding ``seconds`` (its version moved on)."""
    return updated(entry, {"duration": min(seconds, MAX_SECONDS), "amount": None, "unit": None})


class CaptureEntries:
    """Remove a session's entry the way the history does (an undo)."""

    def __init__(self, logbook: Logbook) -> None:
        self._logbook = logbook

    def remove(self, user: str, entry_id: str) -> bool:
        """Delete the entry; False when it was already gone."""
        try:
            self._logbook.delete(user, entry_id)
        except NotFound:
            return False
        return True
