"""Reader imports benchmark: five years of daily ttu statistics and a KOReader page log (does I/O).

On SQLite: imports about 1,800 ttu days (target ≤ 1 s), imports the same file again (target:
0 store writes), and imports a KOReader ``statistics.sqlite3`` of 10^5 page rows (target
≤ 5 s). The baseline, in the same process, writes the same ttu entries straight through the
history's create path (what any import costs at least).
"""

from __future__ import annotations

import io
import json
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import IO
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [str(ROOT), *(p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench")]

from handlers.service.kept.creating import create_new  # noqa: E402
from handlers.service.portability.area import Portability  # noqa: E402
from handlers.service.portability.imports.readers.figures import DayFigure  # noqa: E402
from handlers.service.portability.imports.readers.in_place import entry  # noqa: E402
from handlers.service.portability.imports.rows import epoch_of  # noqa: E402
from storage.repository import ItemRepository  # noqa: E402
from storage.sqlite import SQLiteItemRepository  # noqa: E402
from tests.support import reader_databases  # noqa: E402
from tests.support.counting_repository import CountingRepository  # noqa: E402

NOW = datetime(2026, 12, 1, tzinfo=UTC)
ZONE = ZoneInfo("Asia/Tokyo")
FIRST = date(2021, 12, 1)
DAYS = 1826
WRITES = ("put", "put_if_absent", "put_many_if_absent", "write_many", "update", "delete",
          "transact")


def ttu_days() -> list[DayFigure]:
    """A learner reading every day for five years, a new book every 40 days."""
    return [DayFigure(key=f"本 {n // 40 + 1}", title=f"本 {n // 40 + 1}",
                      day=FIRST + timedelta(days=n), activity="book",
                      seconds=1800 + n % 900, characters=8000 + n % 5000) for n in range(DAYS)]


def ttu_file(figures: list[DayFigure]) -> bytes:
    """The figures as ttu's statistics export writes them."""
    return json.dumps([
        {"title": f.title, "dateKey": f.day.isoformat(), "charactersRead": f.characters,
         "readingTime": f.seconds, "lastStatisticModified": 1_700_000_000_000 + n}
        for n, f in enumerate(figures)], ensure_ascii=False).encode()


def timed_import(store: ItemRepository, stream: IO[bytes], asked: str) -> tuple[float, int]:
    started = time.perf_counter()
    report = Portability(store, lambda: NOW, lambda _user: ZONE).import_file(
        "bench", stream, asked)
    return time.perf_counter() - started, report.added + report.replaced


def main() -> None:
    figures = ttu_days()
    data = ttu_file(figures)
    print("| Work | Rows | Wall | Writes | Target |")
    print("|---|---:|---:|---:|---|")
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        with SQLiteItemRepository(base / "baseline.sqlite3") as store:
            items = [entry("bench", "ttu", f, epoch_of(f.day, ZONE, NOW), NOW, "bench")
                     for f in figures]
            started = time.perf_counter()
            for start in range(0, len(items), 1000):
                create_new(store, "bench", ZONE, items[start:start + 1000])
            baseline = time.perf_counter() - started
            print(f"| baseline: create the same entries | {DAYS:,} | {baseline:.2f} s | — | — |")
        with SQLiteItemRepository(base / "ttu.sqlite3") as store:
            seconds, changed = timed_import(store, io.BytesIO(data), "ttu")
            verdict = "met" if seconds <= 1 else "missed"
            print(f"| import ttu, 5 years daily | {DAYS:,} | {seconds:.2f} s |"
                  f" {changed:,} entries | ≤ 1 s: {verdict} ({seconds / baseline:.1f}× baseline) |")
            counting = CountingRepository(store)
            seconds, _ = timed_import(counting, io.BytesIO(data), "ttu")
            writes = sum(counting.calls[name] for name in WRITES)
            print(f"| re-import the same file | {DAYS:,} | {seconds:.2f} s | {writes} |"
                  f" 0 writes: {'met' if writes == 0 else 'missed'} |")
        database = base / "statistics.sqlite3"
        reader_databases.koreader(database, {})
        start = int(datetime(2024, 1, 1, 8, tzinfo=UTC).timestamp())
        with sqlite3.connect(database) as db:
            for book in range(1, 21):
                db.execute("INSERT INTO book (title, md5) VALUES (?, ?)",
                           (f"本 {book}", f"m{book}"))
            db.executemany("INSERT INTO page_stat_data VALUES (?, ?, ?, ?, 500)",
                           ((n // 5000 + 1, n % 500, start + n * 120, 40) for n in range(100_000)))
        with SQLiteItemRepository(base / "koreader.sqlite3") as store:
            with database.open("rb") as stream:  # as the command line reads it
                seconds, changed = timed_import(store, stream, "koreader")
            verdict = "met" if seconds <= 5 else "missed"
            print(f"| import KOReader, 10^5 page rows | 100,000 | {seconds:.2f} s |"
                  f" {changed:,} entries | ≤ 5 s: {verdict} |")


if __name__ == "__main__":
    main()
