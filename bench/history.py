"""Benchmark of the history and the statistics at 10^5 entries: each beside a bare read.

Run: ``.venv/bin/python bench/history.py [--size 100000] [--repeat 15] [--store sqlite,dynamodb]``
A user with five years of every kind (episodes, movies, videos, podcasts, logs) is written
to the store, then, in the same run and on the same store:

- ``GET /history`` first page (50) and a page deep in the history, beside a bare batched
  read of exactly the entries that page shows;
- ``GET /stats`` for a year by week and for ten years by month, ``GET /progress`` and
  ``GET /progress`` right after a log (the log keeps the kept totals by delta, so this
  should cost what the steady one does), beside a bare read of every entry and record
  (``/stats`` and ``/progress`` read the kept totals instead).

The DynamoDB tier re-runs the script inside ``unshare -n`` (DynamoDB Local binds every
interface). It prints figures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import functools
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from bench.api import (  # noqa: E402
    NOW,
    USER,
    dynamodb_local_stores,
    median_seconds,
    realistic_items,
)
from bench.storage import enter_private_network  # noqa: E402
from handlers.service.facade import Service  # noqa: E402
from handlers.service.kept.creating import create_new  # noqa: E402
from handlers.service.logbook import history_index  # noqa: E402
from handlers.service.logbook.history import cursor_for, entry_sk  # noqa: E402
from handlers.service.logbook.writes import LogRequest  # noqa: E402
from handlers.service.progress.stats import STATS_PREFIXES  # noqa: E402
from handlers.settings import Settings  # noqa: E402
from metadata_clients.settings import ProviderSettings, build_clients  # noqa: E402
from storage.models import LogEntry, Show, user_pk  # noqa: E402
from storage.repository import Item, ItemRepository  # noqa: E402
from storage.sqlite import SQLiteItemRepository  # noqa: E402

print = functools.partial(print, flush=True)  # figures appear as they are measured
ACTIVITIES = ("anime", "manga", "visual_novel", "book", "audiobook", "game", "podcast")


def history_items(count: int) -> list[Item]:
    """The first generation's mix for 4/5 of ``count``, logs of every activity for the rest."""
    start = int(NOW.timestamp()) - 5 * 365 * 86400
    items = realistic_items(count - count // 5, start)
    # Every folder has a show record (a sync creates a bare one with its first episode).
    folders = {str(item["folder_name"]) for item in items if "folder_name" in item}
    known = {str(item["folder_name"]) for item in items if item["sk"].startswith("SHOW#")}
    items += [Show(user=USER, folder_name=f).to_item() for f in sorted(folders - known)]
    span = 5 * 365 * 86400
    for n in range(count // 5):
        at = start + (n * span) // max(count // 5, 1) + 4321
        items.append(
            LogEntry(
                user=USER, log_id=f"{n:026d}", activity=ACTIVITIES[n % len(ACTIVITIES)],
                title=f"Title {n % 300}", duration=600 + n % 3000, timestamp=at,
                created_at=at, source="api",
            ).to_item()
        )
    return items


def populate(repo: ItemRepository, items: list[Item]) -> None:
    """Write the items as syncs and logs do: each entry with its show, channel or podcast
    record already there (a sync writes a new record in the same batch as its entries)."""
    items = sorted(items, key=lambda item: history_index.is_entry(item["sk"]))
    for begin in range(0, len(items), 1000):
        chunk = items[begin : begin + 1000]
        create_new(repo, USER, ZoneInfo(Settings().timezone), chunk)


def _cursor_at(repo: ItemRepository, depth: int) -> str:
    """The cursor a client holds after paging ``depth`` entries deep (without paging there)."""
    references = repo.query_prefix(user_pk(USER), history_index.PREFIX, limit=depth)
    return cursor_for(list(references)[-1]["sk"])


def _ratio(name: str, ours: float, bare: float) -> None:
    print(f"  {name:<34} {ours * 1000:>9.1f} ms  bare {bare * 1000:>9.1f} ms  "
          f"ratio {ours / bare:>5.2f}x")


def bench_store(name: str, repo: ItemRepository, size: int, repeat: int) -> None:
    print(f"\n## {name}, {size:,} entries (median of {repeat}, after one untimed warm-up)")
    populate(repo, history_items(size))
    clients = build_clients(ProviderSettings(), httpx.Client())
    service = Service(repo=repo, providers=clients, settings=Settings(), clock=lambda: NOW)
    pk = user_pk(USER)
    deep = _cursor_at(repo, size * 9 // 10)
    for label, cursor in (("first page", None), ("page 90% deep", deep)):
        page = service.logbook.history(USER, limit=50, cursor=cursor)
        sks = [entry_sk(entry.id) for entry in page.entries]

        def ours_page(at: str | None = cursor) -> object:
            return service.logbook.history(USER, limit=50, cursor=at)

        def bare_page(wanted: list[str] = sks) -> object:
            return repo.get_many(pk, wanted)

        _ratio(f"GET /history {label} (50)", median_seconds(ours_page, repeat),
               median_seconds(bare_page, repeat))

    def bare_read() -> int:
        return sum(1 for prefix in STATS_PREFIXES for _ in repo.query_prefix(pk, prefix))

    bare_all = median_seconds(bare_read, repeat)
    year = median_seconds(
        lambda: service.logbook.stats(USER, "2025-11-21", "2026-11-20", "week"), repeat
    )
    _ratio("GET /stats a year by week", year, bare_all)
    whole = median_seconds(  # the bot's "/progress all": ten years, so every entry
        lambda: service.logbook.stats(USER, "2016-11-21", "2026-11-20", "month"), repeat
    )
    _ratio("GET /stats ten years by month", whole, bare_all)
    _ratio("GET /progress", median_seconds(lambda: service.progress(USER), repeat), bare_all)
    _ratio("GET /progress after a log", _after_a_log(service, repeat), bare_all)


def _after_a_log(service: Service, repeat: int) -> float:
    """Median of ``GET /progress`` right after a log (untimed), through the API's path."""
    def timed() -> float:
        service.logbook.log(USER, LogRequest(activity="book", minutes=20), "api")
        began = time.perf_counter()
        service.progress(USER)
        return time.perf_counter() - began

    return statistics.median(timed() for _ in range(repeat))


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--store", default="sqlite,dynamodb")
    args = parser.parse_args(argv)
    stores = args.store.split(",")
    if "dynamodb" in stores:
        enter_private_network()  # DynamoDB Local binds every interface
    print(f"# bench/history.py, {datetime.now(UTC):%Y-%m-%d}, {os.cpu_count()} cores")
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        opened: list[Callable[[], None]] = []
        if "sqlite" in stores:
            sqlite = SQLiteItemRepository(tmp / "history.sqlite3")
            opened.append(sqlite.close)
            bench_store("SQLite", sqlite, args.size, args.repeat)
        if "dynamodb" in stores:
            open_table, _count = stack.enter_context(dynamodb_local_stores())
            bench_store("DynamoDB Local", open_table("history"), args.size, args.repeat)
        for close in opened:
            close()


if __name__ == "__main__":
    main()
