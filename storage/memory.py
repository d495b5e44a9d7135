"""The in-memory item repository: the whole port in a dict, for tests and demos (no I/O).

Items are kept as the same JSON text SQLite stores, so values come back with the same
types, callers never share mutable state with the store, and a value SQLite would refuse
(NaN, a set) is refused here too. One lock makes every operation atomic.
"""

from __future__ import annotations

import bisect
import sys
import threading
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from storage.item_shape import (
    applied_changes,
    checked_changes,
    distinct_keys,
    first_of_each_key,
    stored_attributes,
)
from storage.item_shape import from_json_body as _decode
from storage.item_shape import json_body as _encode
from storage.key_range import prefix_upper_bound
from storage.limits import check_key, key_fits
from storage.repository import (
    EpochClock,
    Item,
    Op,
    VersionConflict,
    is_expired,
    start_within,
    system_epoch_clock,
)
from storage.transaction import checked_ops, one_by_one, op_key, planned_writes

_PAGE = 500
"""Items copied out per lock hold while streaming, so writers are never shut out long."""


def _sort_key(sk: str) -> bytes:
    # DynamoDB orders sort keys by their UTF-8 bytes, not by code points or UTF-16.
    return sk.encode("utf-8", errors="surrogatepass")


class _Partition:
    """The items of one partition key, with their sort keys kept in byte order."""

    def __init__(self) -> None:
        self.bodies: dict[str, str] = {}
        self.order: list[bytes] = []

    def set(self, sk: str, body: str) -> None:
        if sk not in self.bodies:
            bisect.insort(self.order, _sort_key(sk))
        self.bodies[sk] = body

    def remove(self, sk: str) -> None:
        del self.bodies[sk]
        del self.order[bisect.bisect_left(self.order, _sort_key(sk))]


class InMemoryItemRepository:
    """An :class:`~storage.repository.ItemRepository` held in this process's memory."""

    def __init__(self, clock: EpochClock = system_epoch_clock) -> None:
        self._clock = clock
        self._partitions: dict[str, _Partition] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        """Nothing to release; present so every adapter can be closed alike."""

    def __enter__(self) -> InMemoryItemRepository:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # --- holding the lock ---------------------------------------------------------------
    def _find(self, pk: str, sk: str, now: float) -> Item | None:
        partition = self._partitions.get(pk)
        body = partition.bodies.get(sk) if partition else None
        if body is None:
            return None
        item = _decode(pk, sk, body)
        return None if is_expired(item, now) else item

    def _store(self, item: Item) -> None:
        partition = self._partitions.setdefault(item["pk"], _Partition())
        partition.set(item["sk"], _encode(item))

    def _page(
        self, pk: str, prefix: bytes, after: bytes | None, size: int
    ) -> list[tuple[str, str]]:
        partition = self._partitions.get(pk)
        if partition is None:
            return []
        order = partition.order
        start = (
            bisect.bisect_left(order, prefix)
            if after is None
            else bisect.bisect_right(order, after)
        )
        page: list[tuple[str, str]] = []
        for key in order[start : start + size]:
            if not key.startswith(prefix):
                break
            sk = key.decode("utf-8", errors="surrogatepass")
            page.append((sk, partition.bodies[sk]))
        return page

    def _scan_page(self, after: tuple[str, str] | None, size: int) -> list[tuple[str, str, str]]:
        """Up to ``size`` (pk, sk, body) after ``after``, by the UTF-8 bytes of pk then sk."""
        page: list[tuple[str, str, str]] = []
        first = _sort_key(after[0]) if after else b""
        for key in sorted(_sort_key(pk) for pk in self._partitions):
            if key < first:
                continue
            pk = key.decode("utf-8", errors="surrogatepass")
            partition = self._partitions[pk]
            start = 0
            if after is not None and pk == after[0]:
                start = bisect.bisect_right(partition.order, _sort_key(after[1]))
            for sk_key in partition.order[start:]:
                sk = sk_key.decode("utf-8", errors="surrogatepass")
                page.append((pk, sk, partition.bodies[sk]))
                if len(page) == size:
                    return page
        return page

    # --- the port -----------------------------------------------------------------------
    def get(self, pk: str, sk: str) -> Item | None:
        if not key_fits(pk, sk):
            return None
        with self._lock:
            return self._find(pk, sk, self._clock())

    def get_many(self, pk: str, sks: Sequence[str]) -> dict[str, Item]:
        return {sk: item for (_, sk), item in self.get_keys([(pk, sk) for sk in sks]).items()}

    def get_keys(self, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], Item]:
        found: dict[tuple[str, str], Item] = {}
        with self._lock:
            now = self._clock()
            for pk, sk in dict.fromkeys(keys):
                item = self._find(pk, sk, now) if key_fits(pk, sk) else None
                if item is not None:
                    found[(pk, sk)] = item
        return found

    def write_many(self, puts: Sequence[Item], deletes: Sequence[tuple[str, str]] = ()) -> None:
        stored = [_round_trip(stored_attributes(item)) for item in puts]
        distinct_keys(stored, deletes)
        with self._lock:
            for item in stored:
                self._store(item)
            for pk, sk in deletes:
                partition = self._partitions.get(pk)
                if partition is not None and sk in partition.bodies:
                    partition.remove(sk)

    def transact(self, ops: Sequence[Op]) -> None:
        checked = checked_ops(ops)
        with self._lock:
            now = self._clock()
            stored: dict[tuple[str, str], Item] = {}
            for key in map(op_key, checked):
                item = self._find(*key, now)
                if item is not None:
                    stored[key] = item
            # Every write is shaped (and refused) before the first one is applied.
            writes = [(key, None if item is None else _round_trip(item))
                      for key, item in planned_writes(checked, stored)]
            for (pk, sk), item in writes:
                if item is not None:
                    self._store(item)
                elif (partition := self._partitions.get(pk)) and sk in partition.bodies:
                    partition.remove(sk)

    def transact_many(self, transactions: Sequence[Sequence[Op]]) -> None:
        one_by_one(self.transact, transactions)

    def put(self, item: Item) -> None:
        stored = _round_trip(stored_attributes(item))
        with self._lock:
            self._store(stored)

    def put_if_absent(self, item: Item) -> bool:
        return bool(self.put_many_if_absent([item]))

    def put_many_if_absent(self, items: Sequence[Item]) -> set[tuple[str, str]]:
        unique = first_of_each_key([_round_trip(stored_attributes(item)) for item in items])
        created: set[tuple[str, str]] = set()
        with self._lock:
            now = self._clock()
            for item in unique:
                if self._find(item["pk"], item["sk"], now) is None:
                    self._store(item)
                    created.add((item["pk"], item["sk"]))
        return created

    def last_in_prefix(self, pk: str, sk_prefix: str = "") -> Item | None:
        if not key_fits(pk, sk_prefix):
            return None
        prefix = _sort_key(sk_prefix)
        with self._lock:
            partition = self._partitions.get(pk)
            if partition is None:
                return None
            order = partition.order
            now = self._clock()
            upper = prefix_upper_bound(sk_prefix)
            end = len(order) if upper is None else bisect.bisect_left(order, _sort_key(upper))
            for position in range(end - 1, -1, -1):
                key = order[position]
                if not key.startswith(prefix):
                    return None
                sk = key.decode("utf-8", errors="surrogatepass")
                item = _decode(pk, sk, partition.bodies[sk])
                if not is_expired(item, now):
                    return item
        return None

    def query_prefix(self, pk: str, sk_prefix: str = "", *, start_after: str | None = None,
                     limit: int | None = None) -> Iterator[Item]:
        anything, start = start_within(sk_prefix, start_after)
        if not anything or not key_fits(pk, sk_prefix):
            return
        prefix = _sort_key(sk_prefix)
        after = None if start is None else _sort_key(start)
        remaining = limit if limit is not None else sys.maxsize
        while remaining > 0:
            size = min(_PAGE, remaining)
            # Copy a page under the lock, yield outside it: the caller may write meanwhile.
            with self._lock:
                page = self._page(pk, prefix, after, size)
                now = self._clock()
            for sk, body in page:
                item = _decode(pk, sk, body)
                if not is_expired(item, now):
                    remaining -= 1  # only live items count toward the limit
                    yield item
            if len(page) < size:
                return
            after = _sort_key(page[-1][0])

    def scan(
        self, *, start_after: tuple[str, str] | None = None, limit: int | None = None
    ) -> Iterator[Item]:
        # Pages copied out under the lock, as query_prefix: writers are never shut out long.
        after = start_after
        remaining = limit if limit is not None else sys.maxsize
        while remaining > 0:
            size = min(_PAGE, remaining)
            with self._lock:
                page = self._scan_page(after, size)
                now = self._clock()
            for pk, sk, body in page:
                item = _decode(pk, sk, body)
                if not is_expired(item, now):
                    remaining -= 1
                    yield item
            if len(page) < size:
                return
            after = (page[-1][0], page[-1][1])

    def update(self, pk: str, sk: str, changes: Mapping[str, Any], expected_version: int) -> Item:
        checked_changes(changes)
        check_key(pk, sk)
        with self._lock:
            item = self._find(pk, sk, self._clock())
            if item is None or item.get("version") != expected_version:
                raise VersionConflict(pk, sk)
            updated = _round_trip(applied_changes(item, changes, expected_version + 1))
            self._store(updated)
        return updated

    def delete(self, pk: str, sk: str, expected_version: int | None = None) -> bool:
        with self._lock:
            item = self._find(pk, sk, self._clock()) if key_fits(pk, sk) else None
            if expected_version is not None and (
                item is None or item.get("version") != expected_version
            ):
                raise VersionConflict(pk, sk)
            partition = self._partitions.get(pk)
            if partition is not None and sk in partition.bodies:
                partition.remove(sk)
        return item is not None


def _round_trip(item: Item) -> Item:
    """The item as it will read back (tuples become lists); refuses what JSON cannot hold."""
    return _decode(item["pk"], item["sk"], _encode(item))
