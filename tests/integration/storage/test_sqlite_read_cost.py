"""The SQLite prefix read costs work linear in the items read (counts SQLite VM steps)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from storage.sqlite import SQLiteItemRepository


def _steps_to_read(repo: SQLiteItemRepository, pk: str) -> int:
    steps = [0]

    def count() -> int:
        steps[0] += 1
        return 0

    # A pool of one: the connection fitted with the counter is the one the read borrows.
    connection: sqlite3.Connection
    with repo._connection() as connection:
        # The handler runs every 100 virtual-machine instructions: a deterministic cost.
        connection.set_progress_handler(count, 100)
    try:
        assert sum(1 for _ in repo.query_prefix(pk)) > 0
    finally:
        connection.set_progress_handler(None, 0)
    return steps[0]


def test_reading_ten_times_the_items_costs_about_ten_times_the_work(tmp_path: Path) -> None:
    with SQLiteItemRepository(tmp_path / "t.sqlite3", pool_size=1) as repo:
        for pk, count in (("USER#small", 1_000), ("USER#large", 10_000)):
            repo.put_many_if_absent(
                [{"pk": pk, "sk": f"EPISODE#show#{n:06d}", "version": 1} for n in range(count)]
            )
        small = _steps_to_read(repo, "USER#small")
        large = _steps_to_read(repo, "USER#large")
    # Re-scanning earlier pages (the bug this pins) made it about 10x worse than linear.
    assert large < 15 * small, (small, large)
