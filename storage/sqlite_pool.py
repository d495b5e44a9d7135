"""A bounded pool of SQLite connections shared by every thread of a process (opens files).

One connection per thread leaked a connection (two descriptors) per thread ever served:
the local server makes a thread per TCP connection. A fixed number of connections is
opened on demand instead, lent out for one operation at a time and closed by ``close``.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from storage.repository import StorageUnavailable

DEFAULT_POOL_SIZE = 8
DEFAULT_CHECKOUT_SECONDS = 30.0
WAL_PAGES = 16_384
"""Pages of write-ahead log (4 KB each) after which a commit copies them into the file."""


def open_connection(
    path: Path, busy_timeout_seconds: float, *, create: bool = True
) -> sqlite3.Connection:
    """A connection to the file at ``path`` in WAL mode, waiting for locks that long; without
    ``create``, a file that is not there is refused rather than made."""
    # SQLite's own "read-write, never create" mode: no window between a check and the open.
    target = path if create else f"{path.resolve().as_uri()}?mode=rw"
    # Autocommit mode: transactions are opened explicitly where they are needed.
    connection = sqlite3.connect(
        target, timeout=busy_timeout_seconds, isolation_level=None, check_same_thread=False,
        uri=not create,
    )
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        # A checkpoint after every 64 MB of log, not every 4 MB: a bulk write (an import
        # commits 4,000 rows a batch, each rewriting pages all over the tree) copies a
        # page into the file once per checkpoint however many commits rewrote it.
        connection.execute(f"PRAGMA wal_autocheckpoint={WAL_PAGES}")
    except BaseException:
        connection.close()
        raise
    return connection


class ConnectionPool:
    """At most ``size`` open connections; a borrower waits up to ``checkout_seconds``."""

    def __init__(
        self,
        connect: Callable[[], sqlite3.Connection],
        size: int = DEFAULT_POOL_SIZE,
        checkout_seconds: float = DEFAULT_CHECKOUT_SECONDS,
    ) -> None:
        if size < 1:
            raise ValueError("a connection pool needs room for at least one connection")
        self._connect = connect
        self._size = size
        self._checkout_seconds = checkout_seconds
        self._idle: list[sqlite3.Connection] = []
        self._open = 0
        self._closed = False
        self._available = threading.Condition()

    @property
    def open_connections(self) -> int:
        """How many connections are open right now (lent out or idle)."""
        with self._available:
            return self._open

    @contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        """Lend one connection for the duration of the block."""
        connection = self._checkout()
        try:
            yield connection
        finally:
            self._checkin(connection)

    def close(self) -> None:
        """Close the idle connections now and each lent one when it comes back."""
        with self._available:
            self._closed = True
            idle, self._idle = self._idle, []
            self._open -= len(idle)
            self._available.notify_all()
        for connection in idle:
            connection.close()

    def _checkout(self) -> sqlite3.Connection:
        deadline = time.monotonic() + self._checkout_seconds
        with self._available:
            while True:
                if self._closed:
                    raise StorageUnavailable("the SQLite store was closed")
                if self._idle:
                    return self._idle.pop()
                if self._open < self._size:
                    self._open += 1
                    break
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise StorageUnavailable(
                        f"all {self._size} SQLite connections stayed busy for "
                        f"{self._checkout_seconds:g} s"
                    )
                self._available.wait(remaining)
        # Opened outside the lock: connecting touches the disk and may wait on the file.
        try:
            return self._connect()
        except BaseException:
            with self._available:
                self._open -= 1
                self._available.notify()
            raise

    def _checkin(self, connection: sqlite3.Connection) -> None:
        reusable = True
        if connection.in_transaction:
            # An error escaped mid-transaction; the next borrower must start clean.
            try:
                connection.rollback()
            except sqlite3.Error:
                reusable = False
        with self._available:
            if reusable and not self._closed:
                self._idle.append(connection)
                self._available.notify()
                return
            self._open -= 1
            self._available.notify()
        connection.close()
