"""Any sequence of writes, on the in-memory store and on SQLite: kept items == derive()."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storage.memory import InMemoryItemRepository
from storage.sqlite import SQLiteItemRepository
from tests.unit.handlers.kept_steps import NOW, STEPS, Step, run, service_on

_SETTINGS = settings(max_examples=30, deadline=None,
                     suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(st.lists(STEPS, min_size=1, max_size=25))
def test_every_write_keeps_the_kept_items_in_memory(steps: list[Step]) -> None:
    with InMemoryItemRepository(clock=NOW.timestamp) as repo:
        run(service_on(repo), steps)


@_SETTINGS
@given(st.lists(STEPS, min_size=1, max_size=25))
def test_every_write_keeps_the_kept_items_on_sqlite(steps: list[Step]) -> None:
    with SQLiteItemRepository(":memory:", clock=NOW.timestamp) as repo:
        run(service_on(repo), steps)
