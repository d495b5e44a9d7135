"""KOReader and Anki databases built with each project's own schema, for import tests (file I/O).

The SQL is KOReader's ``plugins/statistics.koplugin/main.lua`` (``createDB``, schema 20221111)
and Anki's ``rslib/src/storage/schema11.sql`` (``col`` and ``revlog``), so the importer meets
the files as the apps write them.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from pathlib import Path

KOREADER_SCHEMA = """
CREATE TABLE IF NOT EXISTS book
    (
        id integer PRIMARY KEY autoincrement,
        title text, authors text, notes integer, last_open integer, highlights integer,
        pages integer, series text, language text, md5 text,
        total_read_time integer, total_read_pages integer
    );
CREATE UNIQUE INDEX IF NOT EXISTS book_title_authors_md5 ON book(title, authors, md5);
CREATE TABLE IF NOT EXISTS page_stat_data
    (
        id_book     integer,
        page        integer NOT NULL DEFAULT 0,
        start_time  integer NOT NULL DEFAULT 0,
        duration    integer NOT NULL DEFAULT 0,
        total_pages integer NOT NULL DEFAULT 0,
        UNIQUE (id_book, page, start_time),
        FOREIGN KEY(id_book) REFERENCES book(id)
    );
CREATE INDEX IF NOT EXISTS page_stat_data_start_time ON page_stat_data(start_time);
CREATE TABLE IF NOT EXISTS numbers (number INTEGER PRIMARY KEY);
WITH RECURSIVE counter AS (SELECT 1 as N UNION ALL SELECT N + 1 FROM counter WHERE N < 1000)
    INSERT INTO numbers SELECT N AS number FROM counter;
CREATE VIEW IF NOT EXISTS page_stat AS
    SELECT id_book, first_page + idx - 1 AS page, start_time,
           duration / (last_page - first_page + 1) AS duration
    FROM (
        SELECT id_book, page, total_pages, pages, start_time, duration,
            ((page - 1) * pages) / total_pages + 1 AS first_page,
            max(((page - 1) * pages) / total_pages + 1, (page * pages) / total_pages) AS last_page,
            idx
        FROM page_stat_data
        JOIN book ON book.id = id_book
        JOIN (SELECT number as idx FROM numbers) AS N ON idx <= (last_page - first_page + 1)
    );
PRAGMA user_version = 20221111;
"""

ANKI_SCHEMA = """
CREATE TABLE col (
    id integer primary key, crt integer not null, mod integer not null, scm integer not null,
    ver integer not null, dty integer not null, usn integer not null, ls integer not null,
    conf text not null, models text not null, decks text not null, dconf text not null,
    tags text not null
);
CREATE TABLE revlog (
    id integer primary key, cid integer not null, usn integer not null, ease integer not null,
    ivl integer not null, lastIvl integer not null, factor integer not null,
    time integer not null, type integer not null
);
CREATE INDEX ix_revlog_cid on revlog (cid);
"""

Page = tuple[int, int, int]
"""(page, start_time epoch s, duration s)."""


def koreader(path: Path, books: dict[str, Iterable[Page]], *, schema: bool = True) -> Path:
    """A ``statistics.sqlite3`` holding these books (title → pages read), all in Japanese."""
    with sqlite3.connect(path) as db:
        if schema:
            _koreader_books(db, books, {})
        else:
            db.execute("CREATE TABLE settings (key text, value text)")
    return path


def koreader_bytes(books: Mapping[str, Iterable[Page]],
                   languages: Mapping[str, str | None]) -> bytes:
    """The bytes of a ``statistics.sqlite3`` built in memory; ``languages`` gives a book's
    ``book.language`` (``None``: not set), ``ja`` for a book it does not name."""
    db = sqlite3.connect(":memory:")
    try:
        _koreader_books(db, books, languages)
        db.commit()
        return db.serialize()
    finally:
        db.close()


def _koreader_books(db: sqlite3.Connection, books: Mapping[str, Iterable[Page]],
                    languages: Mapping[str, str | None]) -> None:
    db.executescript(KOREADER_SCHEMA)
    for number, (title, pages) in enumerate(books.items(), start=1):
        db.execute(
            "INSERT INTO book (title, authors, pages, language, md5, total_read_time,"
            " total_read_pages) VALUES (?, 'author', 300, ?, ?, 0, 0)",
            (title, languages.get(title, "ja"), f"md5-{number:032d}"))
        db.executemany(
            "INSERT INTO page_stat_data VALUES (?, ?, ?, ?, 300)",
            ((number, page, start, duration) for page, start, duration in pages))


def anki(path: Path, reviews: Iterable[tuple[int, int, int]], *, version: int = 11,
         rollover: int = 4) -> Path:
    """A ``collection.anki2`` whose review log holds (epoch ms, ease, ms spent) rows."""
    with sqlite3.connect(path) as db:
        db.executescript(ANKI_SCHEMA)
        db.execute("INSERT INTO col VALUES (1, 0, 0, 0, ?, 0, 0, 0, ?, '{}', '{}', '{}', '{}')",
                   (version, json.dumps({"rollover": rollover})))
        db.executemany(
            "INSERT INTO revlog VALUES (?, ?, -1, ?, 1, 0, 2500, ?, 1)",
            ((at, 1000 + n, ease, spent) for n, (at, ease, spent) in enumerate(reviews)))
    return path
