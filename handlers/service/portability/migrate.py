"""Moving a whole deployment between stores (SQLite, DynamoDB), for the command line (store I/O)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from storage import migrate as copier
from storage.migrate import CopyProgress
from storage.url import StoreMissing, default_sqlite_path, open_repository


@dataclass(frozen=True)
class Migration:
    """What a migration did, and what still differs between the stores (empty: complete)."""

    copied: int
    created: int
    differences: list[str]


def checkpoint_path(source_url: str, target_url: str) -> Path:
    """Where a copy between these two stores records how far it got (beside the default store)."""
    pair = hashlib.sha256(f"{source_url}\n{target_url}".encode()).hexdigest()[:16]
    return default_sqlite_path().parent / f"migrate-{pair}.json"


def migrate(
    source_url: str,
    target_url: str,
    *,
    checkpoint: Path | None = None,
    on_batch: Callable[[CopyProgress], None] | None = None,
) -> Migration:
    """Copy every item of ``source_url`` into ``target_url`` (resuming), then compare counts."""
    if source_url == target_url:
        raise ValueError("--from and --to name the same store.")
    try:
        # The source is read, never made: a typo in its name must not copy an empty store.
        source = open_repository(source_url, existing=True)
    except StoreMissing as error:
        raise ValueError(f"--from names a store that does not exist: {error}.") from None
    target = open_repository(target_url)
    try:
        path = checkpoint or checkpoint_path(source_url, target_url)
        progress = copier.copy_all(source, target, path, on_batch)
        return Migration(progress.copied, progress.created, copier.differences(source, target))
    finally:
        for store in (source, target):
            close = getattr(store, "close", None)
            if callable(close):
                close()
