"""Transactions on the SQLite store: several checked, planned over one read, one commit (I/O).

``transact_many`` hands the store all the transactions of a bulk change (an import's
batch is about twenty): each is checked before anything is written, every key a
condition or an addition looks at is read at once, each transaction is planned over what
is stored and what the ones before it wrote, and the outcome is written in key order, in
the one SQLite transaction its caller holds.

A key whose first op is an if-absent put need not be read: its row is created by one
statement that leaves a live row alone (an expired one is replaced, as if absent), and
the count of rows it changed tells whether every such condition held. When one did not
(``CreateRefused``), the store rolls the attempt back and makes it again reading every
key, so the outcome (the conflict and the op it names, or what is written) is the one a
full read gives. (Not a savepoint: SQLite copies every page a savepoint's writes touch.)
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence

from storage import sqlite_schema as schema
from storage.item_shape import json_body, json_bound
from storage.repository import Delete, Item, Op, Put
from storage.transaction import checked_ops_and_keys, planned_writes

Live = Callable[[str, str, str, float], Item | None]
"""The live item a stored row holds at epoch seconds (``None``: expired)."""
Key = tuple[str, str]


class CreateRefused(Exception):
    """A row an if-absent put meant to create was there, live: the attempt is undone."""


class Checked:
    """Transactions as they will be written, each put's item encoded once."""

    def __init__(self, transactions: Sequence[Sequence[Op]]) -> None:
        self._bodies: dict[int, str] = {}
        # The JSON written anyway bounds each put's size: no walk of its attributes.
        checked = [checked_ops_and_keys(ops, self._weigh) for ops in transactions]
        self.transactions = [ops for ops, _ in checked if ops]
        self._keys = [keys for ops, keys in checked if ops]

    def _weigh(self, item: Item) -> int:
        body = self._bodies[id(item)] = json_body(item)
        return json_bound(item, body)

    def body(self, item: Item) -> str:
        # A put writes the very item weighed (alive as long as this, so its id is its
        # own); an addition's item is new.
        return self._bodies.get(id(item)) or json_body(item)

    def created_first(self) -> set[Key]:
        """The keys whose first op is an if-absent put and whose last writes an item: what
        is stored there matters only as absent, which creating the row checks."""
        # Built by dict() from pairs, not a loop: a bulk change names 10^5 keys, most once.
        keys = [key for named in self._keys for key in named]
        ops = [op for checked in self.transactions for op in checked]
        last = dict(zip(keys, ops, strict=True))  # a later pair replaces an earlier one
        first = dict(zip(reversed(keys), reversed(ops), strict=True))
        return {key for key, op in first.items() if isinstance(op, Put) and op.if_absent
                and not isinstance(last[key], Delete)}

    def write(self, connection: sqlite3.Connection, now: float, live_of: Live,
              created: set[Key]) -> None:
        """Apply every transaction within the SQLite transaction ``connection`` holds,
        creating the rows at ``created`` (some of ``created_first``) without reading them;
        ``CreateRefused`` when one was taken (the caller rolls back)."""
        # Only what a condition or an addition looks at is read: a plain put or delete
        # (an import's history references) writes whatever is there.
        read = list(dict.fromkeys(key for ops, keys in zip(self.transactions, self._keys,
                                                           strict=True)
                                  for op, key in zip(ops, keys, strict=True)
                                  if _reads(op) and key not in created))
        live = _live_at(connection, read, now, live_of)
        written: dict[Key, Item | None] = {}
        for ops, keys in zip(self.transactions, self._keys, strict=True):
            for key, item in planned_writes(ops, live, keys):
                written[key] = item
                if item is None:
                    live.pop(key, None)
                else:
                    live[key] = item
        ordered = sorted(written.items())
        creates = [(*key, self.body(item), now) for key, item in ordered
                   if item is not None and key in created]
        if creates and connection.executemany(schema.CREATE, creates).rowcount != len(creates):
            raise CreateRefused
        upserts = [(*key, self.body(item)) for key, item in ordered
                   if item is not None and key not in created]
        connection.executemany(schema.UPSERT, upserts)
        connection.executemany(schema.DELETE_ONE, [k for k, item in ordered if item is None])


def _live_at(connection: sqlite3.Connection, keys: Sequence[Key], now: float,
             live_of: Live) -> dict[Key, Item]:
    """The live items at ``keys``, read within the open transaction."""
    live: dict[Key, Item] = {}
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
