"""Bulk work runs without the collector's full passes, and puts the thresholds back after."""

from __future__ import annotations

import gc
import io
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from handlers.service.core.bulk import NEVER, no_full_collections
from handlers.service.kept.area import KeptItems
from handlers.service.portability.area import Portability
from storage.memory import InMemoryItemRepository
from storage.repository import Op

ZONE = ZoneInfo("Asia/Tokyo")


@pytest.fixture
def thresholds() -> Iterator[tuple[int, ...]]:
    found = gc.get_threshold()
    yield found
    gc.set_threshold(*found)  # a failing test leaves the process as it was


def test_a_block_leaves_only_the_oldest_generation_alone(thresholds: tuple[int, ...]) -> None:
    with no_full_collections():
        assert gc.get_threshold() == (*thresholds[:2], NEVER)
    assert gc.get_threshold() == thresholds


def test_the_last_of_overlapping_blocks_puts_back_what_the_first_found(
        thresholds: tuple[int, ...]) -> None:
    first, second = no_full_collections(), no_full_collections()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)  # blocks of two threads need not end in order
    assert gc.get_threshold()[2] == NEVER
    second.__exit__(None, None, None)
    assert gc.get_threshold() == thresholds


def test_a_block_that_raises_puts_the_thresholds_back(thresholds: tuple[int, ...]) -> None:
    with pytest.raises(RuntimeError), no_full_collections():
        raise RuntimeError
    assert gc.get_threshold() == thresholds


def _passes(survivors: int) -> list[int]:
    """The generation of each pass the collector makes while ``survivors`` lists are made
    and kept (as a batch's rows are)."""
    passes: list[int] = []

    def seen(phase: str, info: dict[str, Any]) -> None:
        if phase == "stop":
            passes.append(info["generation"])

    gc.collect()
    gc.callbacks.append(seen)
    try:
        kept = [[n] for n in range(survivors)]
    finally:
        gc.callbacks.remove(seen)
    del kept
    return passes


def test_survivors_bring_full_passes_but_in_a_block(thresholds: tuple[int, ...]) -> None:
    if not gc.isenabled():
        pytest.skip("the collector is off in this process")
    survivors = 2 * len(gc.get_objects())  # past a quarter of the long-lived heap
    assert 2 in _passes(survivors)  # the control: the test can fail
    with no_full_collections():
        passes = _passes(survivors)
    assert 2 not in passes
    assert 0 in passes  # the young generations are still collected


class _ThresholdsAtWrites(InMemoryItemRepository):
    """A store that notes the collector's thresholds at each transaction and query."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[int, ...]] = []

    def transact_many(self, transactions: Sequence[Sequence[Op]]) -> None:
        self.seen.append(gc.get_threshold())
        super().transact_many(transactions)

    def query_prefix(self, *args: Any, **kwargs: Any) -> Any:
        self.seen.append(gc.get_threshold())
        return super().query_prefix(*args, **kwargs)


def test_an_import_and_a_rebuild_run_without_full_passes(thresholds: tuple[int, ...]) -> None:
    repo = _ThresholdsAtWrites()
    with repo:
        port = Portability(repo, lambda: datetime(2026, 12, 1, tzinfo=UTC), lambda _u: ZONE)
        rows = b"".join(b"2024-01-%02d,Book %d,Reading,30,,\n" % (1 + n % 28, n)
                        for n in range(50))
        port.import_file("alice", io.BytesIO(
            b"Date,Log Name,Media Type,Duration,Characters,Notes\n" + rows))
        imported, repo.seen = repo.seen, []
        kept = KeptItems(repo, lambda _user: ZONE)
        assert kept.verify("alice") == []
        verified, repo.seen = repo.seen, []
        kept.rebuild("alice")
        rebuilt = repo.seen
    for seen in (imported, verified, rebuilt):
        assert seen
        assert {threshold[2] for threshold in seen} == {NEVER}
    assert gc.get_threshold() == thresholds
