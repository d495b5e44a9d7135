"""Benchmark of the overview's reads over HTTP on ``immersion-tracker serve``, by history length.

Run: ``.venv/bin/python bench/reads.py [--repeat 15] [--store sqlite,dynamodb]
[--sqlite-sizes 200,20000] [--dynamodb-sizes 200,100000]``

For each size, a user with five years of every kind (``bench.history.history_items``: episodes,
videos, Spotify episodes, movies, logs; the newest an hour ago) is written through the unit of
work into a fresh store, ``immersion-tracker serve`` is started on it, and from Python over
HTTP (median of ``--repeat`` after an untimed warm-up, which also pays the password hash;
the servers of every size run at once and take turns request by request, so the load of a
shared machine moves every size alike):

- ``GET /progress`` (right after the ``/stats`` below, which opens each turn);
- ``GET /progress`` again, right after that one: on DynamoDB Local the first pays for the
  ``/stats`` before it, whose 2 MB of month totals push the items ``/progress`` reads out
  of DynamoDB Local's own cache (its requests take 47 rather than 30 ms at 10^5 entries,
  in process, even half a second later);
- ``GET /progress`` right after a ``POST /log`` (the log untimed), against the steady one;
- ``GET /stats`` for ten years by month (the bot's "/progress all").

It prints each figure at each size and the ratio of the largest size to the smallest (the
issue's targets: ``/progress`` at most 2x, ``/stats`` at most 3x, right after a log at most
1.5x the steady one). DynamoDB Local binds every interface: the script re-runs itself inside
``unshare -n``. It prints figures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import functools
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, ExitStack, contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from bench.api import NOW, USER  # noqa: E402
from bench.history import history_items, populate  # noqa: E402
from bench.storage import enter_private_network  # noqa: E402
from handlers.service.core.calendar import local_date  # noqa: E402
from handlers.service.kept.upkeep import rebuild  # noqa: E402
from handlers.settings import Settings  # noqa: E402
from storage.repository import Item, ItemRepository  # noqa: E402
from storage.sqlite import SQLiteItemRepository  # noqa: E402
from tests.support.api_server import RunningApi, running_api  # noqa: E402

print = functools.partial(print, flush=True)  # figures appear as they are measured
Figures = dict[str, float]
TARGETS = {"progress": 2.0, "stats": 3.0}


def recent_items(size: int) -> list[Item]:
    """``history_items`` moved in time so that its newest entry is an hour before now."""
    items = history_items(size)
    shift = int(time.time()) - 3600 - int(NOW.timestamp())
    for item in items:
        for name in ("timestamp", "created_at"):
            if isinstance(item.get(name), int):
                item[name] += shift
    return items


def measure(apis: Mapping[int, RunningApi], repeat: int) -> dict[int, Figures]:
    """The three figures (seconds) over HTTP on each size's running server, the sizes
    taking turns request by request: a shared machine's load moves them all alike."""
    today = local_date(datetime.now(UTC), ZoneInfo(Settings().timezone))
    ten_years = {"from": (today.replace(year=today.year - 10) + timedelta(days=1)).isoformat(),
                 "to": today.isoformat(), "bucket": "month"}
    times: dict[int, dict[str, list[float]]] = {size: {} for size in apis}
    try:
        return _measure(apis, repeat, ten_years, times)
    except httpx.HTTPStatusError:
        for size, api in apis.items():  # what the servers said: the failure's cause
            api.process.terminate()
            api.process.wait(timeout=10)
            said = api.process.stderr.read() if api.process.stderr else ""
            print(f"server at {size:,} entries said:\n{said[-4000:]}", file=sys.stderr)
        raise


def _measure(apis: Mapping[int, RunningApi], repeat: int, ten_years: Mapping[str, str],
             times: dict[int, dict[str, list[float]]]) -> dict[int, Figures]:
    with ExitStack() as stack:
        clients = {size: stack.enter_context(api.client()) for size, api in apis.items()}
        for http in clients.values():
            http.timeout = httpx.Timeout(600)
            http.get("/progress").raise_for_status()  # untimed: pays the password hash
            http.get("/stats", params=ten_years).raise_for_status()

        def timed(size: int, name: str, path: str, params: Mapping[str, str]) -> None:
            began = time.perf_counter()
            clients[size].get(path, params=params).raise_for_status()
            times[size].setdefault(name, []).append(time.perf_counter() - began)

        for _ in range(repeat):
            for size, http in clients.items():
                # Each size's turn starts with /stats: the first request of a turn paid for
                # the other server's write just before (steady /progress at 200 entries
                # measured 2x the one right after a log when it came first).
                timed(size, "stats", "/stats", ten_years)
                timed(size, "progress", "/progress", {})
                timed(size, "again", "/progress", {})
                http.post("/log", json={"activity": "book", "minutes": 20}).raise_for_status()
                timed(size, "after_log", "/progress", {})
    return {size: {name: statistics.median(values) for name, values in by_name.items()}
            for size, by_name in times.items()}


@contextmanager
def sqlite_api(size: int) -> Iterator[RunningApi]:
    with tempfile.TemporaryDirectory() as tmp:
        repo = SQLiteItemRepository(Path(tmp) / "tracker.sqlite3")
        _seed(repo, size)
        repo.close()
        with running_api(Path(tmp), user=USER) as api:
            yield api


def _seed(repo: ItemRepository, size: int, through_rebuild: bool = False) -> None:
    """Write the history through the unit of work, or (``through_rebuild``: DynamoDB Local
    takes an hour for 10^5 entries a transaction of about 30 at a time) as a store from
    before the kept items holds it, then ``rebuild``: the same items either way."""
    began = time.perf_counter()
    items = recent_items(size)
    if through_rebuild:
        for start in range(0, len(items), 1000):
            repo.put_many_if_absent(items[start:start + 1000])
        rebuild(repo, USER, ZoneInfo(Settings().timezone))
    else:
        populate(repo, items)
    print(f"  ({size:,} entries written in {time.perf_counter() - began:.0f} s)")


@contextmanager
def dynamodb_apis() -> Iterator[Callable[[int], AbstractContextManager[RunningApi]]]:
    """A factory of servers on fresh DynamoDB Local tables (one DynamoDB Local for all)."""
    import boto3

    from storage.dynamodb import DynamoDBItemRepository, create_table
    from tests.support.dynamodb_local import running_dynamodb_local

    with tempfile.TemporaryDirectory() as logs, running_dynamodb_local(Path(logs)) as endpoint:
        client = boto3.client("dynamodb", endpoint_url=endpoint, region_name="us-east-1",
                              aws_access_key_id="bench", aws_secret_access_key="bench")

        @contextmanager
        def api_on(size: int) -> Iterator[RunningApi]:
            table = f"reads-{uuid.uuid4().hex[:8]}"
            create_table(client, table)
            _seed(DynamoDBItemRepository(table, client=client), size, through_rebuild=True)
            with tempfile.TemporaryDirectory() as tmp, running_api(
                Path(tmp), _aws_env(endpoint, table), user=USER
            ) as api:
                yield api

        yield api_on


def _aws_env(endpoint: str, table: str) -> Mapping[str, str]:
    return {"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench",
            "AWS_DEFAULT_REGION": "us-east-1", "AWS_REGION": "us-east-1",
            "AWS_ENDPOINT_URL_DYNAMODB": endpoint, "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
            "IMMERSION_TRACKER_STORAGE": f"dynamodb://{table}"}


def report(store: str, by_size: Mapping[int, Figures]) -> None:
    small, large = min(by_size), max(by_size)
    print(f"\n| {store}, HTTP on serve, p50 | {small:,} entries | {large:,} entries "
          f"| {large:,} / {small:,} | target |")
    print("|---|---:|---:|---:|---|")
    rows = (("`GET /progress`", "progress"), ("`GET /progress` again, right after itself",
                                               "again"),
            ("`GET /progress` right after a log", "after_log"),
            ("`GET /stats` ten years by month", "stats"))
    for label, key in rows:
        a, b = by_size[small][key], by_size[large][key]
        target = TARGETS.get(key)
        verdict = "" if target is None else (
            f"≤ {target:g}x, {'met' if b / a <= target else 'not met'}")
        print(f"| {label} | {a * 1000:.1f} ms | {b * 1000:.1f} ms | {b / a:.2f}x | {verdict} |")
    for size in (small, large):
        ratio = by_size[size]["after_log"] / by_size[size]["progress"]
        print(f"| right after a log / steady, {size:,} entries | | | {ratio:.2f}x "
              f"| ≤ 1.5x, {'met' if ratio <= 1.5 else 'not met'} |")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--store", default="sqlite,dynamodb")
    parser.add_argument("--sqlite-sizes", default="200,20000")
    parser.add_argument("--dynamodb-sizes", default="200,100000")
    args = parser.parse_args(argv)
    stores = args.store.split(",")
    enter_private_network()  # serve binds loopback; DynamoDB Local binds every interface
    print(f"# bench/reads.py, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.2f}, median of {args.repeat}")
    if "sqlite" in stores:
        with ExitStack() as stack:
            apis = {}
            for size in _sizes(args.sqlite_sizes):
                print(f"SQLite, {size:,} entries")
                apis[size] = stack.enter_context(sqlite_api(size))
            report("SQLite", measure(apis, args.repeat))
    if "dynamodb" in stores:
        with dynamodb_apis() as api_on, ExitStack() as stack:
            apis = {}
            for size in _sizes(args.dynamodb_sizes):
                print(f"DynamoDB Local, {size:,} entries")
                apis[size] = stack.enter_context(api_on(size))
            report("DynamoDB Local", measure(apis, args.repeat))
    print(f"\n(load average after the run: {os.getloadavg()[0]:.2f}; today {date.today()})")


def _sizes(raw: str) -> list[int]:
    return [int(size) for size in raw.split(",")]


if __name__ == "__main__":
    main()
