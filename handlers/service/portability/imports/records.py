"""The bookkeeping of imports: what each one added, so that it can be undone exactly (store I/O).

``IMPORT#<id>`` summarises an import; ``IMPORTED#<id>#<batch>[-<part>]`` list the keys one
batch actually created (written right after the batch), so undoing never touches an item that
was there before. A kill between a batch and its list leaves imported logs unlisted;
undo also finds those by their ``source``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

from handlers.service.core.errors import NotFound, quoted
from handlers.service.core.sound_items import has_moment, is_sound
from handlers.service.kept import journal
from handlers.service.kept.kinds import is_entry, is_record
from handlers.service.kept.writing import Conflicted, Writing
from handlers.service.logbook.history_index import reference_sk
from handlers.service.portability.imports.readers import writes
from storage.models import LogEntry, user_pk
from storage.repository import ItemRepository

RECORD_PREFIX = "IMPORT#"
KEYS_PREFIX = "IMPORTED#"
_BATCH = 100
KEYS_PER_LIST = 1_000
"""Keys per ``IMPORTED#`` item: at most about 1 KB each, within DynamoDB's item limit."""


def source_of(format_name: str, import_id: str) -> str:
    return f"import:{format_name}:{import_id}"


def save_summary(repo: ItemRepository, user: str, import_id: str, summary: dict[str, Any]) -> None:
    repo.put(
        {"pk": user_pk(user), "sk": RECORD_PREFIX + import_id, "user": user, "version": 1,
         "import_id": import_id, **{k: v for k, v in summary.items() if v is not None}}
    )


def save_keys(repo: ItemRepository, user: str, import_id: str, batch: int, keys: list[str]) -> None:
    """List the keys a batch created, :data:`KEYS_PER_LIST` to an item (all in one write)."""
    # A batch holds more keys than one item should carry (400 KB on DynamoDB, long sort
    # keys from our own exports): the parts after the first get a suffix of their own.
    lists = [
        {"pk": user_pk(user), "sk": f"{KEYS_PREFIX}{import_id}#{batch:07d}"
         + (f"-{part:03d}" if part else ""), "user": user,
         "keys": keys[start : start + KEYS_PER_LIST], "version": 1}
        for part, start in enumerate(range(0, len(keys), KEYS_PER_LIST))
    ]
    if len(lists) == 1:
        repo.put(lists[0])
    elif lists:
        repo.write_many(lists)


def undo(repo: ItemRepository, user: str, import_id: str, zone: ZoneInfo) -> int:
    """Remove every item the import created (with the kept items it moved); how many."""
    return undo_counts(repo, user, import_id, zone)[0]


def undo_counts(repo: ItemRepository, user: str, import_id: str,
                zone: ZoneInfo) -> tuple[int, int]:
    """``undo``, answering (items removed, day entries given back what the import replaced)."""
    pk = user_pk(user)
    if repo.get(pk, RECORD_PREFIX + import_id) is None:
        raise NotFound(f"There is no import {quoted(import_id)}.")
    # A change a crash interrupted (an earlier undo's, say) is finished first, whole: what
    # is read next is then what it left, not what it had yet to change.
    journal.resume(repo, pk)
    # Day entries a reader import replaced get their figures back before its own go.
    restored = writes.restore(repo, user, import_id, zone)
    lists = list(repo.query_prefix(pk, f"{KEYS_PREFIX}{import_id}#"))
    listed = [str(sk) for record in lists for sk in record["keys"]]
    unlisted = [
        str(item["sk"])
        for item in repo.query_prefix(pk, LogEntry.SK_PREFIX)
        if str(item.get("source", "")).endswith(f":{import_id}")
    ]
    removed = _remove(repo, user, zone, dict.fromkeys([*listed, *unlisted]))
    for record in lists:
        repo.delete(pk, record["sk"])
    repo.delete(pk, RECORD_PREFIX + import_id)
    return removed, restored


def _remove(repo: ItemRepository, user: str, zone: ZoneInfo, sks: Iterable[str]) -> int:
    pk = user_pk(user)
    ordered = list(sks)
    removed = 0
    for start in range(0, len(ordered), _BATCH):
        for _ in range(3):  # an entry changed meanwhile: read the batch again
            found = repo.get_many(pk, ordered[start : start + _BATCH])
            try:
                with Writing(repo, user, zone) as writing:
                    for sk, item in found.items():
                        if is_entry(sk) and is_sound(item):
                            writing.remove(item)
                            continue
                        if is_record(sk):  # the entries left naming it follow
                            writing.remove_record(item)
                            continue
                        # An entry no reader understands never counted in a kept total:
                        # it goes with its reference, where its moment can name it.
                        writing.delete(sk)
                        if is_entry(sk) and has_moment(item):
                            writing.delete(reference_sk(int(item["timestamp"]), sk))
            except Conflicted:
                continue
            removed += len(found)
            break
    return removed
