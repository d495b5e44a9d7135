"""Our own JSON Lines export: the user's record, checked item by item, recreated under the
importing user (no I/O)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from handlers.service.portability import source_items
from handlers.service.portability.imports.rows import RowError, StoredRow
from storage.models import user_pk


def read(lines: Iterable[str], user: str, now: int) -> Iterator[StoredRow | RowError]:
    """Each item of the record moved into ``user``'s partition, once it meets the rules a
    log or a sync of it meets (a file is not trusted); bookkeeping an older export carried
    (history references, summaries, Telegram links, import lists) is passed over, for the
    import builds its own; other lines are reported."""
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            item = json.loads(text)
        except (ValueError, RecursionError):  # not JSON, or nested too deep to read
            yield RowError(number, "the line is not JSON.")
            continue
        if not isinstance(item, dict) or not isinstance(item.get("sk"), str):
            yield RowError(number, "the line is not an item with a sort key (sk).")
            continue
        if not str(item.get("pk", "")).startswith("USER#"):
            yield RowError(number, "pk: the item does not belong to a user.")
            continue
        if not source_items.is_source(item["sk"]):
            continue
        item["pk"], item["user"] = user_pk(user), user
        try:
            yield StoredRow(number, source_items.checked(item, now))
        except ValueError as error:
            yield RowError(number, str(error))
