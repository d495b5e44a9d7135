"""A unit of work's writes planned as transactions: whole changes with their deltas (pure).

A *change* is one source write (an entry created, changed or removed; a record put) with
the writes of the kept items it moves: its history reference, the numbers it adds to or
takes from the totals, and a movie's element set or removed on the kept movie list.
Changes are packed into transactions of at most ``MAX_TRANSACTION_OPS`` ops, the totals of
one transaction's changes summed (and its list fields set, the later change winning) into
one ``Add`` per item: whichever transactions a crash lets through, the kept items equal
what the entries then stored give. A change is split only when its own ops are past the
limit (a record named by many entries): its totals go with its first, conditional part,
and the copies that follow are journaled by the unit of work.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from handlers.service.kept.contributions import Numbers, add_into, nonzero, numbers
from handlers.service.kept.derive import reference
from handlers.service.kept.movie_list import Fields, changed_fields, set_into
from handlers.service.logbook import history_index
from storage.models import user_pk
from storage.repository import MAX_TRANSACTION_OPS, Add, Delete, Item, Op, Put
from storage.transaction import op_key


@dataclass
class Change:
    """One source write and the kept items it moves."""

    ops: list[Op] = field(default_factory=list)
    numbers: Numbers = field(default_factory=dict)
    fields: Fields = field(default_factory=dict)
    """Attributes set on the kept movie list (``movie_list``), in order."""

    def keys(self) -> set[tuple[str, str]]:
        return {op_key(op) for op in self.ops}


def entry_change(user: str, old: Item | None, new: Item | None, write: Op,
                 records: dict[str, Item], zone: ZoneInfo) -> Change:
    """The change of an entry from ``old`` to ``new`` (``None``: absent) by ``write``:
    its reference moved and re-copied (with ``records``), its numbers taken and added
    (an episode weighed by its show in ``records``, as the commit leaves it)."""
    change = Change(fields=changed_fields(old, new))
    if old is not None:
        add_into(change.numbers, numbers(old, zone, records), -1)
    if new is not None:
        if old is None:
            change.numbers = numbers(new, zone, records)  # fresh: its own, no sum needed
        else:
            add_into(change.numbers, numbers(new, zone, records))
        copy = reference(user, new, records)
        # First: its key embeds the entry's, so a name too long is refused for the tightest.
        change.ops.append(Put({**copy, "version": history_index.fresh_version()}))
    change.ops.append(write)
    if old is not None and (new is None or _reference_sk(old) != _reference_sk(new)):
        change.ops.append(Delete(user_pk(user), _reference_sk(old)))
    return change


def recopy_change(user: str, entries: Sequence[Item], records: dict[str, Item]) -> Change:
    """The references of ``entries`` copied again (their record changed)."""
    return Change([Put({**reference(user, entry, records),
                        "version": history_index.fresh_version()}) for entry in entries])


def _reference_sk(entry: Item) -> str:
    return history_index.reference_sk(int(entry["timestamp"]), str(entry["sk"]))


def _adds(user: str, total: Numbers, fields: Fields) -> list[Op]:
    pk, sums = user_pk(user), nonzero(total)
    return [Add(pk, sk, sums.get(sk, {}), {"user": user, **fields.get(sk, {})})
            for sk in sorted(sums.keys() | fields.keys())]


def transactions(user: str, changes: Sequence[Change],
                 limit: int = MAX_TRANSACTION_OPS) -> Iterator[list[Op]]:
    """The ops of each transaction, in order.

    A change whose own ops are past ``limit`` (a record named by many entries) is split:
    its first part holds the record's write and its totals, the others copies of the
    final state, so a part that lands alone is still a state a rerun completes.
    """
    ops: list[Op] = []
    keys: set[tuple[str, str]] = set()
    total: Numbers = {}
    fields: Fields = {}
    for change in _fitting(changes, limit):
        # Every total the change touches counts as one op (even one its numbers would
        # bring back to 0): a transaction may end a little early, never past the limit.
        size = len(ops) + len(change.ops) + len(
            total.keys() | change.numbers.keys() | fields.keys() | change.fields.keys())
        mine = change.keys()  # once: an import plans 10^5 changes
        if ops and (size > limit or not keys.isdisjoint(mine)):
            yield [*ops, *_adds(user, total, fields)]
            ops, keys, total, fields = [], set(), {}, {}
        ops.extend(change.ops)
        keys |= mine
        add_into(total, change.numbers)
        set_into(fields, change.fields)
    if ops:
        yield [*ops, *_adds(user, total, fields)]


def _fitting(changes: Sequence[Change], limit: int) -> Iterator[Change]:
    for change in changes:
        kept = len(change.fields)
        if len(change.ops) + len(change.numbers) + kept <= limit:
            yield change  # fits even if every total it names were written
            continue
        room = limit - len(nonzero(change.numbers)) - kept
        if len(change.ops) <= room:
            yield change
            continue
        for start in range(0, len(change.ops), room):
            # The totals go with the first part, the record's own conditional write: a
            # part refused there takes them along (a later part only copies entries again).
            first = start == 0
            yield Change(change.ops[start:start + room], change.numbers if first else {},
                         change.fields if first else {})
