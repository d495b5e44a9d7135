"""Storage benchmark: batched creates and streamed reads against one-request-per-item (I/O).

Creates 1,000 and 10,000 new items for one user and reads them all back, on SQLite and
on DynamoDB Local, counting the HTTP requests sent to DynamoDB; then the same work done
the first generation's way (one GetItem and one PutItem per item). DynamoDB Local binds
every interface, so the script re-executes itself inside a private network namespace.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Run as a file, this folder would come first on sys.path and this very module would
# shadow the storage package; the project root must come first instead.
ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [str(ROOT), *(p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench")]

import boto3  # noqa: E402
from boto3.dynamodb.types import TypeSerializer  # noqa: E402

from storage.dynamodb import DynamoDBItemRepository, create_table  # noqa: E402
from storage.repository import Item, ItemRepository  # noqa: E402
from storage.sqlite import SQLiteItemRepository  # noqa: E402
from tests.support.dynamodb_local import network_interfaces, running_dynamodb_local  # noqa: E402

SIZES = (1_000, 10_000)
PK = "USER#bench"
NAMESPACE_MARK = "IMMERSION_TRACKER_BENCH_NAMESPACE"


def enter_private_network() -> None:
    """Re-execute under ``unshare -n`` (loopback only) unless already there."""
    if network_interfaces() == ["lo"]:
        return
    if os.environ.get(NAMESPACE_MARK):
        sys.exit("could not enter a private network namespace (unshare -n needs root)")
    os.environ[NAMESPACE_MARK] = "1"
    script = 'ip link set lo up && exec "$0" "$@"'
    # The shell only brings loopback up, then becomes this same interpreter again.
    os.execvp("unshare", ["unshare", "-n", "sh", "-c", script, sys.executable, *sys.argv])  # noqa: S606


def episodes(count: int) -> list[Item]:
    """Items shaped like a heavy user's synced episodes."""
    return [
        {
            "pk": PK,
            "sk": f"EPISODE#Show {n // 24:04}#Show {n // 24:04} - S01E{n % 24:02} [1080p]",
            "user": "bench",
            "folder_name": f"Show {n // 24:04}",
            "file_name": f"Show {n // 24:04} - S01E{n % 24:02} [1080p]",
            "timestamp": 1_672_531_200 + n,
            "version": 1,
        }
        for n in range(count)
    ]


@dataclass
class Figures:
    """One measured piece of work."""

    requests: int | None
    seconds: float
    items: int


class RequestCounter:
    """Counts HTTP requests a boto3 client sends (botocore retries included)."""

    def __init__(self, client: Any) -> None:
        self.count = 0
        client.meta.events.register("before-send.dynamodb", self._sent)

    def _sent(self, **_: Any) -> None:
        self.count += 1


def measure(counter: RequestCounter | None, items: int, work: Callable[[], object]) -> Figures:
    before = counter.count if counter else 0
    start = time.perf_counter()
    work()
    seconds = time.perf_counter() - start
    return Figures(counter.count - before if counter else None, seconds, items)


def create_batched(repository: ItemRepository, items: list[Item]) -> None:
    created = repository.put_many_if_absent(items)
    assert len(created) == len(items)


def create_prefiltered(repository: ItemRepository, items: list[Item]) -> None:
    """The alternative: BatchGetItem to skip existing items, then transactions."""
    existing = repository.get_many(PK, [item["sk"] for item in items])
    repository.put_many_if_absent([item for item in items if item["sk"] not in existing])


def read_all(repository: ItemRepository, expected: int) -> None:
    assert sum(1 for _ in repository.query_prefix(PK, "EPISODE#")) == expected


def create_one_by_one_dynamodb(client: Any, table: str, items: list[Item]) -> None:
    """The first generation: GetItem to check, then PutItem, for every item."""
    serializer = TypeSerializer()
    for item in items:
        key = {"pk": {"S": item["pk"]}, "sk": {"S": item["sk"]}}
        if "Item" not in client.get_item(TableName=table, Key=key):
            attributes = {name: serializer.serialize(value) for name, value in item.items()}
            client.put_item(TableName=table, Item=attributes)


def create_one_by_one(repository: ItemRepository, items: list[Item]) -> None:
    for item in items:
        if repository.get(item["pk"], item["sk"]) is None:
            repository.put(item)


@contextmanager
def dynamodb_table(endpoint: str) -> Iterator[tuple[Any, str, RequestCounter]]:
    client = boto3.client(
        "dynamodb",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="bench",
        aws_secret_access_key="bench",
    )
    table = f"bench-{uuid.uuid4().hex[:12]}"
    create_table(client, table)
    try:
        yield client, table, RequestCounter(client)
    finally:
        client.delete_table(TableName=table)


def dynamodb_rows(endpoint: str, size: int) -> list[tuple[str, Figures]]:
    items = episodes(size)
    rows: list[tuple[str, Figures]] = []
    with dynamodb_table(endpoint) as (client, table, counter):
        repository = DynamoDBItemRepository(table, client)
        rows.append(
            (
                "create, transactions",
                measure(counter, size, lambda: create_batched(repository, items)),
            )
        )
        rows.append(
            ("read back, query", measure(counter, size, lambda: read_all(repository, size)))
        )
        rows.append(
            (
                "re-sync, transactions",
                measure(counter, size, lambda: repository.put_many_if_absent(items)),
            )
        )
        rows.append(
            (
                "re-sync, prefiltered",
                measure(counter, size, lambda: create_prefiltered(repository, items)),
            )
        )
    with dynamodb_table(endpoint) as (client, table, counter):
        repository = DynamoDBItemRepository(table, client)
        rows.append(
            (
                "create, prefiltered",
                measure(counter, size, lambda: create_prefiltered(repository, items)),
            )
        )
    with dynamodb_table(endpoint) as (client, table, counter):
        repository = DynamoDBItemRepository(table, client)
        rows.append(
            (
                "create, baseline Get+Put",
                measure(counter, size, lambda: create_one_by_one_dynamodb(client, table, items)),
            )
        )
        rows.append(
            (
                "re-sync, baseline Get",
                measure(counter, size, lambda: create_one_by_one_dynamodb(client, table, items)),
            )
        )
    return rows


def sqlite_rows(folder: Path, size: int) -> list[tuple[str, Figures]]:
    items = episodes(size)
    with SQLiteItemRepository(folder / f"batched-{size}.sqlite3") as repository:
        batched = measure(None, size, lambda: create_batched(repository, items))
        read = measure(None, size, lambda: read_all(repository, size))
    with SQLiteItemRepository(folder / f"baseline-{size}.sqlite3") as repository:
        baseline = measure(None, size, lambda: create_one_by_one(repository, items))
    return [
        ("create, one transaction", batched),
        ("read back, keyset pages", read),
        ("create, baseline get+put", baseline),
    ]


def print_rows(store: str, size: int, rows: list[tuple[str, Figures]]) -> None:
    for label, figures in rows:
        requests = "-" if figures.requests is None else str(figures.requests)
        per_request = f"{figures.items / figures.requests:.1f}" if figures.requests else "-"
        rate = figures.items / figures.seconds
        print(
            f"| {store} | {size:,} | {label} | {requests} | {per_request} | "
            f"{figures.seconds:.3f} s | {rate:,.0f} |"
        )


def print_ratios(store: str, size: int, rows: list[tuple[str, Figures]]) -> None:
    ours = next(f for label, f in rows if label.startswith("create, ") and "baseline" not in label)
    baseline = next(f for label, f in rows if "baseline" in label and label.startswith("create"))
    time_ratio = baseline.seconds / ours.seconds
    line = f"{store} {size:,}: baseline/ours wall time {time_ratio:.1f}x"
    if ours.requests and baseline.requests:
        line += (
            f", requests {baseline.requests}/{ours.requests} = "
            f"{baseline.requests / ours.requests:.0f}x fewer, "
            f"{ours.items / ours.requests:.0f} items created per request"
        )
    print(line)


def main() -> None:
    enter_private_network()
    print("| Store | Items | Work | Requests | Items/request | Wall | Items/s |")
    print("|---|---:|---|---:|---:|---:|---:|")
    summaries: list[tuple[str, int, list[tuple[str, Figures]]]] = []
    with tempfile.TemporaryDirectory() as folder:
        for size in SIZES:
            rows = sqlite_rows(Path(folder), size)
            print_rows("SQLite", size, rows)
            summaries.append(("SQLite", size, rows))
        with running_dynamodb_local(Path(folder)) as endpoint:
            # A first, unreported round lets the JVM compile its hot paths.
            dynamodb_rows(endpoint, 300)
            for size in SIZES:
                rows = dynamodb_rows(endpoint, size)
                print_rows("DynamoDB Local", size, rows)
                summaries.append(("DynamoDB Local", size, rows))
    print()
    for store, size, rows in summaries:
        print_ratios(store, size, rows)


if __name__ == "__main__":
    main()
