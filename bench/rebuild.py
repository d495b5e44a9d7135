"""Benchmark of ``rebuild --verify`` and ``rebuild`` over one user's 10^5 entries (SQLite).

Run: ``.venv/bin/python bench/rebuild.py [--size 100000]``
The user of ``bench/history.py`` (five years of every kind, a fifth of them logs) is written
through the unit of work, then, on the same store: ``verify`` (reads every entry and kept
item, recomputes, compares; writes nothing), ``rebuild`` (the same, storing what differs),
and, as the baseline, a bare read of every item of the user's partition. It prints figures
and the differences found; it asserts nothing.
"""

from __future__ import annotations

import argparse
import functools
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.api import USER  # noqa: E402
from bench.history import history_items, populate  # noqa: E402
from handlers.service.kept.area import KeptItems  # noqa: E402
from handlers.settings import Settings  # noqa: E402
from storage.models import user_pk  # noqa: E402
from storage.sqlite import SQLiteItemRepository  # noqa: E402

print = functools.partial(print, flush=True)  # figures appear as they are measured


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    size = parser.parse_args().size
    zone = ZoneInfo(Settings().timezone)
    with tempfile.TemporaryDirectory() as folder, SQLiteItemRepository(
            Path(folder) / "bench.sqlite3") as repo:
        items = history_items(size)
        started = time.perf_counter()
        populate(repo, items)
        written = time.perf_counter() - started
        print(f"wrote {len(items):,} items through the unit of work in {written:.1f} s "
              f"({len(items) / written:,.0f} items/s)")
        kept = KeptItems(repo, lambda _user: zone)
        started = time.perf_counter()
        stored = sum(1 for _ in repo.query_prefix(user_pk(USER), ""))
        bare = time.perf_counter() - started
        print(f"bare read of the partition: {stored:,} items in {bare:.2f} s")
        started = time.perf_counter()
        differences = kept.verify(USER)
        verified = time.perf_counter() - started
        print(f"rebuild --verify: {verified:.2f} s ({verified / bare:.1f}x the bare read), "
              f"{len(differences)} differences")
        for difference in differences[:10]:
            print(f"  {difference}")
        started = time.perf_counter()
        changed = kept.rebuild(USER)
        rebuilt = time.perf_counter() - started
        print(f"rebuild: {rebuilt:.2f} s, {changed} items written")


if __name__ == "__main__":
    main()
