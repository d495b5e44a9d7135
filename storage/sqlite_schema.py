"""The SQLite store's table and the SQL of its expiry rules (constants, no I/O)."""

from __future__ import annotations

from collections.abc import Sequence

SCHEMA = """
CREATE TABLE IF NOT EXISTS items (
    pk TEXT NOT NULL,
    sk TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (pk, sk)
) WITHOUT ROWID
"""

EXPIRY = "json_extract(body, '$.expires_at')"
EXPIRED = f"json_type(body, '$.expires_at') IN ('integer', 'real') AND {EXPIRY} <= ?"
"""Mirrors :func:`storage.repository.is_expired` (a JSON ``true`` is no expiry time)."""
EXPIRY_INDEX = (
    f"CREATE INDEX IF NOT EXISTS items_expiry ON items ({EXPIRY}) WHERE {EXPIRY} IS NOT NULL"
)
PURGE = (
    "DELETE FROM items WHERE (pk, sk) IN"  # noqa: S608 - constant SQL, values are bound
    f" (SELECT pk, sk FROM items WHERE {EXPIRY} IS NOT NULL AND {EXPIRED} LIMIT ?)"
)
PURGE_PER_WRITE = 16
"""Expired items removed per create: bounded work, and faster than they can be made."""
CREATE = (
    "INSERT INTO items (pk, sk, body) VALUES (?, ?, ?) ON CONFLICT (pk, sk)"  # noqa: S608
    f" DO UPDATE SET body = excluded.body WHERE {EXPIRED.replace('body', 'items.body')}"
)
"""Create unless a live item has the key: an expired one is replaced, as if absent."""
UPSERT = (
    "INSERT INTO items (pk, sk, body) VALUES (?, ?, ?)"
    " ON CONFLICT (pk, sk) DO UPDATE SET body = excluded.body"
)
SELECT_ONE = "SELECT body FROM items WHERE pk = ? AND sk = ?"
DELETE_ONE = "DELETE FROM items WHERE pk = ? AND sk = ?"
READ_CHUNK = 500
"""Keys per ``select_keys`` lookup (two variables each) and rows per page of a prefix query."""


def select_keys(keys: Sequence[tuple[str, str]]) -> tuple[str, list[str]]:
    """The SQL and parameters reading the items at ``keys`` (any partitions).

    A CROSS JOIN from the wanted keys makes one primary-key search per key; SQLite plans
    ``(pk, sk) IN (VALUES ...)`` as a scan of the whole table.
    """
    marks = ",".join(["(?, ?)"] * len(keys))
    sql = (
        f"WITH wanted(pk, sk) AS (VALUES {marks}) SELECT items.pk, items.sk, items.body"  # noqa: S608
        " FROM wanted CROSS JOIN items ON items.pk = wanted.pk AND items.sk = wanted.sk"
    )
    return sql, [part for key in keys for part in key]


def select_scan_page(after: tuple[str, str] | None, chunk: int) -> tuple[str, list[str | int]]:
    """The SQL and parameters reading ``chunk`` rows of every partition after ``after``
    (a ``(pk, sk)``; ``None``: from the first), in ``(pk, sk)`` order."""
    if after is None:
        return "SELECT pk, sk, body FROM items ORDER BY pk, sk LIMIT ?", [chunk]
    return ("SELECT pk, sk, body FROM items WHERE (pk, sk) > (?, ?) ORDER BY pk, sk LIMIT ?",
            [*after, chunk])


def select_prefix_page(
    pk: str, lower: str, upper: str | None, after: str | None, chunk: int,
    descending: bool = False,
) -> tuple[str, list[str | int]]:
    """The SQL and parameters reading ``chunk`` rows of ``pk`` from ``lower`` (or after
    ``after``) up to ``upper`` (exclusive, ``None``: no bound), in ``sk`` order, or from
    the top down when ``descending`` (then ``upper`` moves as the pages go)."""
    # One lower bound only: given both "sk >= lower" and "sk > after", SQLite may seek
    # to the first and scan every earlier page again, making a full read quadratic.
    conditions = ["pk = ?", "sk >= ?" if after is None else "sk > ?"]
    parameters: list[str | int] = [pk, lower if after is None else after]
    if upper is not None:
        conditions.append("sk < ?")
        parameters.append(upper)
    parameters.append(chunk)
    sql = (
        f"SELECT sk, body FROM items WHERE {' AND '.join(conditions)}"  # noqa: S608
        f" ORDER BY sk{' DESC' if descending else ''} LIMIT ?"
    )
    return sql, parameters
