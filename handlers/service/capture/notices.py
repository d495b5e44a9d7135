"""Opt-in notices of closed capture sessions, waiting for the bot to send them (store I/O).

A notice is queued under one shared partition, keyed by time, when a session that made an
entry closes; the bot's job sends the oldest and deletes each one it sent. Whether a user
wants them is a record of their own capture partition.
"""

from __future__ import annotations

from dataclasses import dataclass

from handlers.service.capture.integrations import capture_pk
from handlers.service.capture.session_view import display_title
from storage.repository import Item, ItemRepository

NOTICES_PK = "CAPTURENOTICES"
PREFS_SK = "PREFS"
"""The sort key of a user's capture preferences (in their capture partition)."""


@dataclass(frozen=True)
class CaptureNotice:
    """"📺 Logged 24 min of Frieren S1E3 from Jellyfin", to one user; "📺 Watched Frieren
    S1E3 (25 min) from Jellyfin" when the session became the episode or film watched."""

    key: str
    user: str
    session_id: str
    title: str
    minutes: int
    """What its entry counts: the minutes played, or the watched item's runtime."""
    player: str
    watched: bool = False
    """Whether its entry is the episode or film watched (else a log of its minutes)."""


def wanted(repo: ItemRepository, user: str) -> bool:
    item = repo.get(capture_pk(user), PREFS_SK)
    return bool(item and item.get("notices"))


def set_wanted(repo: ItemRepository, user: str, on: bool) -> None:
    repo.put({"pk": capture_pk(user), "sk": PREFS_SK, "user": user, "notices": on, "version": 1})


def notice_item(user: str, session: Item, seconds: int, now: float) -> Item:
    """The queued notice of a session that closed with its entry: a log of the ``seconds``
    played, or the episode or film watched, told with the minutes it counts."""
    watched = bool(session.get("entry_kind"))
    if watched:
        seconds = int(session.get("entry_seconds") or seconds)
    return {
        "pk": NOTICES_PK, "sk": f"{now:017.3f}#{user}#{session['session_id']}",
        "user": user, "session_id": session["session_id"], "title": display_title(session),
        "minutes": max(1, round(seconds / 60)),
        "player": _player(session), "watched": watched,
        "version": 1,
    }


def _player(session: Item) -> str:
    source = str(session.get("source") or "")
    if source in ("jellyfin", "plex", "emby"):
        return {"jellyfin": "Jellyfin", "plex": "Plex", "emby": "Emby"}[source]
    return str(session.get("player") or "your player")


def pending(repo: ItemRepository, limit: int = 100,
            after: str | None = None) -> list[CaptureNotice]:
    """The oldest notices waiting, at most ``limit``; with ``after``, those queued after
    that notice's key (the next page)."""
    return [CaptureNotice(str(i["sk"]), str(i["user"]), str(i["session_id"]), str(i["title"]),
                          int(i["minutes"]), str(i["player"]), bool(i.get("watched")))
            for i in repo.query_prefix(NOTICES_PK, "", start_after=after, limit=limit)]


def sent(repo: ItemRepository, notice: CaptureNotice) -> None:
    repo.delete(NOTICES_PK, notice.key)
