"""Portability benchmark: export, a Botsu import and migrate at 10^5 entries (does I/O).

Exports a history of 100,000 logs as JSON Lines and CSV from SQLite and DynamoDB Local
(rows/s and how much the process's peak RSS grew), imports a 100,000-row Botsu file
(rows/s by the wall and by the process's CPU time, DynamoDB requests per 100 rows by
operation), and migrates 100,000 items each way between the two stores (requests per 100
items and wall time) beside one PutItem per item in the same run; then logs through the
service on DynamoDB Local (requests and write units a log consumes). ``--imports`` runs
the two imports and the logs only. DynamoDB Local binds every interface, so the script
re-executes itself inside a private network namespace (see ``bench/storage.py``).
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import resource
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

# Run as a file, this folder would come first on sys.path and bench/storage.py would shadow
# the storage package; the project root must come first instead.
ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [str(ROOT), *(p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench")]

from bench.storage import RequestCounter, dynamodb_table, enter_private_network  # noqa: E402
from handlers.service.facade import Service  # noqa: E402
from handlers.service.kept.creating import create_new  # noqa: E402
from handlers.service.logbook.writes import LogRequest  # noqa: E402
from handlers.service.portability.export import csv_rows, jsonl  # noqa: E402
from handlers.service.portability.imports.job import ImportJob  # noqa: E402
from handlers.service.portability.imports.runner import run  # noqa: E402
from handlers.settings import Settings  # noqa: E402
from metadata_clients.settings import ProviderClients  # noqa: E402
from storage.dynamodb import DynamoDBItemRepository  # noqa: E402
from storage.migrate import copy_all  # noqa: E402
from storage.models import LogEntry  # noqa: E402
from storage.repository import Item, ItemRepository  # noqa: E402
from storage.sqlite import SQLiteItemRepository  # noqa: E402
from tests.support.dynamodb_local import running_dynamodb_local  # noqa: E402

USER = "bench"
NOW = datetime(2026, 12, 1, tzinfo=UTC)
ZONE = ZoneInfo("Asia/Tokyo")
_CHUNK = 1_000


def _logs(count: int) -> Iterator[list[Item]]:
    """``count`` logs a minute apart, a chunk at a time (the list is never held whole)."""
    start = int(NOW.timestamp()) - count * 60
    for first in range(0, count, _CHUNK):
        yield [
            LogEntry(user=USER, log_id=f"{n:08d}", activity="anime", title=f"Show {n % 97}",
                     duration=1440, timestamp=start + n * 60, created_at=start + n * 60,
                     source="bench").to_item()
            for n in range(first, min(first + _CHUNK, count))
        ]


def seed(store: ItemRepository, count: int) -> None:
    for chunk in _logs(count):
        create_new(store, USER, ZONE, chunk)


def _max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def export_rows(store: ItemRepository, count: int, label: str) -> None:
    exports: list[tuple[str, Callable[[], Iterator[str]]]] = [
        ("JSONL", lambda: jsonl(store, USER)),
        ("CSV", lambda: csv_rows(store, USER, ZONE)),
    ]
    for name, lines in exports:
        before, started = _max_rss_mb(), time.perf_counter()
        size = sum(len(chunk) for chunk in lines())
        seconds = time.perf_counter() - started
        grown = _max_rss_mb() - before
        print(f"| export {name} | {label} | {count:,} | {seconds:.1f} s | {count / seconds:,.0f}"
              f" | {size / 1e6:.1f} MB written, peak RSS +{grown:.1f} MB |", flush=True)


def botsu_file(count: int) -> bytes:
    rows = (json.dumps({"id": f"b{n}", "user_id": "42", "name": f"Book {n % 50}",
                        "primary_type": "reading", "media_type": "book",
                                        "duration": 1_800_000_000_000 + n,
                        "date": f"2024-03-01T10:{n % 60:02d}:00Z",
                        "meta": {}, "deleted_at": None}) for n in range(count))
    return gzip.compress(("\n".join(rows) + "\n").encode())


class Operations:
    """DynamoDB requests by operation, and the write units transactions report consuming."""

    def __init__(self, client: Any) -> None:
        self.calls: Counter[str] = Counter()
        self.write_units = 0.0
        events = client.meta.events
        events.register("before-call.dynamodb.*", self._called)
        events.register("before-parameter-build.dynamodb.TransactWriteItems", self._ask)
        events.register("after-call.dynamodb.TransactWriteItems", self._consumed)

    def _called(self, model: Any, **_: Any) -> None:
        self.calls[model.name] += 1

    def _ask(self, params: dict[str, Any], **_: Any) -> None:
        params["ReturnConsumedCapacity"] = "TOTAL"

    def _consumed(self, parsed: dict[str, Any], **_: Any) -> None:
        for table in parsed.get("ConsumedCapacity", []):
            self.write_units += float(table.get("WriteCapacityUnits", table.get(
                "CapacityUnits", 0)))


def _per_100(calls: Counter[str], rows: int) -> str:
    total = sum(calls.values())
    parts = ", ".join(f"{name} {n * 100 / rows:.2f}" for name, n in calls.most_common())
    return f"{total * 100 / rows:.2f} requests per 100 rows ({parts})"


def import_rows(store: ItemRepository, data: bytes, count: int, label: str,
                operations: Operations | None) -> None:
    job = ImportJob(store, "importer", ZONE, NOW, f"bench{label[:3]}", {})
    before = Counter(operations.calls) if operations else Counter()
    started, cpu = time.perf_counter(), time.process_time()
    report = run(job, io.BytesIO(data), "botsu", dry_run=False)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    assert report.added == count, report
    notes = _per_100(operations.calls - before, count) if operations else "—"
    print(f"| import Botsu | {label} | {count:,} | {seconds:.1f} s | {count / seconds:,.0f}"
          f" | CPU {cpu:.1f} s ({count / cpu:,.0f} rows per CPU second); {notes} |", flush=True)


def log_capacity(store: ItemRepository, client: Any, operations: Operations,
                 logs: int = 20) -> None:
    """What one ``POST /log`` costs on DynamoDB: requests by operation, the write units
    DynamoDB Local reports and those DynamoDB bills for the items the transaction wrote
    (2 per started KB of each item in a transaction: Local reports 2 per transaction)."""
    from storage.dynamodb_codec import from_attributes
    from storage.limits import item_size

    written: list[tuple[str, str]] = []

    def keys(params: dict[str, Any], **_: Any) -> None:
        written.clear()
        for action in params["TransactItems"]:
            body = next(iter(action.values()))
            key = from_attributes(body.get("Key") or body["Item"])
            written.append((str(key["pk"]), str(key["sk"])))

    client.meta.events.register("before-parameter-build.dynamodb.TransactWriteItems", keys)
    service = Service(repo=store, providers=ProviderClients(None, None, None, None),
                      settings=Settings(timezone=ZONE.key), clock=lambda: NOW)
    service.logbook.log("logger", LogRequest(activity="book", minutes=1), "api")  # first of all
    before, units, billed, weighing = Counter(operations.calls), operations.write_units, 0, 0
    for n in range(logs):
        service.logbook.log("logger", LogRequest(activity="book", title=f"Book {n % 3}",
                                                 minutes=20), "api")
        items = [item for key in written if (item := store.get(*key)) is not None]
        weighing += len(written)  # those reads are the benchmark's, not the log's
        billed += sum(2 * -(-item_size(item) // 1024) for item in items)
    calls = operations.calls - before - Counter({"GetItem": weighing})
    per_log = ", ".join(f"{name} {n / logs:.2f}" for name, n in calls.most_common())
    print(f"| `POST /log` (service) | DynamoDB Local | {logs} | | | per log: {per_log};"
          f" {len(written)} items a transaction; {(operations.write_units - units) / logs:.1f}"
          f" WRU reported by Local, {billed / logs:.1f} WRU by DynamoDB's pricing |", flush=True)


def timed(work: Callable[[], Any]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def migrate_rows(source: ItemRepository, target: ItemRepository, label: str, folder: Path,
                 counter: RequestCounter) -> int:
    before = counter.count
    progress: list[int] = [0]
    seconds = timed(lambda: progress.__setitem__(
        0, copy_all(source, target, folder / f"{label}.json").copied))
    copied = progress[0]
    print(f"| migrate | {label} | {copied:,} | {seconds:.1f} s | {copied / seconds:,.0f} |"
          f" {(counter.count - before) * 100 / copied:.2f} DynamoDB requests per 100 items |",
          flush=True)
    return copied


def one_put_per_item(client: Any, table: str, source: ItemRepository,
                     counter: RequestCounter) -> None:
    from storage.dynamodb_codec import to_attributes

    before, count = counter.count, 0
    started = time.perf_counter()
    for item in source.scan():
        client.put_item(TableName=table, Item=to_attributes(item))
        count += 1
    seconds = time.perf_counter() - started
    print(f"| baseline: one PutItem per item | SQLite → DynamoDB Local | {count:,} |"
          f" {seconds:.1f} s | {count / seconds:,.0f} |"
          f" {(counter.count - before) * 100 / count:.2f} requests per 100 items |", flush=True)


def main() -> None:
    enter_private_network()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("on_sqlite", nargs="?", type=int, default=100_000)
    parser.add_argument("on_dynamodb", nargs="?", type=int)
    parser.add_argument("--imports", action="store_true",
                        help="only the Botsu imports and the logs (no export, no migrate)")
    arguments = parser.parse_args()
    on_sqlite = arguments.on_sqlite
    on_dynamodb = arguments.on_dynamodb if arguments.on_dynamodb is not None else on_sqlite
    print("| Work | Store | Rows | Wall | Rows/s | Notes |")
    print("|---|---|---:|---:|---:|---|")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        with SQLiteItemRepository(folder / "source.sqlite3") as sqlite:
            seed(sqlite, on_sqlite)  # the import meets a store of that size
            if not arguments.imports:
                export_rows(sqlite, on_sqlite, "SQLite")
            import_rows(sqlite, botsu_file(on_sqlite), on_sqlite, "SQLite", None)
        with SQLiteItemRepository(folder / "small.sqlite3") as sqlite, \
                running_dynamodb_local(folder) as endpoint:
            if arguments.imports:
                imports_only(on_dynamodb, endpoint)
                return
            seed(sqlite, on_dynamodb)
            dynamodb_rows(sqlite, on_dynamodb, endpoint, folder)


def imports_only(count: int, endpoint: str) -> None:
    with dynamodb_table(endpoint) as (client, table, _counter):
        dynamo = DynamoDBItemRepository(table, client)
        operations = Operations(client)
        import_rows(dynamo, botsu_file(count), count, "DynamoDB Local", operations)
        log_capacity(dynamo, client, operations)


def dynamodb_rows(sqlite: ItemRepository, count: int, endpoint: str, folder: Path) -> None:
    with dynamodb_table(endpoint) as (client, table, counter):
        dynamo = DynamoDBItemRepository(table, client)
        operations = Operations(client)
        migrate_rows(sqlite, dynamo, "SQLite → DynamoDB Local", folder, counter)
        export_rows(dynamo, count, "DynamoDB Local")
        with SQLiteItemRepository(folder / "back.sqlite3") as back:
            migrate_rows(dynamo, back, "DynamoDB Local → SQLite", folder, counter)
        import_rows(dynamo, botsu_file(count), count, "DynamoDB Local", operations)
        log_capacity(dynamo, client, operations)
    with dynamodb_table(endpoint) as (client, table, counter):
        one_put_per_item(client, table, sqlite, counter)


if __name__ == "__main__":
    main()
