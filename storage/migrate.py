"""Copying every item of one store into another, resumably, and checking the copy (does I/O).

The copy walks the source with ``scan`` and writes transaction-sized batches with
``put_many_if_absent``: a batch is written whole or not at all, an item already in the
target is never overwritten, and a second run adds nothing. After each batch the key of
its last item goes to a checkpoint file, so a killed copy resumes after it (the source
must not change meanwhile: stop the writers first).
"""

from __future__ import annotations

import itertools
import json
import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from storage.repository import ItemRepository

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


def counts(store: ItemRepository) -> Counter[tuple[str, str]]:
    """How many items each partition holds of each kind."""
    return Counter((str(item["pk"]), kind_of(str(item["sk"]))) for item in store.scan())


def differences(source: ItemRepository, target: ItemRepository) -> list[str]:
    """One line per partition and kind whose counts differ (empty: the copy is complete)."""
    want, have = counts(source), counts(target)
    return [
        f"{pk} {kind}: {want[(pk, kind)]} in the source, {have[(pk, kind)]} in the target"
        for pk, kind in sorted(set(want) | set(have))
        if want[(pk, kind)] != have[(pk, kind)]
    ]
