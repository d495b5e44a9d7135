"""The time index of a user's history: one small item per entry, newest first (store I/O).

Entries live under their kind's own sort-key prefix (episodes, movies, videos, Spotify
episodes, logs), so no single prefix lists them by time. Each entry therefore has a
reference item ``HISTORY#<inverted timestamp>#<inverted creation ms>#<entry sk>``:
ascending sort-key order is newest first (and, for logs at the same moment — several
backdated to one day's noon — the one logged last first), and a page of history reads
one page of references plus the entries they name, never the whole history.

Writes put the reference before the entry and delete the entry before its reference, so a
crash leaves at worst a stale reference: one whose entry is gone, was never created (a
sync that found the item already there), or now has another timestamp. Readers skip and
remove stale references. Users whose entries predate the index get it built once, on
their first history read.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable

from handlers.service.log_ids import created_ms
from storage.models import HISTORY_PREFIXES, LogEntry, user_pk
from storage.repository import Item, ItemRepository

PREFIX = "HISTORY#"
MARKER_SK = "HISTORYINDEX#2"
"""Present once the index holds every entry of the user (built or kept from the start).
The number is the key format's: a new format builds the index again, and readers drop the
references of the old one as stale."""
_LATEST = 10**11 - 1
"""Timestamps are inverted against this (year 5138) so that newer sorts first."""
_LATEST_MS = 10**13 - 1


def _created_ms(entry_sk: str) -> int:
    """When a log was written (its id's milliseconds); 0 for other kinds."""
    if not entry_sk.startswith(LogEntry.SK_PREFIX):
        return 0
    return min(created_ms(entry_sk[len(LogEntry.SK_PREFIX) :]), _LATEST_MS)


def reference_sk(timestamp: int, entry_sk: str) -> str:
    """The sort key of an entry's reference: newer entries sort first."""
    moment = _LATEST - max(0, min(timestamp, _LATEST))
    return f"{PREFIX}{moment:011d}#{_LATEST_MS - _created_ms(entry_sk):013d}#{entry_sk}"


def first_sk_at_or_before(timestamp: int) -> str:
    """The smallest reference key whose entry is at or before ``timestamp``."""
    return f"{PREFIX}{_LATEST - max(0, min(timestamp, _LATEST)):011d}#"


def timestamp_of(reference: str) -> int:
    """The entry timestamp a reference key encodes."""
    return _LATEST - int(reference[len(PREFIX) : len(PREFIX) + 11])


def reference_item(user: str, timestamp: int, entry_sk: str) -> Item:
    return {
        "pk": user_pk(user),
        "sk": reference_sk(timestamp, entry_sk),
        "user": user,
        "ref": entry_sk,
        "version": 1,
    }


def is_entry(sk: str) -> bool:
    """Whether an item with this sort key is one entry of the history."""
    return sk.startswith(HISTORY_PREFIXES)


def add_references(repo: ItemRepository, user: str, entries: Iterable[Item]) -> None:
    """Index entries about to be written (call before writing them)."""
    references = [
        reference_item(user, int(entry["timestamp"]), str(entry["sk"]))
        for entry in entries
        if is_entry(entry["sk"])
    ]
    if references:
        repo.put_many_if_absent(references)


def remove_reference(repo: ItemRepository, user: str, timestamp: int, entry_sk: str) -> None:
    """Drop an entry's reference (call after the entry itself is gone or moved)."""
    repo.delete(user_pk(user), reference_sk(timestamp, entry_sk))


_KNOWN_BUILT: weakref.WeakKeyDictionary[ItemRepository, set[str]] = weakref.WeakKeyDictionary()
"""Per store, the users whose index this process has seen complete: a built index stays."""
_KNOWN_LIMIT = 10_000


def ensure_index(repo: ItemRepository, user: str) -> None:
    """Build the index from the user's entries if it was never built (one full read)."""
    pk = user_pk(user)
    known = _KNOWN_BUILT.setdefault(repo, set())
    if user in known:
        return
    if repo.get(pk, MARKER_SK) is not None:
        _remember(known, user)
        return
    for prefix in HISTORY_PREFIXES:
        batch: list[Item] = []
        for item in repo.query_prefix(pk, prefix):
            batch.append(item)
            if len(batch) == 500:
                add_references(repo, user, batch)
                batch.clear()
        add_references(repo, user, batch)
    repo.put_if_absent({"pk": pk, "sk": MARKER_SK, "user": user, "version": 1})
    _remember(known, user)


def _remember(known: set[str], user: str) -> None:
    if len(known) >= _KNOWN_LIMIT:
        known.clear()  # a cold cache only costs one read per user again
    known.add(user)

