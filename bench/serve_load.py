"""Load benchmark: `immersion-tracker serve` beside the stdlib server, under abuse (loopback I/O).

Run: ``.venv/bin/python -m bench.serve_load [--duration 10]`` (needs root for ``unshare -n``;
it re-runs itself in a private network namespace when it is not in one).

Both servers run as subprocesses over the same SQLite file (300 items for one user) and the
same router: the product through its real entry point, the baseline through
``bench/stdlib_server.py``. Per server, three phases of ``--duration`` seconds: the abuse
alone, then with 64 keep-alive clients, then with 100 connection-per-request clients, all
on ``GET /progress``. Throughout all three,
200 sockets trickle header lines (slowloris), 100 keep-alive clients send wrong passwords
for many names, and a valid user's client sends one ``GET /progress`` every 50 ms, whose
latency is reported. The load generator is asyncio on raw sockets (one process), with
source addresses spread over 127/8 so the throttle sees attackers as other clients. Every
loop ends at its phase's deadline; each operation times out after 10 s. Prints figures;
asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.api import PASSWORD, USER, populate  # noqa: E402
from bench.load_clients import Tally, abuse_and_probe, keep_alive, per_request  # noqa: E402
from handlers.service.accounts.credentials import AccountStore  # noqa: E402
from storage.sqlite import SQLiteItemRepository  # noqa: E402
from tests.support.api_server import server_env, stop_process, wait_for_address  # noqa: E402

ITEMS = 300
_REEXECUTED = "IMMERSION_TRACKER_BENCH_IN_NAMESPACE"
"""Set on the re-executed run, so a failed namespace check can never recurse."""


def _auth(user: str, password: str) -> bytes:
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return f"GET /progress HTTP/1.1\r\nHost: bench\r\nAuthorization: Basic {token}\r\n\r\n".encode()


@contextmanager
def running(
    kind: str, store: Path, workers: int | None = None
) -> Iterator[tuple[int, subprocess.Popen[str]]]:
    """The server of ``kind`` ("product" or "baseline") as a subprocess; its port.

    The product gets ``--workers`` when given, else its own default (one per core)."""
    env = server_env(store.parent, {"IMMERSION_TRACKER_STORAGE": f"sqlite:///{store}"})
    command = (
        [sys.executable, "-m", "immersion_tracker", "serve", "--port", "0",
         *(["--workers", str(workers)] if workers else [])]
        if kind == "product"
        else [sys.executable, "-m", "bench.serve_load", "--baseline-server"]
    )
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    try:
        yield int(wait_for_address(process).rsplit(":", 1)[1]), process
    finally:
        stop_process(process, timeout=60)


def process_tree(pid: int) -> list[int]:
    """``pid`` and its living descendants (the server's workers)."""
    tree, index = [pid], 0
    while index < len(tree):
        for task in Path(f"/proc/{tree[index]}/task").glob("*/children"):
            tree += [int(child) for child in task.read_text().split()]
        index += 1
    return tree


def peak_rss_mib(pid: int) -> float:
    """The sum of each process's own peak RSS over ``pid``'s tree (an upper bound of the
    tree's peak: the processes need not peak at the same moment)."""
    total = 0
    for member in process_tree(pid):
        for line in Path(f"/proc/{member}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                total += int(line.split()[1])
    return total / 1024


async def phase(port: int, clients: str, duration: float) -> tuple[Tally, Tally, Tally]:
    """One phase: the load, the abuse and the valid user's probe, all until the deadline."""
    deadline = time.monotonic() + duration
    load, probe, abuse = Tally(), Tally(), Tally()
    good = _auth(USER, PASSWORD)
    workers = []
    if clients == "keep-alive":
        workers = [keep_alive(port, good, deadline, load) for _ in range(64)]
    elif clients == "per-request":
        workers = [per_request(port, good, deadline, load, f"127.0.1.{i + 1}") for i in range(100)]
    await asyncio.gather(*workers, abuse_and_probe(port, good, _auth, deadline, probe, abuse))
    return load, probe, abuse


def measure(kind: str, store: Path, duration: float, workers: int | None = None) -> None:
    with running(kind, store, workers) as (port, process):
        for clients in ("abuse only", "keep-alive", "per-request"):
            load, probe, abuse = asyncio.run(phase(port, clients, duration))
            print(
                f"| {kind} | {clients} | {load.ok / duration:,.0f} | {load.errors} | "
                f"{load.slow_connects + probe.slow_connects} | {probe.percentile(50):.1f} | "
                f"{probe.percentile(99):.1f} | {probe.errors} | {abuse.summary()} | "
                f"{peak_rss_mib(process.pid):.0f} |",
                flush=True,
            )


def baseline_server() -> None:
    """The subprocess side of the baseline: the stdlib server around the same wiring."""
    from bench.stdlib_server import make_baseline_server
    from handlers.wiring import build_api

    server = make_baseline_server(build_api().api)
    print(f"Baseline listening on http://127.0.0.1:{server.server_address[1]}", flush=True)
    server.serve_forever()


def in_private_namespace() -> bool:
    from tests.support.dynamodb_local import network_interfaces

    return network_interfaces() == ["lo"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per phase")
    parser.add_argument("--workers", type=int, help="the product's --workers (default: its own)")
    parser.add_argument("--baseline-server", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    if args.baseline_server:
        baseline_server()
        return
    if not in_private_namespace():
        if os.environ.get(_REEXECUTED):
            sys.exit("error: still not in a private network namespace after unshare -n")
        command = [sys.executable, "-m", "bench.serve_load", *sys.argv[1:]]
        shell = 'ip link set lo up && exec "$@"'
        sys.exit(subprocess.call(["unshare", "-n", "sh", "-c", shell, "sh", *command], cwd=ROOT,
                                 env={**os.environ, _REEXECUTED: "1"}))
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "tracker.sqlite3"
        with SQLiteItemRepository(store) as repo:
            populate(repo, ITEMS)
            AccountStore(repo).add(USER, PASSWORD)
        print(f"## GET /progress ({ITEMS} items, SQLite), {args.duration:g} s per phase\n",
              flush=True)
        print(
            "| Server | Clients | Requests/s | Errors | Connects > 1 s | Valid user p50 ms "
            "| p99 ms | Valid user errors | Abuse answers | Peak RSS MiB |"
        )
        print("|---|---|---:|---:|---:|---:|---:|---:|---|---:|")
        measure("baseline", store, args.duration)
        measure("product", store, args.duration, args.workers)


if __name__ == "__main__":
    main()
