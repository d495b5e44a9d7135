"""The SQLite item repository: the embedded default store, one file on disk (does I/O).

Items live as JSON in one ``(pk, sk, body)`` table, whose BINARY collation (UTF-8 bytes)
is DynamoDB's sort-key order. Threads borrow connections from a small bounded pool, one
operation at a time; writes that read first take the write lock (``BEGIN IMMEDIATE``), so
two processes sharing the file cannot interleave them. Expired items are hidden from reads
and purged a few at a time by later creates (all at once on open), as DynamoDB's TTL does.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

from storage import sqlite_schema as schema
from storage.item_shape import (
    applied_changes,
    checked_changes,
    distinct_keys,
    first_of_each_key,
    from_json_bodies,
    stored_attributes,
)
from storage.item_shape import from_json_body as _decode
from storage.item_shape import json_body as _encode
from storage.key_range import prefix_upper_bound
from storage.limits import check_key, key_fits
from storage.repository import (
    EpochClock,
    InvalidItem,
    Item,
    Op,
    StorageUnavailable,
    TransactionConflict,
    VersionConflict,
    is_expired,
    start_within,
    system_epoch_clock,
)
from storage.sqlite_pool import (
    DEFAULT_CHECKOUT_SECONDS,
    DEFAULT_POOL_SIZE,
    ConnectionPool,
    open_connection,
)
from storage.sqlite_transaction import Checked, CreateRefused


class SQLiteItemRepository:
    """An :class:`~storage.repository.ItemRepository` on one SQLite file."""

    def __init__(
        self,
        path: Path | str,
        busy_timeout_seconds: float = 10.0,
        pool_size: int = DEFAULT_POOL_SIZE,
        checkout_seconds: float = DEFAULT_CHECKOUT_SECONDS,
        clock: EpochClock = system_epoch_clock,
        *,
        create: bool = True,
    ) -> None:
        """``create=False`` opens only a file that exists (a store to copy from, say)."""
        self._path = Path(path)
        self._clock = clock
        if str(path) == ":memory:":
            # Each connection to ":memory:" is a database of its own: only one may exist.
            pool_size = 1
        connect = partial(open_connection, self._path, busy_timeout_seconds, create=create)
        self._pool = ConnectionPool(connect, pool_size, checkout_seconds)
        if create:
            self._path.parent.mkdir(parents=True, exist_ok=True)
        with self._connection() as connection:
            connection.execute(schema.SCHEMA)
            connection.execute(schema.EXPIRY_INDEX)
            connection.execute(schema.PURGE, (self._clock(), -1))

    @property
    def open_connections(self) -> int:
        """How many SQLite connections this repository holds open right now."""
        return self._pool.open_connections

    def close(self) -> None:
        """Close every connection this repository opened (in any thread)."""
        self._pool.close()

    def __enter__(self) -> SQLiteItemRepository:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        """Borrow a connection for one statement or transaction."""
        try:
            with self._pool.connection() as connection:
                yield connection
        except sqlite3.OperationalError as error:
            # "database is locked" after the busy timeout, disk full, unreadable file.
            message = f"the SQLite store at {self._path} refused: {error}"
            raise StorageUnavailable(message) from error

    @contextmanager
    def _write_transaction(self) -> Iterator[sqlite3.Connection]:
        with self._connection() as connection:
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield connection
            except BaseException:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")

    def _live(self, pk: str, sk: str, body: str, now: float) -> Item | None:
        item = _decode(pk, sk, body)
        return None if is_expired(item, now) else item

    def get(self, pk: str, sk: str) -> Item | None:
        if not key_fits(pk, sk):
            return None
        with self._connection() as connection:
            row = connection.execute(schema.SELECT_ONE, (pk, sk)).fetchone()
        return None if row is None else self._live(pk, sk, row[0], self._clock())

    def get_many(self, pk: str, sks: Sequence[str]) -> dict[str, Item]:
        return {sk: item for (_, sk), item in self.get_keys([(pk, sk) for sk in sks]).items()}

    def get_keys(self, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], Item]:
        unique = [key for key in dict.fromkeys(keys) if key_fits(*key)]
        found: dict[tuple[str, str], Item] = {}
        now = self._clock()
        for start in range(0, len(unique), schema.READ_CHUNK):
            chunk = unique[start : start + schema.READ_CHUNK]
            sql, parameters = schema.select_keys(chunk)
            with self._connection() as connection:
                rows = connection.execute(sql, parameters).fetchall()
            for pk, sk, body in rows:
                item = self._live(pk, sk, body, now)
                if item is not None:
                    found[(pk, sk)] = item
        return found

    def write_many(self, puts: Sequence[Item], deletes: Sequence[tuple[str, str]] = ()) -> None:
        stored = [stored_attributes(item) for item in puts]
        distinct_keys(stored, deletes)
        if not stored and not deletes:
            return
        with self._write_transaction() as connection:
            connection.executemany(
                schema.UPSERT, [(item["pk"], item["sk"], _encode(item)) for item in stored]
            )
            connection.executemany(schema.DELETE_ONE, [tuple(key) for key in deletes])
            connection.execute(schema.PURGE, (self._clock(), schema.PURGE_PER_WRITE))

    def transact(self, ops: Sequence[Op]) -> None:
        self.transact_many([ops])

    def transact_many(self, transactions: Sequence[Sequence[Op]]) -> None:
        # Checked before the first write, then one SQLite transaction (a commit costs more
        # than a hundred rows, and a bulk change is many).
        checked = Checked(transactions)
        if not checked.transactions:
            return
        created = checked.created_first()
        try:
            self._write_checked(checked, created)
        except (CreateRefused, TransactionConflict, InvalidItem):
            if not created:
                raise
            # A key created unread was taken: again, reading every key (a full read's error).
            self._write_checked(checked, set())

    def _write_checked(self, checked: Checked, created: set[tuple[str, str]]) -> None:
        # The write lock is taken before the reads: the conditions hold until the commit.
        with self._write_transaction() as connection:
            now = self._clock()
            checked.write(connection, now, self._live, created)
            connection.execute(schema.PURGE, (now, schema.PURGE_PER_WRITE))

    def _create(self, connection: sqlite3.Connection, item: Item, now: float) -> bool:
        cursor = connection.execute(schema.CREATE, (item["pk"], item["sk"], _encode(item), now))
        return cursor.rowcount == 1

    def put(self, item: Item) -> None:
        stored = stored_attributes(item)
        with self._write_transaction() as connection:
            connection.execute(schema.UPSERT, (stored["pk"], stored["sk"], _encode(stored)))
            connection.execute(schema.PURGE, (self._clock(), schema.PURGE_PER_WRITE))

    def put_if_absent(self, item: Item) -> bool:
        return bool(self.put_many_if_absent([item]))

    def put_many_if_absent(self, items: Sequence[Item]) -> set[tuple[str, str]]:
        unique = first_of_each_key([stored_attributes(item) for item in items])
        created: set[tuple[str, str]] = set()
        if not unique:
            return created
        now = self._clock()
        with self._write_transaction() as connection:
            for item in unique:
                if self._create(connection, item, now):
                    created.add((item["pk"], item["sk"]))
            connection.execute(schema.PURGE, (now, schema.PURGE_PER_WRITE))
        return created

    def query_prefix(self, pk: str, sk_prefix: str = "", *, start_after: str | None = None,
                     limit: int | None = None) -> Iterator[Item]:
        if not key_fits(pk, sk_prefix):
            return
        # Keyset pages rather than one open cursor: no read transaction stays open while
        # the caller works between items (it may write through this same store).
        upper = prefix_upper_bound(sk_prefix)
        anything, after = start_within(sk_prefix, start_after)
        remaining = limit if limit is not None else sys.maxsize
        while anything and remaining > 0:
            chunk = min(schema.READ_CHUNK, remaining)
            page = self._rows(*schema.select_prefix_page(pk, sk_prefix, upper, after, chunk))
            now = self._clock()
            for item in from_json_bodies(pk, page):
                if not is_expired(item, now):
                    # Only live items count: expired ones skipped leave room for more.
                    remaining -= 1
                    yield item
            if len(page) < chunk:
                return
            after = page[-1][0]

    def last_in_prefix(self, pk: str, sk_prefix: str = "") -> Item | None:
        if not key_fits(pk, sk_prefix):
            return None
        before, chunk = prefix_upper_bound(sk_prefix), 1  # expired keys widen the page
        while True:
            page = self._rows(*schema.select_prefix_page(pk, sk_prefix, before, None, chunk, True))
            now = self._clock()
            live = (item for item in from_json_bodies(pk, page) if not is_expired(item, now))
            found = next(live, None)
            if found is not None or len(page) < chunk:
                return found
            before, chunk = page[-1][0], schema.READ_CHUNK

    def _rows(self, sql: str, parameters: Sequence[str | int]) -> list[Any]:
        with self._connection() as connection:
            return connection.execute(sql, parameters).fetchall()

    def _stored_version(self, connection: sqlite3.Connection, pk: str, sk: str) -> Item | None:
        row = connection.execute(schema.SELECT_ONE, (pk, sk)).fetchone()
        return None if row is None else self._live(pk, sk, row[0], self._clock())

    def scan(
        self, *, start_after: tuple[str, str] | None = None, limit: int | None = None
    ) -> Iterator[Item]:
        # Keyset pages over the primary key, as query_prefix: no read stays open between pages.
        after = start_after
        remaining = limit if limit is not None else sys.maxsize
        while remaining > 0:
            chunk = min(schema.READ_CHUNK, remaining)
            rows: list[tuple[str, str, str]] = self._rows(*schema.select_scan_page(after, chunk))
            now = self._clock()
            for pk, sk, body in rows:
                item = self._live(pk, sk, body, now)
                if item is not None:
                    remaining -= 1
                    yield item
            if len(rows) < chunk:
                return
            after = (rows[-1][0], rows[-1][1])

    def update(self, pk: str, sk: str, changes: Mapping[str, Any], expected_version: int) -> Item:
        checked_changes(changes)
        check_key(pk, sk)
        with self._write_transaction() as connection:
            item = self._stored_version(connection, pk, sk)
            if item is None or item.get("version") != expected_version:
                raise VersionConflict(pk, sk)
            item = applied_changes(item, changes, expected_version + 1)
            connection.execute(
                "UPDATE items SET body = ? WHERE pk = ? AND sk = ?", (_encode(item), pk, sk)
            )
        return item

    def delete(self, pk: str, sk: str, expected_version: int | None = None) -> bool:
        if not key_fits(pk, sk):
            if expected_version is not None:
                raise VersionConflict(pk, sk)
            return False
        with self._write_transaction() as connection:
            item = self._stored_version(connection, pk, sk)
            if expected_version is not None and (
                item is None or item.get("version") != expected_version
            ):
                raise VersionConflict(pk, sk)
            connection.execute(schema.DELETE_ONE, (pk, sk))
        return item is not None

