"""The writes of an in-place import and of its undo, through the unit of work (store I/O).

Entries are created, changed and deleted only through ``kept.writing``, which keeps their
references and every kept total with them; what a change replaced is recorded before the
change, so an import stopped part-way still undoes.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from handlers.service.kept.creating import create_new
from handlers.service.kept.writing import Conflicted, Writing, updated
from handlers.service.portability.imports.readers.in_place import EDITED, before
from storage.models import user_pk
from storage.repository import Item, ItemRepository

KEYS_PREFIX = "IMPORTED#"
"""Shared with the import's own lists (``records``): undo deletes every such record."""
_PER_RECORD = 100


def create(repo: ItemRepository, user: str, zone: ZoneInfo, items: list[Item]) -> list[Item]:
    """Create the new entries; those actually created (a racing import may have one)."""
    keys = create_new(repo, user, zone, items)
    return [item for item in items if (item["pk"], item["sk"]) in keys]


def save_replaced(repo: ItemRepository, user: str, import_id: str, batch: int,
                  replaced: list[tuple[Item, dict[str, Any]]]) -> None:
    """Keep what each change replaces (written before the changes)."""
    for part, start in enumerate(range(0, len(replaced), _PER_RECORD)):
        chunk = replaced[start:start + _PER_RECORD]
        repo.put({
            "pk": user_pk(user), "sk": f"{KEYS_PREFIX}{import_id}#r{batch:07d}{part:03d}",
            "user": user, "version": 1, "keys": [],
            "replaced": [{"sk": old["sk"], "before": before(old, changes),
                          "source": changes["source"]} for old, changes in chunk],
        })


def change(repo: ItemRepository, user: str, zone: ZoneInfo, old: Item,
           changes: dict[str, Any]) -> bool:
    """Apply one change unless the entry changed since it was read (then it stays)."""
    try:
        with Writing(repo, user, zone) as writing:
            writing.change(old, updated(old, changes))
    except Conflicted:
        return False
    return True


def restore(repo: ItemRepository, user: str, import_id: str, zone: ZoneInfo) -> int:
    """Put back what an import replaced, where the entry still holds that import's figures
    (one edited or replaced by a later import since is left as it is); how many."""
    pk = user_pk(user)
    restored = 0
    for record in repo.query_prefix(pk, f"{KEYS_PREFIX}{import_id}#r"):
        changes = record.get("replaced") or []
        stored = repo.get_many(pk, [str(change["sk"]) for change in changes])
        for change_ in changes:
            item = stored.get(str(change_["sk"]))
            if item is None or item.get(EDITED) or item.get("source") != change_["source"]:
                continue
            if change(repo, user, zone, item, dict(change_["before"])):
                restored += 1
    return restored
