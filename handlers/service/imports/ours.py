"""Our own JSON Lines export: every item as stored, recreated under the importing user (no I/O)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from handlers.service.imports.rows import RowError, StoredRow
from handlers.service.kept.derive import DERIVED_PREFIXES
from storage.models import user_pk

NOT_CARRIED = (
    "TELEGRAMLINK#", "TELEGRAMCODE#", "DIGEST#", "IMPORT#", "IMPORTED#",
    "HISTORYINDEX#", "DAYTOTALS", "PROGRESSSUMMARY", *DERIVED_PREFIXES,
)
"""Items tied to the exporting account (Telegram links, the digest's schedule), to its own
imports, or derived from its entries (the kept items, ``kept.derive``: the history index,
which the import writes afresh for the entries it creates, and the totals; the summaries,
built again from the entries); never recreated from a file."""


def read(lines: Iterable[str], user: str) -> Iterator[StoredRow | RowError]:
    """Each item moved into ``user``'s partition; lines that are not items are reported."""
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            item = json.loads(text)
        except ValueError:
            yield RowError(number, "the line is not JSON.")
            continue
        if not isinstance(item, dict) or not isinstance(item.get("sk"), str):
            yield RowError(number, "the line is not an item with a sort key (sk).")
            continue
        if not str(item.get("pk", "")).startswith("USER#"):
            yield RowError(number, "pk: the item does not belong to a user.")
            continue
        if item["sk"].startswith(NOT_CARRIED):
            continue
        item["pk"] = user_pk(user)
        if "user" in item:
            item["user"] = user
        yield StoredRow(number, item)
