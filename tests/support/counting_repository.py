"""A store wrapper that counts the port calls made through it (no I/O of its own).

On SQLite each port call is one statement or one transaction, and the bounded calls a
notifier tick makes are one DynamoDB request each, so the count is the tick's cost in
requests. A ``query_prefix`` counts once (the tick's queries read one bounded page).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from storage.repository import Item, ItemRepository, Op
from storage.transaction import one_by_one


class CountingRepository:
    """An :class:`~storage.repository.ItemRepository` counting the calls to ``inner``."""

    def __init__(self, inner: ItemRepository) -> None:
        self.inner = inner
        self.calls: Counter[str] = Counter()
        self.items_read: Counter[str] = Counter()
        """Items ``query_prefix`` and ``last_in_prefix`` returned, by the first part of their
        sort key (``LOG#``)."""

    @property
    def total(self) -> int:
        return sum(self.calls.values())

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)  # close(), open_connections: not counted

    def get(self, pk: str, sk: str) -> Item | None:
        self.calls["get"] += 1
        return self.inner.get(pk, sk)

    def get_many(self, pk: str, sks: Sequence[str]) -> dict[str, Item]:
        self.calls["get_many"] += 1
        return self.inner.get_many(pk, sks)

    def get_keys(self, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], Item]:
        self.calls["get_keys"] += 1
        return self.inner.get_keys(keys)

    def put(self, item: Item) -> None:
        self.calls["put"] += 1
        self.inner.put(item)

    def put_if_absent(self, item: Item) -> bool:
        self.calls["put_if_absent"] += 1
        return self.inner.put_if_absent(item)

    def put_many_if_absent(self, items: Sequence[Item]) -> set[tuple[str, str]]:
        self.calls["put_many_if_absent"] += 1
        return self.inner.put_many_if_absent(items)

    def write_many(self, puts: Sequence[Item], deletes: Sequence[tuple[str, str]] = ()) -> None:
        self.calls["write_many"] += 1
        self.inner.write_many(puts, deletes)

    def transact(self, ops: Sequence[Op]) -> None:
        self.calls["transact"] += 1
        self.inner.transact(ops)

    def transact_many(self, transactions: Sequence[Sequence[Op]]) -> None:
        # One count per transaction, as DynamoDB sends them (and wrappers that stand in for
        # a failing store meet each one).
        one_by_one(self.transact, transactions)

    def query_prefix(self, pk: str, sk_prefix: str = "", *, start_after: str | None = None,
                     limit: int | None = None) -> Iterator[Item]:
        self.calls["query_prefix"] += 1
        items = list(self.inner.query_prefix(pk, sk_prefix, start_after=start_after,
                                             limit=limit))
        self.items_read.update(str(item["sk"]).partition("#")[0] + "#" for item in items)
        return iter(items)

    def last_in_prefix(self, pk: str, sk_prefix: str = "") -> Item | None:
        self.calls["last_in_prefix"] += 1
        found = self.inner.last_in_prefix(pk, sk_prefix)
        if found is not None:
            self.items_read[str(found["sk"]).partition("#")[0] + "#"] += 1
        return found

    def scan(self, *, start_after: tuple[str, str] | None = None,
             limit: int | None = None) -> Iterator[Item]:
        self.calls["scan"] += 1
        return self.inner.scan(start_after=start_after, limit=limit)

    def update(self, pk: str, sk: str, changes: Mapping[str, Any], expected_version: int) -> Item:
        self.calls["update"] += 1
        return self.inner.update(pk, sk, changes, expected_version)

    def delete(self, pk: str, sk: str, expected_version: int | None = None) -> bool:
        self.calls["delete"] += 1
        return self.inner.delete(pk, sk, expected_version)
