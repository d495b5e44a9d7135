"""An Anki collection's review log to minutes and reviews per day (reads SQLite)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from datetime import date
from zoneinfo import ZoneInfo

from handlers.service.portability.imports.readers.figures import DayFigure
from handlers.service.portability.imports.readers.koreader import local_day
from handlers.service.portability.imports.readers.spool import tables
from handlers.service.portability.imports.rows import ImportFormatError

WHAT = "Anki collection"
NEWEST_SCHEMA = 18
"""The newest collection schema Anki writes today (``rslib/src/storage/upgrades``)."""
DEFAULT_ROLLOVER = 4
PACKAGE_MEMBERS = ("collection.anki21", "collection.anki2")
"""Plain SQLite members of a ``.colpkg``/``.apkg``, the newer first."""
COMPRESSED_MEMBER = "collection.anki21b"


def check(connection: sqlite3.Connection) -> None:
    found = tables(connection, WHAT)
    if "revlog" not in found or "col" not in found:
        raise ImportFormatError(
            "This database is not an Anki collection (it has no revlog and col tables).")
    (version,) = connection.execute("SELECT ver FROM col").fetchone() or (0,)
    if int(version or 0) > NEWEST_SCHEMA:
        raise ImportFormatError(
            f"This Anki collection uses schema {version}, newer than the {NEWEST_SCHEMA} I"
            " read; export it with \"Support older Anki versions\" ticked.")


def rollover(connection: sqlite3.Connection) -> int:
    """The hour Anki's day starts at (the collection's setting, 4 by default)."""
    try:
        row = connection.execute("SELECT val FROM config WHERE key = 'rollover'").fetchone()
        if row is not None:
            return _hour(json.loads(bytes(row[0]).decode() if isinstance(row[0], bytes)
                                    else str(row[0])))
    except (sqlite3.DatabaseError, ValueError):
        pass
    try:
        (conf,) = connection.execute("SELECT conf FROM col").fetchone()
        return _hour(json.loads(conf or "{}").get("rollover", DEFAULT_ROLLOVER))
    except (sqlite3.DatabaseError, ValueError, TypeError, AttributeError):
        return DEFAULT_ROLLOVER


def _hour(value: object) -> int:
    return value if isinstance(value, int) and 0 <= value < 24 else DEFAULT_ROLLOVER


def read(connection: sqlite3.Connection, zone: ZoneInfo,
         check: Callable[[], None] = lambda: None) -> Iterator[DayFigure]:
    """Minutes and answered reviews per Anki day (which starts at the rollover hour, so a
    review at 2 am counts for the day before, as Anki shows it)."""
    shift = rollover(connection) * 3600
    seconds: dict[date, float] = {}
    reviews: dict[date, int] = {}
    cache: dict[int, date] = {}
    cursor = connection.execute("SELECT id, time FROM revlog WHERE ease > 0")
    while rows := cursor.fetchmany(10_000):
        check()
        for review_ms, spent_ms in rows:
            day = local_day(int(review_ms) // 1000 - shift, zone, cache)
            seconds[day] = seconds.get(day, 0.0) + max(int(spent_ms or 0), 0) / 1000
            reviews[day] = reviews.get(day, 0) + 1
    for day, total in seconds.items():
        yield DayFigure(key="anki", title="Anki", day=day, activity="anki", seconds=total,
                        reviews=reviews[day])
