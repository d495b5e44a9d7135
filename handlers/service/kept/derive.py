"""Every kept item of a user, computed from their entries and records: the definition (pure).

``derive`` is what the kept items must equal after any write: ``rebuild`` stores it, the
unit of work keeps it by delta, ``rebuild --verify`` and the property tests compare with it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from zoneinfo import ZoneInfo

from handlers.service.kept.contributions import (
    DAY_PREFIX,
    MONTH_PREFIX,
    TOTALS_SK,
    WRITES,
    YEAR_PREFIX,
    Numbers,
    add_into,
    nonzero,
    numbers,
)
from handlers.service.kept.kinds import kind_of
from handlers.service.kept.movie_list import MOVIES_PREFIX, Fields, changed_fields, set_into
from handlers.service.logbook import history_index
from storage.models import user_pk
from storage.repository import Item

HISTORY_PREFIX = history_index.PREFIX
DERIVED_PREFIXES: tuple[str, ...] = (HISTORY_PREFIX, DAY_PREFIX, TOTALS_SK, YEAR_PREFIX,
                                     MONTH_PREFIX, MOVIES_PREFIX)
"""Every kept item's sort-key prefix: derived from the entries, never exported or imported."""
TOTAL_PREFIXES: tuple[str, ...] = (DAY_PREFIX, TOTALS_SK, YEAR_PREFIX, MONTH_PREFIX)
"""The kept items that are sums (kept by ``Add``)."""
EMPTIED_PREFIXES: tuple[str, ...] = (*TOTAL_PREFIXES, MOVIES_PREFIX)
"""The kept items a delta may leave holding nothing (the same as no item)."""
UNCOMPARED = frozenset({"version", WRITES})
"""Attributes a kept item may carry that no entry determines (a reference's write token,
the all-time totals' count of writes)."""


def reference(user: str, entry: Item, records: Mapping[str, Item]) -> Item:
    """The history reference of ``entry`` with its sealed copy (without a version)."""
    kind = kind_of(str(entry["sk"]))
    record_sk = kind.record_sk(entry) if kind is not None else None
    related = records.get(record_sk) if record_sk else None
    item = history_index.copied_reference(user, entry, related, sealed=True)
    item.pop("version", None)
    return item


def total_item(user: str, sk: str, values: Mapping[str, object]) -> Item:
    """The kept total (or movie list shard) under ``sk`` holding ``values``."""
    return {"pk": user_pk(user), "sk": sk, "user": user, **values}


def derive(user: str, entries: Iterable[Item], records: Mapping[str, Item],
           zone: ZoneInfo) -> dict[str, Item]:
    """Every kept item of ``user`` by sort key, from all their ``entries`` and the
    ``records`` (show, channel, podcast records by sort key); days are local in ``zone``."""
    totals: Numbers = {}
    movies: Fields = {}
    references: dict[str, Item] = {}
    for entry in entries:
        if kind_of(str(entry["sk"])) is None:
            continue
        add_into(totals, numbers(entry, zone, records))
        set_into(movies, changed_fields(None, entry))
        item = reference(user, entry, records)
        references[item["sk"]] = item
    kept = {sk: total_item(user, sk, values) for sk, values in nonzero(totals).items()}
    kept.update((sk, total_item(user, sk, values)) for sk, values in movies.items())
    kept.update(references)
    return kept
