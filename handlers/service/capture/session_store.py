"""Capture sessions as stored records: keys, reading, saving with optimistic locking (store I/O).

A session's id is ``<device>-<item>-<start>``: the hashes of the source's device and item
ids, then the start time. The current session of an item on a device lives under a key an
event can name without a query, ``SESSION#<device>-<item>-live`` (so one read fetches it
with the token's record); when the item starts again there, the session it replaces moves
to ``SESSION#<its id>`` in the same write. Both sort under ``SESSION#``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

from handlers.service.capture.events import PlayerEvent
from handlers.service.capture.integrations import Integration, capture_pk
from storage.repository import Item, ItemRepository, VersionConflict

SESSION = "SESSION#"
LIVE = "live"
DEVICE = "DEVICE#"
DURATION_REFINED = 1.0
"""Seconds a runtime may grow by and stay the same runtime (an estimate settling)."""


def _hash(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]


def device_prefix(integration_id: str, event: PlayerEvent) -> str:
    return f"{SESSION}{_hash(integration_id, event.account, event.device)}-"


def item_prefix(integration_id: str, event: PlayerEvent) -> str:
    return f"{device_prefix(integration_id, event)}{_hash(event.item)}-"


def live_sk(prefix: str) -> str:
    """Where the current session of the item ``prefix`` names is kept."""
    return prefix + LIVE


def live_sk_of(session_id: str) -> str:
    """Where the session ``session_id`` is kept while it is the current one."""
    return SESSION + session_id[: session_id.rfind("-") + 1] + LIVE


def pointer_sk(prefix: str) -> str:
    """The record naming the last session of the device ``prefix`` (an item prefix) names."""
    device = prefix[: prefix.rstrip("-").rfind("-") + 1]
    return DEVICE + device[len(SESSION):]


def archived(session: Item) -> Item:
    """``session`` moved off the current key, under its own id."""
    return {**session, "sk": SESSION + str(session["session_id"])}


def new_session(user: str, integration: Integration, event: PlayerEvent, prefix: str,
                started: float, languages: dict[str, Any]) -> Item:
    """A fresh session record for ``event`` (not stored yet), under the current key."""
    session_id = f"{prefix[len(SESSION):]}{int(started):08x}"
    item: Item = {
        "pk": capture_pk(user), "sk": live_sk(prefix), "user": user,
        "session_id": session_id, "integration_id": integration.id,
        "source": integration.source, "kind": event.kind, "title": event.title,
        "series": event.series, "player": event.player, "counting": {}, "version": 0,
        **languages,
    }
    for name in ("season", "episode", "tvdb_id", "tmdb_id"):
        value = getattr(event, name)
        if value is not None:
            item[name] = value
    follow_duration(item, event, 0.0)
    # A runtime the first event brings is known from the start, wherever the player
    # resumed: played out from 95 %, the episode is watched.
    item.pop("duration_from", None)
    if event.extra.get("tvdb") == "series":
        item["tvdb_is_series"] = True  # the generic source sends the series' id, not the episode's
    return item


def follow_duration(session: Item, event: PlayerEvent, furthest: float) -> None:
    """Take the event's duration when it is longer than the session's (``furthest``: the
    furthest position counted so far). A stream's grows as it plays, and a runtime may come
    after the first event; a shorter or missing one is not taken, so nothing counted under
    the longer one is taken back."""
    reported, known = event.duration, float(session.get("duration") or 0)
    if not reported or reported <= known:
        return
    session["duration"] = reported
    if reported - known > DURATION_REFINED:
        # Where the session had got when this runtime became known: reaching 90 % of a
        # runtime known only once there (a stream's length so far) is no episode watched.
        session["duration_from"] = max(furthest, event.position or 0.0)


def save(repo: ItemRepository, item: Item) -> bool:
    """Store the session; False when another event changed it first (read it again)."""
    version = int(item["version"])
    if version == 0:
        return repo.put_if_absent({**item, "version": 1})
    changes = {k: v for k, v in item.items() if k not in ("pk", "sk", "version")}
    try:
        repo.update(item["pk"], item["sk"], changes, version)
    except VersionConflict:
        return False
    return True


def find(repo: ItemRepository, user: str, session_id: str) -> Item | None:
    """The session ``session_id``, current or moved (one read)."""
    pk = capture_pk(user)
    keys = [(pk, SESSION + session_id), (pk, live_sk_of(session_id))]
    found = repo.get_keys(keys)
    for key in keys:
        item = found.get(key)
        if item is not None and item.get("session_id") == session_id:
            return item
    return None


def every(repo: ItemRepository, user: str) -> Iterator[Item]:
    return repo.query_prefix(capture_pk(user), SESSION)
