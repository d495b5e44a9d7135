"""Rebuilding and verifying a user's kept items against their entries (store I/O).

``rebuild`` stores what ``derive`` gives and deletes kept items it does not give; it reads
every entry of one user, so it is for upgrades and repairs, never a request's path.
Run on a store no one writes to (or run it again): a write racing it may be undone.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from handlers.service.core.bulk import no_full_collections
from handlers.service.kept import journal
from handlers.service.kept.compare import Difference, differences, normal
from handlers.service.kept.contributions import TOTALS_SK, WRITES
from handlers.service.kept.derive import DERIVED_PREFIXES, HISTORY_PREFIX, derive, total_item
from handlers.service.kept.kinds import ENTRY_PREFIXES, RECORD_PREFIXES
from handlers.service.logbook import history_index
from handlers.service.progress.day_totals import writes
from storage.models import user_pk
from storage.repository import Item, ItemRepository

_USER_PREFIX = "USER#"
LEGACY_SUMMARY_SK = "PROGRESSSUMMARY"
"""What ``/progress`` once kept, rebuilt when read; the kept day totals replace it."""
_WRITE_BATCH = 100


@dataclass(frozen=True)
class Sources:
    """A user's source items the kept items are derived from."""

    entries: list[Item]
    records: dict[str, Item]


def sources(repo: ItemRepository, user: str) -> Sources:
    """Every entry of ``user`` and the records that name them."""
    pk = user_pk(user)
    entries = [item for prefix in ENTRY_PREFIXES for item in repo.query_prefix(pk, prefix)]
    records = {str(item["sk"]): item
               for prefix in RECORD_PREFIXES for item in repo.query_prefix(pk, prefix)}
    return Sources(entries, records)


def stored(repo: ItemRepository, user: str) -> dict[str, Item]:
    """Every kept item of ``user`` as stored, by sort key."""
    pk = user_pk(user)
    return {str(item["sk"]): item
            for prefix in DERIVED_PREFIXES for item in repo.query_prefix(pk, prefix)}


def derived(repo: ItemRepository, user: str, zone: ZoneInfo) -> dict[str, Item]:
    """Every kept item of ``user`` as their entries give it."""
    found = sources(repo, user)
    return derive(user, found.entries, found.records, zone)


@no_full_collections()  # the whole partition in memory, twice: no cycles to find
def verify(repo: ItemRepository, user: str, zone: ZoneInfo) -> list[Difference]:
    """Each difference between ``user``'s kept items and what their entries give."""
    return differences(user, stored(repo, user), derived(repo, user, zone))


@no_full_collections()
def rebuild(repo: ItemRepository, user: str, zone: ZoneInfo) -> int:
    """Make ``user``'s kept items what their entries give, once a change a crash left
    journaled is finished; answers how many items it wrote or deleted (0 when they
    already were)."""
    journal.resume(repo, user_pk(user))
    have, want = stored(repo, user), derived(repo, user, zone)
    puts = [_versioned(item) for sk, item in want.items()
            if normal(have.get(sk)) != normal(item)]
    # ``writes`` is no sum of the entries: kept, never reset (a day summary built on a
    # count seen again would pass for fresh), so TOTALS holding it is never deleted.
    count = writes(have.get(TOTALS_SK))
    deletes = [(user_pk(user), sk) for sk in have if normal(want.get(sk)) is None
               and not (sk == TOTALS_SK and count)]
    changed = len(puts) + len(deletes)
    if changed:
        # Moved on too: a day summary built from the kept items as they were is not fresh.
        totals = {**(want.get(TOTALS_SK) or total_item(user, TOTALS_SK, {})), WRITES: count + 1}
        puts = [item for item in puts if item["sk"] != TOTALS_SK] + [totals]
    for start in range(0, len(puts), _WRITE_BATCH):
        repo.write_many(puts[start:start + _WRITE_BATCH])
    for start in range(0, len(deletes), _WRITE_BATCH):
        repo.write_many([], deletes[start:start + _WRITE_BATCH])
    repo.delete(user_pk(user), LEGACY_SUMMARY_SK)
    return changed


def _versioned(item: Item) -> Item:
    if str(item["sk"]).startswith(HISTORY_PREFIX):
        return {**item, "version": history_index.fresh_version()}
    return item


def partition_users(repo: ItemRepository) -> Iterator[str]:
    """Every user who has a partition, in order (one scan of the whole store)."""
    seen: set[str] = set()
    for item in repo.scan():
        pk = str(item["pk"])
        if pk.startswith(_USER_PREFIX) and pk not in seen:
            seen.add(pk)
    return iter(sorted(pk.removeprefix(_USER_PREFIX) for pk in seen))
