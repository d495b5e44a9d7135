"""The store as the service uses it: each write of a user's entries marks their summary stale.

``handlers.service.day_totals`` keeps a summary of each user's entries. Rather than every
write path remembering to invalidate it, the service's repository is wrapped once (in
``Service``): a write touching a key under the statistics' prefixes (``stats.STATS_PREFIXES``:
entries, and the show, channel and Spotify records their durations and titles come from)
puts a stale marker with a fresh random version for that user, before the write and
after it. The mark before covers a crash between the write and the mark; the mark after
covers a build that read the version before the first mark and the entries before the
write. Reads pass through untouched (store I/O).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from handlers.service.day_totals import stale_marker
from handlers.service.stats import STATS_PREFIXES
from storage.repository import Add, Delete, Item, ItemRepository, Op

_USER_PREFIX = "USER#"


def _key(item: Item) -> tuple[str, str]:
    # A malformed item is the store's to refuse, with its own error.
    return str(item.get("pk", "")), str(item.get("sk", ""))


class SummaryMarking:
    """An :class:`~storage.repository.ItemRepository` that marks summaries stale on writes."""

    def __init__(self, inner: ItemRepository, random_bytes: Callable[[int], bytes]) -> None:
        self.inner = inner
        self._random_bytes = random_bytes

    def __getattr__(self, name: str) -> Any:
        # What is not the port (close, open_connections) is the wrapped store's.
        return getattr(self.inner, name)

    def _version(self) -> int:
        return int.from_bytes(self._random_bytes(8), "big") >> 2

    def _mark(self, partitions: Sequence[str]) -> None:
        markers = [stale_marker(pk, self._version()) for pk in partitions]
        if len(markers) == 1:
            self.inner.put(markers[0])
        elif markers:
            self.inner.write_many(markers)

    @contextmanager
    def _around(self, keys: Iterable[tuple[str, str]]) -> Iterator[None]:
        partitions = sorted({pk for pk, sk in keys
                             if pk.startswith(_USER_PREFIX) and sk.startswith(STATS_PREFIXES)})
        self._mark(partitions)
        try:
            yield
        finally:
            self._mark(partitions)

    # --- reads --------------------------------------------------------------------------
    def get(self, pk: str, sk: str) -> Item | None:
        return self.inner.get(pk, sk)

    def get_many(self, pk: str, sks: Sequence[str]) -> dict[str, Item]:
        return self.inner.get_many(pk, sks)

    def get_keys(self, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], Item]:
        return self.inner.get_keys(keys)

    def query_prefix(self, pk: str, sk_prefix: str = "", *, start_after: str | None = None,
                     limit: int | None = None) -> Iterator[Item]:
        return self.inner.query_prefix(pk, sk_prefix, start_after=start_after, limit=limit)

    def scan(self, *, start_after: tuple[str, str] | None = None,
             limit: int | None = None) -> Iterator[Item]:
        return self.inner.scan(start_after=start_after, limit=limit)

    # --- writes -------------------------------------------------------------------------
    def put(self, item: Item) -> None:
        with self._around([_key(item)]):
            self.inner.put(item)

    def put_if_absent(self, item: Item) -> bool:
        with self._around([_key(item)]):
            return self.inner.put_if_absent(item)

    def put_many_if_absent(self, items: Sequence[Item]) -> set[tuple[str, str]]:
        with self._around(map(_key, items)):
            return self.inner.put_many_if_absent(items)

    def write_many(self, puts: Sequence[Item], deletes: Sequence[tuple[str, str]] = ()) -> None:
        with self._around([*map(_key, puts), *deletes]):
            self.inner.write_many(puts, deletes)

    def transact(self, ops: Sequence[Op]) -> None:
        keys = [(op.pk, op.sk) if isinstance(op, Add | Delete) else _key(op.item) for op in ops]
        with self._around(keys):
            self.inner.transact(ops)

    def update(self, pk: str, sk: str, changes: Mapping[str, Any], expected_version: int) -> Item:
        with self._around([(pk, sk)]):
            return self.inner.update(pk, sk, changes, expected_version)

    def delete(self, pk: str, sk: str, expected_version: int | None = None) -> bool:
        with self._around([(pk, sk)]):
            return self.inner.delete(pk, sk, expected_version)
