"""KOReader's ``statistics.sqlite3`` (its page log) to day figures (reads SQLite)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from handlers.service.portability.imports.readers.figures import DayFigure
from handlers.service.portability.imports.readers.spool import tables
from handlers.service.portability.imports.rows import ImportFormatError

WHAT = "KOReader statistics database"
FIRST_PAGE_LOG_SCHEMA = 20201022
"""The schema version that brought ``page_stat_data`` (``DB_SCHEMA_VERSION`` is 20221111 now);
KOReader upgrades an older database the next time it opens it."""
_BOOKS = "SELECT id, title, authors, md5, language FROM book"
_BOOKS_WITHOUT_LANGUAGE = "SELECT id, title, authors, md5, NULL FROM book"
"""A database KOReader has not upgraded may lack ``book.language``: its books count."""
_NEEDED = {"book": {"id", "title", "authors", "md5"},
           "page_stat_data": {"id_book", "page", "start_time", "duration"}}


def check(connection: sqlite3.Connection) -> None:
    """The statistics tables with the columns read (any schema version that has them)."""
    found = tables(connection, WHAT)
    missing = [name for name in _NEEDED if name not in found]
    (version,) = connection.execute("PRAGMA user_version").fetchone()
    if missing and 0 < int(version) < FIRST_PAGE_LOG_SCHEMA:
        raise ImportFormatError(
            f"This {WHAT} has schema version {version}, from before the page log I read;"
            " open it once in a current KOReader, then copy it again.")
    if missing:
        raise ImportFormatError(
            f"This database has no KOReader statistics tables ({', '.join(missing)} missing);"
            " send statistics.sqlite3 from KOReader's settings folder.")
    for table, columns in _NEEDED.items():
        have = {str(row[1]) for row in connection.execute(f"PRAGMA table_info({table})")}
        if not columns <= have:
            lacking = sorted(columns - have)[0]
            raise ImportFormatError(
                f"The {WHAT}'s table {table} has no column {lacking}; update KOReader"
                " and copy the file again.")


def read(connection: sqlite3.Connection, zone: ZoneInfo,
         check: Callable[[], None] = lambda: None) -> Iterator[DayFigure]:
    """Seconds and distinct pages per book and local day of each page's start (a session
    across midnight counts each page on the day it was opened)."""
    columns = {str(row[1]) for row in connection.execute("PRAGMA table_info(book)")}
    books = {
        int(book_id): (str(md5 or f"{title}\x1f{authors}"), str(title or "").strip(),
                       (str(language).strip() or None) if language is not None else None)
        for book_id, title, authors, md5, language in connection.execute(
            _BOOKS if "language" in columns else _BOOKS_WITHOUT_LANGUAGE)
    }
    seconds: dict[tuple[int, date], float] = {}
    pages: dict[tuple[int, date], int] = {}
    # Rows come in time order, so each book's days arrive one after another: only the
    # current day's pages are held (a day of distinct pages per book, not the whole log).
    current: dict[int, tuple[date, set[int]]] = {}
    cursor = connection.execute(
        "SELECT id_book, page, start_time, duration FROM page_stat_data ORDER BY start_time")
    quarters: dict[int, date] = {}
    while rows := cursor.fetchmany(10_000):
        check()
        for book_id, page, start, duration in rows:
            if book_id not in books or not isinstance(start, int | float):
                continue
            local = local_day(int(start), zone, quarters)
            key = (int(book_id), local)
            seconds[key] = seconds.get(key, 0.0) + max(float(duration or 0), 0.0)
            held = current.get(key[0])
            if held is None or held[0] != local:
                if held is not None:
                    pages[(key[0], held[0])] = pages.get((key[0], held[0]), 0) + len(held[1])
                held = current[key[0]] = (local, set())
            held[1].add(int(page or 0))
    for book_id, (local, seen) in current.items():
        pages[(book_id, local)] = pages.get((book_id, local), 0) + len(seen)
    for (book_id, local), total in seconds.items():
        identity, title, language = books[book_id]
        yield DayFigure(key=identity, title=title or identity, day=local, activity="book",
                        seconds=total, pages=pages[(book_id, local)], language=language)


def local_day(epoch: int, zone: ZoneInfo, cache: dict[int, date]) -> date:
    """The local day of a moment; every zone's offset is a whole number of quarter hours, so
    a quarter hour falls on one local day and is converted once."""
    quarter = epoch // 900
    found = cache.get(quarter)
    if found is None:
        if len(cache) > 4096:
            cache.clear()  # moments come in time order: old quarters are not asked again
        found = cache[quarter] = datetime.fromtimestamp(quarter * 900, UTC).astimezone(zone).date()
    return found
