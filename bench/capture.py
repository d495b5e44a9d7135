"""Benchmark of capture: 200 simulated players beside POST /log, on SQLite and DynamoDB Local.

Run: ``.venv/bin/python bench/capture.py [--seconds 30] [--players 200]`` (re-runs itself
in a private network namespace: the servers bind loopback only, as every bench here).
For each store (a SQLite file, then a table on DynamoDB Local):

1. Store requests per event: every player's session (start, progress every 10 s of
   compressed time, stop) goes through the router in process, beside the same number of
   ``POST /log``. On SQLite the port calls are counted; on DynamoDB Local the HTTP
   requests sent to DynamoDB (botocore's before-send events, retries included).
2. Latency on ``serve`` (the uvicorn server, in a thread): the players send a progress
   event every 10 s each (20 events/s for 200 players), interleaved with ``POST /log`` at
   the same rate, for ``--seconds``; p50/p99 per request of each kind.
3. Sustained events/s: 8 clients sending events back to back for 5 s.
4. Stop to visible: a ``stop`` is sent, then ``GET /history`` read until the entry has its
   final minutes; the wall time between the two.

Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import base64
import functools
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from bench.api import CountingRepository  # noqa: E402
from bench.storage import RequestCounter, enter_private_network  # noqa: E402
from handlers.http.api import Api, ApiRequest  # noqa: E402
from handlers.http.local_server import LocalServer  # noqa: E402
from handlers.service.facade import Service  # noqa: E402
from handlers.settings import Settings  # noqa: E402
from metadata_clients.settings import ProviderClients  # noqa: E402
from storage.dynamodb import DynamoDBItemRepository, create_table  # noqa: E402
from storage.repository import ItemRepository  # noqa: E402
from storage.sqlite import SQLiteItemRepository  # noqa: E402
from tests.support.dynamodb_local import running_dynamodb_local  # noqa: E402
from tests.support.local_server import serving  # noqa: E402

USER, PASSWORD = "bench", "bench-password"
print = functools.partial(print, flush=True)  # figures appear as they are measured


Store = Callable[[], tuple[ItemRepository, Callable[[], int] | None]]
"""Opens a fresh store: the repository and, on DynamoDB, its request counter's reading."""


def _service(repo: ItemRepository, clock: Any = None) -> Service:
    options = {"clock": clock} if clock else {}
    service = Service(repo=repo, providers=ProviderClients(None, None, None, None),
                      settings=Settings(storage="memory://"), **options)
    if service.accounts.names() == []:
        service.accounts.add(USER, PASSWORD)
    return service


def sqlite_store(folder: Path) -> Store:
    def opened() -> tuple[ItemRepository, Callable[[], int] | None]:
        return SQLiteItemRepository(str(folder / f"{uuid.uuid4().hex}.sqlite3")), None
    return opened


@contextmanager
def dynamodb_store(folder: Path) -> Iterator[Store]:
    """Tables on one DynamoDB Local, each with a client counting its HTTP requests."""
    import boto3

    with running_dynamodb_local(folder) as endpoint:
        def opened() -> tuple[ItemRepository, Callable[[], int] | None]:
            client = boto3.client("dynamodb", endpoint_url=endpoint, region_name="us-east-1",
                                  aws_access_key_id="bench", aws_secret_access_key="bench")
            table = f"bench-{uuid.uuid4().hex[:12]}"
            create_table(client, table)
            counter = RequestCounter(client)
            return DynamoDBItemRepository(table, client), lambda: counter.count
        yield opened


def _event(player: int, event: str, position: float, at: float) -> dict[str, Any]:
    return {"session_id": f"player-{player}", "event": event, "position_seconds": position,
            "duration_seconds": 1440, "at": at, "kind": "episode", "series": "Frieren",
            "season": 1, "episode": player % 28 + 1, "audio_language": "ja", "player": "bench"}


def store_requests(name: str, store: Store, players: int) -> None:
    """Store requests per capture event and per POST /log, in process."""
    now = [datetime(2026, 12, 1, 20, 0, tzinfo=UTC)]
    repo, requests = store()
    counting = CountingRepository(repo)
    service = _service(counting, lambda: now[0])
    api = Api(service, service.accounts.authenticator)
    _, token = service.capture.connect(USER, "bench", "generic")
    kinds = ["start"] + ["progress"] * 9 + ["stop"]
    events = 0
    counting.calls.clear()
    sent_before = requests() if requests else 0
    most = 0
    for round_number, kind in enumerate(kinds):
        now[0] += timedelta(seconds=10)
        for player in range(players):
            body = _event(player, kind, round_number * 10.0, now[0].timestamp() - 1)
            before = requests() if requests else sum(counting.calls.values())
            api.handle(ApiRequest("POST", "/capture/generic", query={"token": token},
                                  body=httpx.Request("POST", "/", json=body).content))
            after = requests() if requests else sum(counting.calls.values())
            most = max(most, after - before)
            events += 1
    capture_calls = sum(counting.calls.values())
    capture_requests = (requests() - sent_before) if requests else capture_calls
    print(f"{name}: capture port calls {dict(counting.calls)}")
    counting.calls.clear()
    sent_before = requests() if requests else 0
    basic = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    for n in range(events):
        log = httpx.Request("POST", "/", json={"activity": "anime", "minutes": 10,
                                              "title": f"Show {n % 50}"}).content
        api.handle(ApiRequest("POST", "/log", headers={"Authorization": basic}, body=log))
    log_calls = sum(counting.calls.values())
    log_requests = (requests() - sent_before) if requests else log_calls
    print(f"{name}: log port calls {dict(counting.calls)}")
    service.close()
    what = "DynamoDB requests" if requests else "store port calls"
    print(f"{name}: {what}: {capture_requests / events:.2f} per capture event (at most "
          f"{most} for one), {log_requests / events:.2f} per POST /log ({events} of each)")


def _percentiles(times: list[float]) -> str:
    ordered = sorted(times)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return f"p50 {statistics.median(ordered) * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms"


def on_serve(name: str, store: Store, players: int, seconds: float) -> None:
    repo, _ = store()
    service = _service(repo)
    server = LocalServer(Api(service, service.accounts.authenticator), "127.0.0.1", 0)
    _, token = service.capture.connect(USER, "bench", "generic")
    with serving(server):
        base = f"http://127.0.0.1:{server.address[1]}"
        url = f"{base}/capture/generic?token={token}"
        print(f"{name}: ", end="")
        paced(url, base, players, seconds)
        print(f"{name}: ", end="")
        sustained(url, players)
        print(f"{name}: ", end="")
        stop_to_visible(url, base)
    service.close()


def paced(url: str, base: str, players: int, seconds: float) -> None:
    """20 events/s for 200 players (one every 10 s each) beside POST /log at the same rate."""
    rate = players / 10
    event_times: list[float] = []
    log_times: list[float] = []
    start = time.time()
    with httpx.Client(timeout=30) as events, httpx.Client(
            base_url=base, auth=(USER, PASSWORD), timeout=30) as logs:
        for player in range(players):
            events.post(url, json=_event(player, "start", 0, time.time()))
        sent = 0
        while time.time() - start < seconds:
            due = start + sent / rate
            if due > time.time():
                time.sleep(due - time.time())
            player = sent % players
            position = (sent // players + 1) * 10.0
            began = time.perf_counter()
            events.post(url, json=_event(player, "progress", position, time.time()))
            event_times.append(time.perf_counter() - began)
            began = time.perf_counter()
            logs.post("/log", json={"activity": "anime", "minutes": 5, "title": "Frieren"})
            log_times.append(time.perf_counter() - began)
            sent += 1
    ratio = statistics.median(event_times) / statistics.median(log_times)
    print(f"serve, {rate:g} events/s for {seconds:g} s ({len(event_times)} events): "
          f"capture {_percentiles(event_times)}; POST /log {_percentiles(log_times)}; "
          f"median ratio {ratio:.2f}")


def sustained(url: str, players: int, clients: int = 8, seconds: float = 5.0) -> None:
    counts = [0] * clients
    deadline = time.time() + seconds

    def run(index: int) -> None:
        with httpx.Client(timeout=30) as client:
            position = 10_000.0
            while time.time() < deadline:
                player = (index * 997 + counts[index]) % players
                position += 1
                client.post(url, json=_event(player, "progress", position % 1400, time.time()))
                counts[index] += 1

    threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(f"sustained: {sum(counts) / seconds:.0f} events/s with {clients} clients back to back")


def stop_to_visible(url: str, base: str) -> None:
    now = time.time()
    with httpx.Client(timeout=30) as player, httpx.Client(
            base_url=base, auth=(USER, PASSWORD), timeout=30) as reader:
        body = {**_event(9999, "start", 0, now - 900), "session_id": "stop-check",
                "series": "Stop check"}
        player.post(url, json=body)
        player.post(url, json={**body, "event": "progress", "position_seconds": 600,
                               "at": now - 300})
        began = time.perf_counter()
        player.post(url, json={**body, "event": "stop", "position_seconds": 840, "at": now})
        while True:
            # The paced phase's logs are newer: read the captured activity's page alone.
            entries = reader.get("/history", params={"activity": "tv"}).json()["entries"]
            if any(e["title"] == "Stop check" and round(e["minutes"]) == 14 for e in entries):
                break
        print(f"stop to visible in /history: {(time.perf_counter() - began) * 1000:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--players", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args()
    enter_private_network()
    with tempfile.TemporaryDirectory() as folder:
        sqlite = sqlite_store(Path(folder))
        store_requests("SQLite", sqlite, args.players)
        on_serve("SQLite", sqlite, args.players, args.seconds)
        with dynamodb_store(Path(folder)) as dynamodb:
            store_requests("DynamoDB Local", dynamodb, args.players)
            on_serve("DynamoDB Local", dynamodb, args.players, args.seconds)


if __name__ == "__main__":
    main()
