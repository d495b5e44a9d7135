"""The rules of a transaction every adapter applies alike: checks, conditions, sums (no I/O).

The op types live in :mod:`storage.repository` (and are re-exported here). An adapter
checks the ops with :func:`checked_ops` before it touches the store, reads the live item at
each op's key, and lets :func:`planned_writes` decide, all under its own isolation.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from decimal import Context, Decimal, localcontext

from storage.item_shape import KEY_ATTRIBUTES, Weigh, stored_and_size
from storage.limits import TRANSACTION_MAX_BYTES, check_item, check_key, item_size
from storage.repository import (
    MAX_TRANSACTION_OPS,
    Add,
    Delete,
    InvalidItem,
    Item,
    Op,
    Put,
    TransactionConflict,
)

__all__ = [
    "MAX_TRANSACTION_OPS",
    "Add",
    "Delete",
    "Op",
    "Put",
    "TransactionConflict",
    "added_item",
    "checked_ops",
    "checked_ops_and_keys",
    "op_key",
    "planned_writes",
]

_DYNAMODB_DIGITS = Context(prec=38)
"""DynamoDB keeps numbers to 38 significant digits; sums here round as it does."""


def op_key(op: Op) -> tuple[str, str]:
    """The ``(pk, sk)`` an op writes."""
    if isinstance(op, Put):
        item = op.item
        pk, sk = item.get("pk", ""), item.get("sk", "")
        # Keys are strings but in a malformed op (refused later, by name): no str() per op.
        return (pk if type(pk) is str else str(pk)), (sk if type(sk) is str else str(sk))
    return op.pk, op.sk


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def number(value: int | float | Decimal) -> int | float:
    """A number as every store reads it back: an ``int`` when integral, else a ``float``."""
    if type(value) is int:
        return value  # what the Decimal round trip gives, without it (most deltas)
    exact = value if isinstance(value, Decimal) else Decimal(str(value))
    return int(exact) if exact == exact.to_integral_value() else float(exact)


def _sum(stored: int | float, delta: int | float) -> int | float:
    if isinstance(stored, int) and isinstance(delta, int):
        return stored + delta
    # Decimal, as DynamoDB adds: 0.1 + 0.2 is 0.3 on every store, not 0.30000000000000004.
    with localcontext(_DYNAMODB_DIGITS):
        return number(Decimal(str(stored)) + Decimal(str(delta)))


def _checked_add(op: Add) -> tuple[Add, int]:
    names = set(op.deltas)
    if not names and not op.set_fields:
        raise ValueError("an Add needs at least one delta or field")
    if names & set(op.set_fields):
        raise ValueError(f"an Add cannot both add to and set {sorted(names & set(op.set_fields))}")
    owned = set(KEY_ATTRIBUTES) & (names | set(op.set_fields))
    if owned:
        raise ValueError(f"an Add cannot change {sorted(owned)}")
    for name, delta in op.deltas.items():
        if type(delta) is int and delta.bit_length() < 1024:
            continue  # finite, as a float too: the common case, without the calls below
        if not _is_number(delta) or not math.isfinite(delta):
            raise ValueError(f"the delta of {name!r} must be a finite number, not {delta!r}")
    return op, check_item(_added_fields(op))


def _added_fields(op: Add) -> Item:
    """What an Add writes whatever is stored: its key, deltas and the fields it sets."""
    fields = {name: value for name, value in op.set_fields.items() if value is not None}
    return {"pk": op.pk, "sk": op.sk, **fields, **{n: number(d) for n, d in op.deltas.items()}}


def checked_ops(ops: Sequence[Op], weigh: Weigh | None = None) -> list[Op]:
    """The ops as they will be written (``None`` attributes of puts left out), or an error.

    ``ValueError`` for more than :data:`MAX_TRANSACTION_OPS` ops, a key named twice or a
    malformed op; :class:`InvalidItem` for anything over the storage limits. ``weigh``
    bounds a put's item more cheaply than walking it (the verdicts are the same).
    """
    return checked_ops_and_keys(ops, weigh)[0]


def checked_ops_and_keys(ops: Sequence[Op], weigh: Weigh | None = None
                         ) -> tuple[list[Op], list[tuple[str, str]]]:
    """:func:`checked_ops` and the key of each (found for the check of repeated keys)."""
    if len(ops) > MAX_TRANSACTION_OPS:
        raise ValueError(f"a transaction carries at most {MAX_TRANSACTION_OPS} ops, not {len(ops)}")
    checked: list[Op] = []
    # Each item is weighed once, by the bound its own check gives; the exact sizes are
    # summed only when those bounds come near the limit (they never undercount).
    bound = 0
    for op in ops:
        if isinstance(op, Put):
            if op.if_absent and op.expected_version is not None:
                raise ValueError("a Put is either if_absent or of an expected version, not both")
            stored, size = stored_and_size(op.item, weigh)
            checked.append(op if stored is op.item else
                           Put(stored, op.if_absent, op.expected_version))
            bound += size
        elif isinstance(op, Delete):
            check_key(op.pk, op.sk)
            checked.append(op)
        elif isinstance(op, Add):
            add, size = _checked_add(op)
            checked.append(add)
            bound += size
        else:
            raise TypeError(f"not a transaction op: {op!r}")
    keys = [op_key(op) for op in checked]
    if len(set(keys)) != len(keys):
        raise ValueError("a transaction may name each key only once")
    if bound > TRANSACTION_MAX_BYTES:
        size = sum(item_size(op.item if isinstance(op, Put) else _added_fields(op))
                   for op in checked if not isinstance(op, Delete))
        if size > TRANSACTION_MAX_BYTES:
            raise InvalidItem(
                f"The transaction carries {size:,} bytes (at most"
                f" {TRANSACTION_MAX_BYTES:,} bytes).",
                limit=TRANSACTION_MAX_BYTES,
            )
    return checked, keys


def added_item(op: Add, stored: Item | None) -> Item:
    """The item after ``op`` over the live ``stored`` item (``None``: absent or expired)."""
    if stored is None:
        return _added_fields(op)
    item = dict(stored)
    for name, value in op.set_fields.items():
        if value is None:
            item.pop(name, None)
        else:
            item[name] = value
    for name, delta in op.deltas.items():
        current = item.get(name)
        if type(current) is int and type(delta) is int:
            item[name] = current + delta  # the common case (counts, seconds), no calls
        elif current is None:
            item[name] = number(delta)
        elif _is_number(current):
            item[name] = _sum(current, delta)
        else:
            # DynamoDB refuses to ADD to a string or a boolean as invalid; so do the others.
            raise InvalidItem(f"The attribute {name!r} of {op.sk!r} is not a number.",
                              sk=op.sk)
    check_item(item)
    return item


def _holds(op: Op, stored: Item | None) -> bool:
    if isinstance(op, Put) and op.if_absent:
        return stored is None
    if isinstance(op, Put | Delete) and op.expected_version is not None:
        return stored is not None and stored.get("version") == op.expected_version
    return True


def planned_writes(
    ops: Sequence[Op], stored: Mapping[tuple[str, str], Item],
    keys: Sequence[tuple[str, str]] | None = None,
) -> list[tuple[tuple[str, str], Item | None]]:
    """What to write for checked ``ops`` (at ``keys``, if known) over the live ``stored``
    items: ``None`` deletes.

    Raises :class:`TransactionConflict` for the first op whose condition fails; nothing
    is to be written then.
    """
    if keys is None:
        keys = [op_key(op) for op in ops]  # once per op: a bulk change plans 10^5 of them
    for index, (op, key) in enumerate(zip(ops, keys, strict=True)):
        if not _holds(op, stored.get(key)):
            raise TransactionConflict(index, *key)
    writes: list[tuple[tuple[str, str], Item | None]] = []
    for op, key in zip(ops, keys, strict=True):
        if isinstance(op, Put):
            writes.append((key, op.item))
        elif isinstance(op, Delete):
            writes.append((key, None))
        else:
            writes.append((key, added_item(op, stored.get(key))))
    return writes



def one_by_one(transact: Callable[[Sequence[Op]], None],
               transactions: Sequence[Sequence[Op]]) -> None:
    """``transact_many`` as one ``transact`` after another (a conflict says how many stood)."""
    for applied, ops in enumerate(transactions):
        try:
            transact(ops)
        except TransactionConflict as conflict:
            conflict.applied = applied
            raise
