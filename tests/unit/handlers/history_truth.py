"""What the history must show, read from the stored entries themselves, and a store that dies.

``truth`` is the history as the entries and their show/channel/podcast records say it is,
built without the time index; every history test compares the paged history with it.
``Crashing`` is a real in-memory store that stops the process (``Crash``) before its
``budget``-th next write, as a killed Lambda or server would.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from handlers.service.logbook import history, history_index
from handlers.service.logbook.history_entries import related_sk, to_entry
from storage.memory import InMemoryItemRepository
from storage.models import HISTORY_PREFIXES, user_pk
from storage.repository import EpochClock, Item, ItemRepository, Op, system_epoch_clock


class Crash(BaseException):
    """The process died here (not an error anything in the product may catch)."""


class Crashing(InMemoryItemRepository):
    """Counts writes; with a ``budget``, the write after that many never happens.
    Names every read in ``reads``."""

    budget: int | None = None

    def __init__(self, clock: EpochClock = system_epoch_clock) -> None:
        super().__init__(clock=clock)
        self.reads: list[str] = []

    def get(self, pk: str, sk: str) -> Item | None:
        self.reads.append("get")
        return super().get(pk, sk)

    def get_many(self, pk: str, sks: Sequence[str]) -> dict[str, Item]:
        self.reads.append("get_many")
        return super().get_many(pk, sks)

    def query_prefix(
        self, pk: str, sk_prefix: str = "", *, start_after: str | None = None,
        limit: int | None = None,
    ) -> Iterator[Item]:
        self.reads.append("query_prefix")
        return super().query_prefix(pk, sk_prefix, start_after=start_after, limit=limit)

    def _write(self) -> None:
        if self.budget is not None:
            if self.budget == 0:
                raise Crash
            self.budget -= 1

    def put(self, item: Item) -> None:
        self._write()
        super().put(item)

    def write_many(self, puts: Sequence[Item], deletes: Sequence[tuple[str, str]] = ()) -> None:
        self._write()
        super().write_many(puts, deletes)

    def put_many_if_absent(self, items: Sequence[Item]) -> set[tuple[str, str]]:
        self._write()
        return super().put_many_if_absent(items)

    def update(self, pk: str, sk: str, changes: Mapping[str, Any], expected_version: int) -> Item:
        self._write()
        return super().update(pk, sk, changes, expected_version)

    def delete(self, pk: str, sk: str, expected_version: int | None = None) -> bool:
        self._write()
        return super().delete(pk, sk, expected_version)

    def transact(self, ops: Sequence[Op]) -> None:
        self._write()
        super().transact(ops)


def truth(repo: ItemRepository, user: str = "alice") -> list[history.Entry]:
    """Every stored entry as the history shows it, newest first, read without the index."""
    pk = user_pk(user)
    items = [item for prefix in HISTORY_PREFIXES for item in repo.query_prefix(pk, prefix)]
    records = {
        str(r["sk"]): r
        for prefix in history_index.RELATED_PREFIXES
        for r in repo.query_prefix(pk, prefix)
    }
    items.sort(key=lambda i: history_index.reference_sk(int(i["timestamp"]), str(i["sk"])))
    return [to_entry(item, records.get(related_sk(item) or "")) for item in items]


def shown(repo: ItemRepository, user: str = "alice", limit: int = 2) -> list[history.Entry]:
    """The whole history as a client pages through it."""
    found, cursor = [], None
    for _ in range(1000):
        page = history.page(repo, user, limit=limit, cursor=cursor)
        found.extend(page.entries)
        if page.next_cursor is None:
            return found
        cursor = page.next_cursor
    raise AssertionError("the history never ended")


def all_sealed(repo: ItemRepository, user: str = "alice") -> bool:
    """Whether every reference is trusted and there is exactly one per entry."""
    references = list(repo.query_prefix(user_pk(user), history_index.PREFIX))
    return all(history_index.is_trusted(r) for r in references) and len(references) == len(
        truth(repo, user)
    )


def every_crash_point(
    make: Callable[[Crashing], Any], act: Callable[[Any], object], writes: int = 60
) -> int:
    """Run ``act`` dying before each of its writes in turn, then to its end; after each,
    the history shows exactly the stored entries. Answers how many writes ``act`` makes."""
    for budget in range(writes):
        store = Crashing()
        world = make(store)
        assert shown(store) == truth(store)
        store.budget = budget
        try:
            act(world)
        except Crash:
            store.budget = None
            assert shown(store) == truth(store), f"after a crash before write {budget + 1}"
            assert shown(store) == truth(store), "after the repairs of a first read"
            continue
        store.budget = None
        assert shown(store) == truth(store)
        assert all_sealed(store), "a finished write leaves only sealed references"
        return budget
    raise AssertionError(f"the action made more than {writes} writes")
