"""The time index of a user's history: reference keys and copies (pure; ``related_records`` reads).

Entries live under their kind's own sort-key prefix (episodes, movies, videos, Spotify
episodes, logs), so no single prefix lists them by time. Each entry therefore has a
reference item ``HISTORY#<inverted timestamp>#<inverted creation ms>#<entry sk>``:
ascending sort-key order is newest first (and, for logs at the same moment — several
backdated to one day's noon — the one logged last first). A reference carries a copy of
the entry as the history shows it (with its show, channel or podcast fields), so a page
of history is one read of one page of references.

References are kept items (``kept``): the unit of work writes each in its entry's own
transaction, sealed, with its copy. A copy made while its show, channel or podcast record
did not exist names that record (``related``); the record's arrival copies it again.
Readers still check a reference that is not sealed (only an older version's interrupted
writes left such) against its entry, without writing; ``rebuild`` seals them all.
"""

from __future__ import annotations

import random
from collections.abc import Iterable

from handlers.service.core.log_ids import created_ms
from handlers.service.logbook.history_entries import entry_fields, related_sk
from storage.models import (
    HISTORY_PREFIXES,
    LogEntry,
    Show,
    SpotifyShow,
    YouTubeChannel,
    user_pk,
)
from storage.repository import Item, ItemRepository

PREFIX = "HISTORY#"
SEALED = "sealed"
COPY = "entry"
MISSING_RECORD = "related"
RELATED_PREFIXES = (Show.SK_PREFIX, YouTubeChannel.SK_PREFIX, SpotifyShow.SK_PREFIX)
_LATEST = 10**11 - 1
"""Timestamps are inverted against this (year 5138) so that newer sorts first."""
_LATEST_MS = 10**13 - 1
Keys = set[tuple[str, str]]


def _created_ms(entry_sk: str) -> int:
    """When a log was written (its id's milliseconds); 0 for other kinds."""
    if not entry_sk.startswith(LogEntry.SK_PREFIX):
        return 0
    return min(created_ms(entry_sk[len(LogEntry.SK_PREFIX) :]), _LATEST_MS)


def reference_sk(timestamp: int, entry_sk: str) -> str:
    """The sort key of an entry's reference: newer entries sort first."""
    moment = _LATEST - max(0, min(timestamp, _LATEST))
    return f"{PREFIX}{moment:011d}#{_LATEST_MS - _created_ms(entry_sk):013d}#{entry_sk}"


def widest_reference_sk(entry_sk: str) -> str:
    """A reference key exactly as long as any of ``entry_sk``'s (its two numbers are of a
    fixed width): what a check of the key's length needs, no id decoded."""
    return f"{PREFIX}{0:011d}#{0:013d}#{entry_sk}"


def first_sk_at_or_before(timestamp: int) -> str:
    """The smallest reference key whose entry is at or before ``timestamp``."""
    return f"{PREFIX}{_LATEST - max(0, min(timestamp, _LATEST)):011d}#"


def timestamp_of(reference: str) -> int:
    """The entry timestamp a reference key encodes."""
    return _LATEST - int(reference[len(PREFIX) : len(PREFIX) + 11])


def reference_item(user: str, timestamp: int, entry_sk: str) -> Item:
    """An unsealed reference without a copy: readers check it against the entry."""
    return {
        "pk": user_pk(user),
        "sk": reference_sk(timestamp, entry_sk),
        "user": user,
        "ref": entry_sk,
        "version": fresh_version(),
    }


def fresh_version() -> int:
    """A fresh write token for a reference: no two writes share one."""
    # A token tells writes apart and guards nothing secret: the process's generator (seeded
    # from the system's, reseeded in a forked child) instead of a system call per reference.
    return random.getrandbits(52) + 2


def _of(user: str, item: Item) -> Item:
    return reference_item(user, int(item["timestamp"]), str(item["sk"]))


def copied_reference(user: str, item: Item, related: Item | None, sealed: bool) -> Item:
    """The reference of ``item`` with its copy (``related``: its show/channel/podcast)."""
    reference = {**_of(user, item), COPY: entry_fields(item, related)}
    wanted = related_sk(item)
    if wanted and related is None:
        reference[MISSING_RECORD] = wanted
    if sealed:
        reference[SEALED] = True
    return reference


def is_entry(sk: str) -> bool:
    """Whether an item with this sort key is one entry of the history."""
    return sk.startswith(HISTORY_PREFIXES)


def is_trusted(reference: Item) -> bool:
    """Whether a reference's copy is the entry as stored (else read the entry itself)."""
    return bool(reference.get(SEALED)) and MISSING_RECORD not in reference


def related_records(
    repo: ItemRepository, user: str, items: Iterable[Item], incoming: Iterable[Item] = ()
) -> dict[str, Item]:
    """The show/channel/podcast records ``items`` name: stored ones, else from ``incoming``
    (records written with them, which never replace a stored one)."""
    wanted = sorted({sk for item in items if (sk := related_sk(item))})
    found = repo.get_many(user_pk(user), wanted) if wanted else {}
    fresh = {str(r["sk"]): r for r in incoming if r["sk"] in wanted and r["sk"] not in found}
    return {**fresh, **found}
