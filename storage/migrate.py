"""Copying every item of one store into another, resumably, and checking the copy (does I/O).

The copy walks the source with ``scan`` and writes transaction-sized batches with
``put_many_if_absent``: a batch is written whole or not at all, an item already in the
target is never overwritten, and a second run adds nothing. After each batch the key of
its last item goes to a checkpoint file, so a killed copy resumes after it (the source
must not change meanwhile: stop the writers first). A checkpoint whose last key is not
in the target (the target was deleted or replaced since) is stale: the copy starts over.

The check afterwards compares, per partition and kind, the count and a digest of the
items' contents, so an item that differs (one left in the target from before) is found
as surely as a missing one.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storage.repository import Item, ItemRepository

BATCH = 100
"""Items per write: DynamoDB's limit for one transaction."""


@dataclass
class CopyProgress:
    copied: int
    """Items read from the source so far (this run and the runs it resumes)."""
    created: int
    """Items this run created in the target (existing ones are left alone)."""


def kind_of(sk: str) -> str:
    """The kind of an item, for counting: its sort key up to the first ``#``."""
    return sk.split("#", 1)[0]


def copy_all(
    source: ItemRepository,
    target: ItemRepository,
    checkpoint: Path,
    on_batch: Callable[[CopyProgress], None] | None = None,
) -> CopyProgress:
    """Copy every item, resuming after the checkpoint's key; the checkpoint goes at the end."""
    after, copied = _read_checkpoint(checkpoint)
    if after is not None and target.get(*after) is None:
        # Not the target the checkpoint was written against: resuming would skip
        # everything before its key.
        after, copied = None, 0
    progress = CopyProgress(copied, 0)
    items = source.scan(start_after=after)
    while batch := list(itertools.islice(items, BATCH)):
        progress.created += len(target.put_many_if_absent(batch))
        progress.copied += len(batch)
        _write_checkpoint(checkpoint, (batch[-1]["pk"], batch[-1]["sk"]), progress.copied)
        if on_batch is not None:
            on_batch(progress)
    checkpoint.unlink(missing_ok=True)
    return progress


def _read_checkpoint(path: Path) -> tuple[tuple[str, str] | None, int]:
    if not path.exists():
        return None, 0
    saved = json.loads(path.read_text(encoding="utf-8"))
    return (str(saved["pk"]), str(saved["sk"])), int(saved["copied"])


def _write_checkpoint(path: Path, key: tuple[str, str], copied: int) -> None:
    # Replace, never rewrite in place: a kill mid-write must leave the old checkpoint whole.
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(path.suffix + ".partial")
    partial.write_text(json.dumps({"pk": key[0], "sk": key[1], "copied": copied}), "utf-8")
    os.replace(partial, path)


_DIGEST_MODULUS = 2**256


def _plain(value: Any) -> Any:
    """``value`` as every store reads it back: integral floats as ints (DynamoDB's numbers
    are decimals), sets as sorted lists, bytes as hex."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {str(key): _plain(inner) for key, inner in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(inner) for inner in value]
    if isinstance(value, set | frozenset):
        return sorted((_plain(inner) for inner in value), key=repr)
    if isinstance(value, bytes | bytearray):
        return bytes(value).hex()
    return value


def item_digest(item: Item) -> int:
    """A digest of the item's whole content, equal for equal items read from any store."""
    text = json.dumps(_plain(item), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return int.from_bytes(hashlib.sha256(text.encode()).digest(), "big")


def contents(store: ItemRepository) -> dict[tuple[str, str], tuple[int, int]]:
    """Per partition and kind: how many items, and a digest of them all in any order (the
    sum of the items' digests)."""
    found: dict[tuple[str, str], tuple[int, int]] = {}
    for item in store.scan():
        key = (str(item["pk"]), kind_of(str(item["sk"])))
        count, digest = found.get(key, (0, 0))
        found[key] = (count + 1, (digest + item_digest(item)) % _DIGEST_MODULUS)
    return found


def differences(source: ItemRepository, target: ItemRepository) -> list[str]:
    """One line per partition and kind whose items differ in number or in content (empty:
    the copy is complete and equal)."""
    want, have = contents(source), contents(target)
    lines = []
    for key in sorted(set(want) | set(have)):
        (wanted, want_digest), (had, have_digest) = want.get(key, (0, 0)), have.get(key, (0, 0))
        pk, kind = key
        if wanted != had:
            lines.append(f"{pk} {kind}: {wanted} in the source, {had} in the target")
        elif want_digest != have_digest:
            lines.append(f"{pk} {kind}: {wanted} in each store, but their contents differ")
    return lines
