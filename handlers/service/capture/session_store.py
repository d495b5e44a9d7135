"""Capture sessions as stored records: keys, reading, saving with optimistic locking (store I/O).

A session's key is ``SESSION#<device>-<item>-<start>``: the hashes of the source's device
and item ids, then the start time, so one query finds every session of a device (to close
it on autoplay) or of one item on it (the newest is the current one).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

from handlers.service.capture.events import PlayerEvent
from handlers.service.capture.integrations import Integration, capture_pk
from storage.repository import Item, ItemRepository, VersionConflict

SESSION = "SESSION#"


def _hash(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]


def device_prefix(integration: Integration, event: PlayerEvent) -> str:
    return f"{SESSION}{_hash(integration.id, event.account, event.device)}-"


def item_prefix(integration: Integration, event: PlayerEvent) -> str:
    return f"{device_prefix(integration, event)}{_hash(event.item)}-"


def sessions_of_device(repo: ItemRepository, user: str, prefix: str) -> list[Item]:
    return list(repo.query_prefix(capture_pk(user), prefix))


def latest(repo: ItemRepository, user: str, prefix: str) -> Item | None:
    """The newest session of one item on one device, if any."""
    found = None
    for found in repo.query_prefix(capture_pk(user), prefix):  # noqa: B007
        pass
    return found


def new_session(user: str, integration: Integration, event: PlayerEvent, prefix: str,
                started: float, languages: dict[str, Any]) -> Item:
    """A fresh session record for ``event`` (not stored yet)."""
    session_id = f"{prefix[len(SESSION):]}{int(started):08x}"
    item: Item = {
        "pk": capture_pk(user), "sk": SESSION + session_id, "user": user,
        "session_id": session_id, "integration_id": integration.id,
        "source": integration.source, "kind": event.kind, "title": event.title,
        "series": event.series, "player": event.player, "counting": {}, "version": 0,
        **languages,
    }
    for name in ("season", "episode", "tvdb_id", "tmdb_id", "duration"):
        value = getattr(event, name)
        if value is not None:
            item[name] = value
    if event.extra.get("tvdb") == "series":
        item["tvdb_is_series"] = True  # the generic source sends the series' id, not the episode's
    return item


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
    return repo.get(capture_pk(user), SESSION + session_id)


def every(repo: ItemRepository, user: str) -> Iterator[Item]:
    return repo.query_prefix(capture_pk(user), SESSION)
