"""The SQLite store holds a bounded number of connections however many threads use it (does I/O)."""

from __future__ import annotations

import os
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from storage.repository import StorageUnavailable, VersionConflict
from storage.sqlite import SQLiteItemRepository
from storage.sqlite_pool import ConnectionPool

PK = "USER#alice"
THREADS = 2_000


def descriptors_on(path: Path) -> int:
    """Open file descriptors of this process on the database file (and its -wal, -shm)."""
    count = 0
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue  # closed between the listing and the look
        count += target.startswith(str(path))
    return count


def test_many_short_lived_threads_leave_no_connections_behind(tmp_path: Path) -> None:
    # Each TCP connection to the local server is served by a new thread; a connection per
    # thread once left two descriptors and a page cache behind for every one of them.
    path = tmp_path / "t.sqlite3"
    with SQLiteItemRepository(path, pool_size=4) as repository:
        repository.put({"pk": PK, "sk": "SHOW#s", "version": 1})
        errors: list[BaseException] = []

        def read() -> None:
            try:
                assert repository.get(PK, "SHOW#s") is not None
            except BaseException as error:  # reported by the test thread
                errors.append(error)

        for _ in range(THREADS // 50):
            wave = [threading.Thread(target=read) for _ in range(50)]
            for thread in wave:
                thread.start()
            for thread in wave:
                thread.join(timeout=30)
        assert errors == []
        assert repository.open_connections <= 4
        # One descriptor for the file and one for the WAL per connection, plus the shm map.
        assert descriptors_on(path) <= 2 * 4 + 2
    assert descriptors_on(path) == 0


def test_racing_conditional_updates_lose_nothing(tmp_path: Path) -> None:
    threads, increments = 16, 40
    with SQLiteItemRepository(tmp_path / "t.sqlite3", pool_size=4) as repository:
        repository.put({"pk": PK, "sk": "SETTINGS#counter", "count": 0, "version": 1})

        def increment_many(_: int) -> int:
            conflicts = 0
            for _ in range(increments):
                # Bounded: each conflict means another writer's increment went through.
                for _ in range(threads * increments):
                    item = repository.get(PK, "SETTINGS#counter")
                    assert item is not None
                    try:
                        repository.update(
                            PK, "SETTINGS#counter", {"count": item["count"] + 1}, item["version"]
                        )
                        break
                    except VersionConflict:
                        conflicts += 1
            return conflicts

        # Any other error ("database is locked", an exhausted pool) fails the test here.
        with ThreadPoolExecutor(threads) as pool:
            conflicts = sum(pool.map(increment_many, range(threads)))
        counter = repository.get(PK, "SETTINGS#counter")
        assert counter is not None
        assert counter["count"] == threads * increments
        assert counter["version"] == 1 + threads * increments
        assert conflicts > 0  # the race really happened
        assert repository.open_connections <= 4


def test_a_borrower_waits_for_a_connection_then_gives_up(tmp_path: Path) -> None:
    opened: list[sqlite3.Connection] = []

    def connect() -> sqlite3.Connection:
        opened.append(sqlite3.connect(tmp_path / "p.sqlite3", check_same_thread=False))
        return opened[-1]

    pool = ConnectionPool(connect, size=1, checkout_seconds=0.2)
    with (
        pool.connection() as first,
        pytest.raises(StorageUnavailable, match="stayed busy"),
        pool.connection(),
    ):
        pass
    # Given back, the connection is lent again rather than a second one opened.
    with pool.connection() as again:
        assert again is first
    assert (len(opened), pool.open_connections) == (1, 1)


def test_a_waiting_borrower_gets_the_connection_given_back(tmp_path: Path) -> None:
    pool = ConnectionPool(
        lambda: sqlite3.connect(tmp_path / "p.sqlite3", check_same_thread=False),
        size=1,
        checkout_seconds=30,
    )
    lent = threading.Event()
    give_back = threading.Event()

    def hold() -> None:
        with pool.connection():
            lent.set()
            give_back.wait(timeout=30)

    holder = threading.Thread(target=hold)
    holder.start()
    assert lent.wait(timeout=30)
    threading.Timer(0.05, give_back.set).start()
    with pool.connection() as connection:
        assert connection.execute("SELECT 1").fetchone() == (1,)
    holder.join(timeout=30)


def test_close_closes_idle_connections_and_each_lent_one_on_return(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    pool = ConnectionPool(lambda: sqlite3.connect(path, check_same_thread=False), size=2)
    with pool.connection(), pool.connection():
        pass
    with pool.connection() as lent:
        pool.close()
        assert pool.open_connections == 1
        lent.execute("SELECT 1")
    assert pool.open_connections == 0
    with pytest.raises(sqlite3.ProgrammingError):
        lent.execute("SELECT 1")
    with pytest.raises(StorageUnavailable, match="closed"), pool.connection():
        pass


def test_an_in_memory_database_is_one_database_for_every_thread() -> None:
    # Each connection to ":memory:" opens a database of its own, so the pool keeps one.
    with SQLiteItemRepository(":memory:") as repository:
        repository.put({"pk": PK, "sk": "SHOW#s", "version": 1})
        with ThreadPoolExecutor(4) as pool:
            found = list(pool.map(lambda _: repository.get(PK, "SHOW#s"), range(50)))
        assert all(item is not None for item in found)
        assert repository.open_connections == 1
