"""The time index of a user's history: one reference per entry carrying its copy (store I/O).

Entries live under their kind's own sort-key prefix (episodes, movies, videos, Spotify
episodes, logs), so no single prefix lists them by time. Each entry therefore has a
reference item ``HISTORY#<inverted timestamp>#<inverted creation ms>#<entry sk>``:
ascending sort-key order is newest first (and, for logs at the same moment — several
backdated to one day's noon — the one logged last first). A reference carries a copy of
the entry as the history shows it (with its show, channel or podcast fields), so a page
of history is one read of one page of references.

The copy must never lie, and a crash may stop any writer between two writes. So a
reference is trusted only once *sealed*: every write stages the reference unsealed before
it touches the entry (or a record the copy depends on) and seals it with the new copy
after. Readers check each unsealed reference against its entry: they show the entry as
stored, and remove references whose entry is gone, was never created or has moved in
time. A copy made while its show, channel or podcast record did not exist names that
record (``related``) and is checked the same way, so the record's later arrival shows.

Users whose index predates the copies (or who never had one) get it built once, on their
first history read; the marker's number is the index format.
"""

from __future__ import annotations

import contextlib
import secrets
import weakref
from collections.abc import Callable, Iterable, Sequence

from handlers.service.history_entries import entry_fields, related_sk
from handlers.service.log_ids import created_ms
from storage.models import (
    HISTORY_PREFIXES,
    LogEntry,
    Show,
    SpotifyShow,
    YouTubeChannel,
    user_pk,
)
from storage.repository import Item, ItemRepository, VersionConflict

PREFIX = "HISTORY#"
MARKER_SK = "HISTORYINDEX#3"
"""Present once the index holds a sealed copy of every entry (built or kept from the start).
The number is the index format's: a new format builds the index again (format 2 had no
copies; its references read as unsealed until the rebuild overwrites them)."""
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
    """A version no other write of a reference gives it: a reader repairs a reference only
    if it is unchanged since it was read (``repair``, ``discard``)."""
    return secrets.randbits(52) + 2


def _put_all(repo: ItemRepository, items: Sequence[Item]) -> None:
    """Write references unconditionally; of two for one key (one entry twice) the last wins."""
    repo.write_many(list({(item["pk"], item["sk"]): item for item in items}.values()))


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


def discard(repo: ItemRepository, reference: Item) -> None:
    """Remove a reference found stale, unless a writer has rewritten it since it was read."""
    with contextlib.suppress(VersionConflict):
        repo.delete(reference["pk"], reference["sk"], expected_version=int(reference["version"]))


def repair(repo: ItemRepository, user: str, reference: Item, item: Item, record: Item) -> None:
    """Complete a sealed copy made before its show/channel/podcast ``record`` existed.

    Only sealed references: a writer unseals (rewrites) a reference before it changes the
    entry, so an unchanged sealed reference still copies the entry ``item`` as read.
    """
    if not reference.get(SEALED) or reference.get(MISSING_RECORD) != record["sk"]:
        return
    changes = {COPY: entry_fields(item, record), MISSING_RECORD: None}
    with contextlib.suppress(VersionConflict):
        repo.update(reference["pk"], reference["sk"], changes, int(reference["version"]))


def _copies(user: str, items: Iterable[Item], related: dict[str, Item], sealed: bool) -> list[Item]:
    return [copied_reference(user, i, related.get(related_sk(i) or ""), sealed) for i in items]


def create_entries(
    repo: ItemRepository,
    user: str,
    items: Sequence[Item],
    write: Callable[[], Keys],
    incoming: Iterable[Item] = (),
) -> Keys:
    """Create entries by ``write`` (which answers the keys it created) with their references.

    References are staged without a copy (readers check such a reference against its
    entry); one already there is left alone: it belongs to an entry stored with the same
    key and moment, which ``write`` will not replace.
    """
    # Of items sharing a key only the first is created (``put_many_if_absent``): copy that one.
    first = {(i["pk"], i["sk"]): i for i in reversed(items) if is_entry(str(i["sk"]))}
    entries = list(reversed(first.values()))
    if entries:
        repo.put_many_if_absent([_of(user, entry) for entry in entries])
    created = write()
    made = [entry for entry in entries if (entry["pk"], entry["sk"]) in created]
    if made:
        related = related_records(repo, user, made, incoming)
        _put_all(repo, _copies(user, made, related, sealed=True))
    return created


def create_items(repo: ItemRepository, user: str, items: Sequence[Item]) -> Keys:
    """Create items that are absent (entries and the records they name) with the index kept."""
    return create_entries(repo, user, items, lambda: repo.put_many_if_absent(items), items)


def change_entry(
    repo: ItemRepository, user: str, item: Item, timestamp: int, write: Callable[[], Item]
) -> Item:
    """Change a stored entry by ``write`` (which answers it as now stored; ``timestamp`` is
    its new moment), moving and re-copying its reference. A failing ``write`` leaves the
    references of both moments for readers to check."""
    before = _of(user, item)
    after = reference_item(user, timestamp, str(item["sk"]))
    _put_all(repo, [before, after])
    stored = write()
    related = related_records(repo, user, [stored])
    sealed = copied_reference(user, stored, related.get(related_sk(stored) or ""), sealed=True)
    repo.put(sealed)
    if sealed["sk"] != before["sk"]:
        repo.delete(user_pk(user), before["sk"])
    return stored


def unseal(repo: ItemRepository, user: str, items: Iterable[Item]) -> None:
    """Make readers check these entries' references (before their entries change or go)."""
    references = [_of(user, item) for item in items if is_entry(str(item["sk"]))]
    if references:
        _put_all(repo, references)


def delete_entry(
    repo: ItemRepository, user: str, item: Item, expected_version: int | None = None
) -> bool:
    """Delete a stored entry and its reference; whether the entry existed."""
    unseal(repo, user, [item])
    existed = repo.delete(user_pk(user), str(item["sk"]), expected_version=expected_version)
    remove_reference(repo, user, item)
    return existed


def remove_reference(repo: ItemRepository, user: str, item: Item) -> None:
    """Drop the reference of an entry already gone (left unsealed by ``unseal``)."""
    repo.delete(user_pk(user), _of(user, item)["sk"])


def recopy(
    repo: ItemRepository, user: str, find: Callable[[], list[Item]], write: Callable[[], Item]
) -> Item:
    """Change a show/channel/podcast record by ``write``, re-copying the entries ``find``
    lists (those whose copies show it); answers the record as now stored."""
    unseal(repo, user, find())
    record = write()
    # Found again after the write: entries created meanwhile may hold the old record's copy.
    entries = find()
    if entries:
        _put_all(repo, _copies(user, entries, {str(record["sk"]): record}, sealed=True))
    return record


_KNOWN_BUILT: weakref.WeakKeyDictionary[ItemRepository, set[str]] = weakref.WeakKeyDictionary()
"""Per store, the users whose index this process has seen complete: a built index stays."""
_KNOWN_LIMIT = 10_000
_BUILD_BATCH = 500


def mark_built(repo: ItemRepository, user: str) -> None:
    """Record that the user's index is complete (every entry was written by this module)."""
    repo.put_if_absent({"pk": user_pk(user), "sk": MARKER_SK, "user": user, "version": 1})


def ensure_index(repo: ItemRepository, user: str) -> None:
    """Build the index from the user's entries if it was never built (one full read)."""
    pk = user_pk(user)
    known = _KNOWN_BUILT.setdefault(repo, set())
    if user in known:
        return
    if repo.get(pk, MARKER_SK) is None:
        related = {
            str(r["sk"]): r for prefix in RELATED_PREFIXES for r in repo.query_prefix(pk, prefix)
        }
        for prefix in HISTORY_PREFIXES:
            batch: list[Item] = []
            for item in repo.query_prefix(pk, prefix):
                batch.append(item)
                if len(batch) == _BUILD_BATCH:
                    _put_all(repo, _copies(user, batch, related, sealed=True))
                    batch.clear()
            _put_all(repo, _copies(user, batch, related, sealed=True))
        mark_built(repo, user)
    if len(known) >= _KNOWN_LIMIT:
        known.clear()  # a cold cache only costs one read per user again
    known.add(user)
