"""Expired items leave the SQLite file: a few per create, all of them on open (does I/O)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from storage.repository import TTL_ATTRIBUTE
from storage.sqlite import SQLiteItemRepository
from tests.integration.storage.conftest import SettableClock

PK = "USER#alice"


def rows_in(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        count: int = connection.execute("SELECT count(*) FROM items").fetchone()[0]
    connection.close()
    return count


def fill_with_short_lived(repository: SQLiteItemRepository, clock: SettableClock) -> None:
    repository.put_many_if_absent(
        [
            {"pk": PK, "sk": f"TELEGRAMCODE#{n:03}", TTL_ATTRIBUTE: int(clock.now) + 60}
            for n in range(40)
        ]
    )
    repository.put({"pk": PK, "sk": "SHOW#kept", TTL_ATTRIBUTE: "not a time"})


def test_creates_purge_expired_items_a_few_at_a_time(tmp_path: Path) -> None:
    path = tmp_path / "t.sqlite3"
    clock = SettableClock()
    with SQLiteItemRepository(path, clock=clock) as repository:
        fill_with_short_lived(repository, clock)
        clock.now += 60
        repository.put({"pk": PK, "sk": "SHOW#a"})
        # Bounded work per write: one create removes some of the 40, not all of them.
        assert rows_in(path) == 2 + 40 - 16
        repository.put_if_absent({"pk": PK, "sk": "SHOW#b"})
        repository.put_many_if_absent([{"pk": PK, "sk": "SHOW#c"}])
        assert rows_in(path) == 4
        assert [item["sk"] for item in repository.query_prefix(PK)] == [
            "SHOW#a",
            "SHOW#b",
            "SHOW#c",
            "SHOW#kept",
        ]


def test_opening_the_file_purges_every_expired_item(tmp_path: Path) -> None:
    path = tmp_path / "t.sqlite3"
    clock = SettableClock()
    with SQLiteItemRepository(path, clock=clock) as repository:
        fill_with_short_lived(repository, clock)
    assert rows_in(path) == 41
    clock.now += 60
    with SQLiteItemRepository(path, clock=clock):
        assert rows_in(path) == 1


def test_the_purge_finds_expired_items_by_index(tmp_path: Path) -> None:
    # Without the index every create would scan the whole table, a heavy user's 10^5 rows.
    path = tmp_path / "t.sqlite3"
    with SQLiteItemRepository(path):
        pass
    with sqlite3.connect(path) as connection:
        plan = connection.execute(
            "EXPLAIN QUERY PLAN SELECT pk, sk FROM items WHERE"
            " json_extract(body, '$.expires_at') IS NOT NULL"
            " AND json_type(body, '$.expires_at') IN ('integer', 'real')"
            " AND json_extract(body, '$.expires_at') <= 0 LIMIT 16"
        ).fetchall()
    connection.close()
    assert any("items_expiry" in str(row) for row in plan), plan
