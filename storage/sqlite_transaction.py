"""Transactions on the SQLite store: several checked, planned over one read, one commit (I/O).

``transact_many`` hands the store all the transactions of a bulk change (an import's
batch is about twenty): each is checked before anything is written, every key a
condition or an addition looks at is read at once, each transaction is planned over what
is stored and what the ones before it wrote, and the outcome is written in key order, in
the one SQLite transaction its caller holds.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence

from storage import sqlite_schema as schema
from storage.item_shape import json_body, json_bound
from storage.repository import Delete, Item, Op, Put
from storage.transaction import checked_ops, op_key, planned_writes

Live = Callable[[str, str, str, float], Item | None]
"""The live item a stored row holds at epoch seconds (``None``: expired)."""


class Checked:
    """Transactions as they will be written, each put's item encoded once."""

    def __init__(self, transactions: Sequence[Sequence[Op]]) -> None:
        self._bodies: dict[int, str] = {}
        # The JSON written anyway bounds each put's size: no walk of its attributes.
        self.transactions = [found for ops in transactions
                             if (found := checked_ops(ops, self._weigh))]

    def _weigh(self, item: Item) -> int:
        body = self._bodies[id(item)] = json_body(item)
        return json_bound(item, body)

    def body(self, item: Item) -> str:
        # A put writes the very item weighed (alive as long as this, so its id is its
        # own); an addition's item is new.
        return self._bodies.get(id(item)) or json_body(item)

    def write(self, connection: sqlite3.Connection, now: float, live_of: Live) -> None:
        """Apply every transaction within the SQLite transaction ``connection`` holds."""
        # Only what a condition or an addition looks at is read: a plain put or delete
        # (an import's history references) writes whatever is there.
        keys = list(dict.fromkeys(op_key(op) for ops in self.transactions for op in ops
                                  if _reads(op)))
        live = _live_at(connection, keys, now, live_of)
        written: dict[tuple[str, str], Item | None] = {}
        for ops in self.transactions:
            for key, item in planned_writes(ops, live):
                written[key] = item
                if item is None:
                    live.pop(key, None)
                else:
                    live[key] = item
        ordered = sorted(written.items())
        upserts = [(*key, self.body(item)) for key, item in ordered if item is not None]
        connection.executemany(schema.UPSERT, upserts)
        connection.executemany(schema.DELETE_ONE, [k for k, item in ordered if item is None])


def _live_at(connection: sqlite3.Connection, keys: Sequence[tuple[str, str]], now: float,
             live_of: Live) -> dict[tuple[str, str], Item]:
    """The live items at ``keys``, read within the open transaction."""
    live: dict[tuple[str, str], Item] = {}
    for start in range(0, len(keys), schema.READ_CHUNK):
        sql, parameters = schema.select_keys(keys[start : start + schema.READ_CHUNK])
        for pk, sk, body in connection.execute(sql, parameters).fetchall():
            item = live_of(pk, sk, body, now)
            if item is not None:
                live[(pk, sk)] = item
    return live


def _reads(op: Op) -> bool:
    """Whether applying ``op`` depends on the item stored at its key."""
    if isinstance(op, Put):
        return op.if_absent or op.expected_version is not None
    return not isinstance(op, Delete) or op.expected_version is not None
