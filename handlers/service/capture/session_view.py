"""What a stored capture session is now: open, closed or ignored, and why (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from handlers.service.capture.counting import IDLE_SECONDS, MIN_SECONDS, Counting, Tally
from storage.repository import Item


@dataclass(frozen=True)
class SessionView:
    """A session as the API lists it."""

    id: str
    state: str
    counted_seconds: int
    reason: str | None
    title: str
    source: str
    player: str
    kind: str
    started_at: int | None
    last_event_at: int | None
    entry_id: str | None

    def body(self) -> dict[str, Any]:
        return {"session": self.id, "state": self.state, "counted_seconds": self.counted_seconds,
                **({"reason": self.reason} if self.reason else {})}


def tally_of(item: Item) -> Tally:
    duration = item.get("duration")
    return Counting.of_item(item.get("counting") or {}).tally(
        float(duration) if duration else None)


def is_closed(item: Item, tally: Tally, now: float) -> bool:
    """Stopped, replaced by the next item on its device, or quiet for 30 minutes."""
    idle = tally.last_at is not None and now - tally.last_at >= IDLE_SECONDS
    return bool(item.get("closed")) or tally.stopped or idle


def state_of(item: Item, tally: Tally, now: float) -> tuple[str, str | None]:
    """``open``, ``closed`` or ``ignored``, with the reason for an ignored one."""
    closed = is_closed(item, tally, now)
    if item.get("entry_deleted"):
        return "closed", "Its entry was deleted from the history."
    if not item.get("accepted"):
        if not item.get("language_ok", True):
            return "ignored", str(item.get("language_reason") or "Not in your languages.")
        if closed and tally.counted < MIN_SECONDS and not item.get("entry_id"):
            return "ignored", f"Too short: under {MIN_SECONDS} seconds were played."
    return ("closed" if closed else "open"), None


def view(item: Item, now: float) -> SessionView:
    tally = tally_of(item)
    state, reason = state_of(item, tally, now)
    title = display_title(item)
    return SessionView(
        str(item["session_id"]), state, int(tally.counted), reason, title,
        str(item.get("source", "")), str(item.get("player", "")), str(item.get("kind", "")),
        None if tally.first_at is None else int(tally.first_at),
        None if tally.last_at is None else int(tally.last_at),
        item.get("entry_id"),
    )


def display_title(item: Item) -> str:
    """``Frieren S1E3`` for an episode, the title otherwise."""
    series = str(item.get("series") or "")
    if item.get("kind") == "episode" and series:
        season, episode = item.get("season"), item.get("episode")
        numbers = f" S{season}E{episode}" if season is not None and episode is not None else ""
        return series + numbers
    return str(item.get("title") or series or "Untitled")
