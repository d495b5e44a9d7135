"""Undo of the items one bot message logged: records and scoped deletes (I/O via the repository).

One ``UNDO#<inverted time>#<nonce>`` record in the user's partition lists the items one
message or button created (sort key, version and timestamp as written): shared links,
``/log`` and confirmed plain-text logs, whole shows. Keys sort newest first, so "the most
recent" is the first record of a prefix query, whatever the history's length; an item
removed or changed since (its Undo or Delete button, the web page) is passed over.
An undo deletes an item only if it is still exactly what was recorded: an item deleted and
logged again since (another timestamp) is left alone.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from handlers.service.kept.writing import Conflicted, Writing, updated
from storage.models import user_pk
from storage.repository import Item, ItemRepository

UNDO_PREFIX = "UNDO#"
UNDO_LIFETIME_SECONDS = 30 * 24 * 3600
"""Undo records expire (store TTL ``expires_at``); an undo a month later is a deletion."""
_TIME_CEILING = 9_999_999_999


@dataclass(frozen=True)
class UndoEntry:
    """One logged item an undo record can remove."""

    undo_id: str
    index: int
    sk: str
    title: str | None
    timestamp: int


class Undoable(Protocol):
    """What an undo record keeps of a new item (a synced item or a log entry)."""

    @property
    def id(self) -> str: ...
    @property
    def sk(self) -> str: ...
    @property
    def title(self) -> str | None: ...
    @property
    def timestamp(self) -> int: ...


@dataclass(frozen=True)
class NewLog:
    """A log entry as an undo record keeps it."""

    id: str
    sk: str
    title: str | None
    timestamp: int


def _record_sk(undo_id: str) -> str:
    return UNDO_PREFIX + undo_id


def record_logged(
    repo: ItemRepository, user: str, logged: Sequence[Undoable], now: float
) -> str | None:
    """Remember the items one message added; return the undo id (``None`` if none added).

    ``now`` is epoch seconds to the microsecond: two logs in one second still stack in the
    order they were made."""
    if not logged:
        return None
    now_epoch = int(now)
    inverted = _TIME_CEILING * 1_000_000 - round(now * 1_000_000)
    undo_id = f"{inverted:016d}#{secrets.token_hex(3)}"
    entries = [
        {"sk": item.sk, "timestamp": item.timestamp, "title": item.title or item.id, "version": 1}
        for item in logged
    ]
    repo.put(
        {
            "pk": user_pk(user),
            "sk": _record_sk(undo_id),
            "user": user,
            "entries": entries,
            "expires_at": now_epoch + UNDO_LIFETIME_SECONDS,
            "version": 1,
        }
    )
    return undo_id


def _entries(record: Item) -> list[dict[str, Any]]:
    return [e for e in record.get("entries", []) if not e.get("undone")]


def latest_entry(repo: ItemRepository, user: str, now_epoch: int) -> UndoEntry | None:
    """The most recently logged item that can still be undone (still there, unchanged)."""
    for record in repo.query_prefix(user_pk(user), UNDO_PREFIX):
        if int(record.get("expires_at", 0)) <= now_epoch:
            continue
        undo_id = str(record["sk"])[len(UNDO_PREFIX) :]
        for index in reversed(range(len(record.get("entries", [])))):
            entry = record["entries"][index]
            if not entry.get("undone") and _unchanged(repo, user, entry) is not None:
                return UndoEntry(
                    undo_id, index, str(entry["sk"]), entry.get("title"), int(entry["timestamp"])
                )
    return None


def _unchanged(repo: ItemRepository, user: str, entry: dict[str, Any]) -> Item | None:
    """The recorded item as stored, if it is still the one recorded (same timestamp)."""
    item = repo.get(user_pk(user), str(entry["sk"]))
    if item is None or item.get("timestamp") != entry["timestamp"]:
        return None
    return item


def find_entry(repo: ItemRepository, user: str, undo_id: str, index: int) -> UndoEntry | None:
    """One recorded item of ``user`` (``None`` if unknown, already undone, or not theirs)."""
    record = repo.get(user_pk(user), _record_sk(undo_id))
    if record is None or not 0 <= index < len(record.get("entries", [])):
        return None
    entry = record["entries"][index]
    if entry.get("undone"):
        return None
    return UndoEntry(undo_id, index, str(entry["sk"]), entry.get("title"), int(entry["timestamp"]))


def undo_entry(repo: ItemRepository, user: str, undo_id: str, index: int, *,
               zone: ZoneInfo) -> UndoEntry | None:
    """Delete one recorded item if it is unchanged; return it, or ``None`` if nothing to undo
    (an item deleted, or deleted and logged again, since: its mark is set, nothing removed).
    The deletion and the record's "undone" mark are one write (``kept.writing``)."""
    pk = user_pk(user)
    for _ in range(3):
        record = repo.get(pk, _record_sk(undo_id))
        if record is None or not 0 <= index < len(record.get("entries", [])):
            return None
        entry = dict(record["entries"][index])
        if entry.get("undone"):
            return None
        entries = [dict(e) for e in record["entries"]]
        entries[index]["undone"] = True
        item = _unchanged(repo, user, entry)
        try:
            with Writing(repo, user, zone) as writing:
                if item is not None:
                    writing.remove(item)
                writing.put(updated(record, {"entries": entries}),
                            expected_version=int(record["version"]))
        except Conflicted:
            # The item, or another button of the same message, changed meanwhile: re-read.
            continue
        if item is None:
            return None  # gone already: saying "Removed" would claim what did not happen
        return UndoEntry(
            undo_id, index, str(entry["sk"]), entry.get("title"), int(entry["timestamp"])
        )
    return None


def undo_all(repo: ItemRepository, user: str, undo_id: str, *,
             zone: ZoneInfo) -> list[UndoEntry]:
    """Undo every item one record lists that is not undone yet, each as ``undo_entry`` does
    (a message of many links has fewer Undo buttons than logs)."""
    record = repo.get(user_pk(user), _record_sk(undo_id))
    listed = len(record.get("entries", [])) if record is not None else 0
    undone = (undo_entry(repo, user, undo_id, index, zone=zone) for index in range(listed))
    return [entry for entry in undone if entry is not None]
