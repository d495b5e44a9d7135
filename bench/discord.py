"""Benchmark of the Discord door: interaction → answer on ``serve``, and the Lambda's cold
import against ``import boto3``.

Run: ``.venv/bin/python bench/discord.py [--requests 300]``
The door is served by the real router and local server on loopback over a SQLite store,
with Discord's REST faked on loopback too; each request is signed with Ed25519 like
Discord's. The script re-runs itself inside a private network namespace (``unshare -n``)
when it is not in one. It prints figures (target: /log p99 ≤ 300 ms, far inside Discord's
3 s; cold import ≤ 1.5 × boto3's); it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from bench.storage import enter_private_network  # noqa: E402
from bot.discord.serving import serving_door  # noqa: E402
from handlers.http.api import Api  # noqa: E402
from handlers.http.local_server import LocalServer  # noqa: E402
from handlers.http.routes import DISCORD_INTERACTIONS_PATH  # noqa: E402
from handlers.service.accounts.telegram_links import create_link_code, redeem_link_code  # noqa: E402
from handlers.service.facade import Service  # noqa: E402
from handlers.settings import Settings  # noqa: E402
from metadata_clients.settings import ProviderSettings, build_clients  # noqa: E402
from storage.sqlite import SQLiteItemRepository  # noqa: E402
from tests.fakes.discord_api import (  # noqa: E402
    APPLICATION_ID,
    BOT_TOKEN,
    DiscordApiServer,
    Signer,
)
from tests.support.local_server import serving as serving_in_thread  # noqa: E402

LEARNER = 350000000000000001
GUILD = 360000000000000001


def _percentiles(seconds: Sequence[float]) -> str:
    ordered = sorted(seconds)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * len(ordered)) - 1)]
    return (f"p50 {statistics.median(ordered) * 1000:7.1f} ms   "
            f"p99 {p99 * 1000:7.1f} ms   max {ordered[-1] * 1000:7.1f} ms")


@contextmanager
def serving(folder: Path, signer: Signer, discord: DiscordApiServer) -> Iterator[str]:
    """The router with the Discord door mounted, on a free loopback port."""
    settings = Settings(discord_public_key=signer.public_key,
                        discord_application_id=APPLICATION_ID,
                        discord_bot_token=BOT_TOKEN,
                        discord_api_base=discord.base)
    with SQLiteItemRepository(folder / "bench.sqlite3") as repo, httpx.Client() as http:
        service = Service(repo=repo, providers=build_clients(ProviderSettings(), http),
                          settings=settings)
        now = service.now_epoch()
        redeem_link_code(repo, create_link_code(repo, "bench", now), LEARNER, now, "discord")
        door, close = serving_door(service)
        api = Api(service, service.accounts.authenticator)
        api.doors.mount(DISCORD_INTERACTIONS_PATH, door.answer)
        server = LocalServer(api, "127.0.0.1", 0)
        try:
            with serving_in_thread(server):
                yield f"http://127.0.0.1:{server.address[1]}{DISCORD_INTERACTIONS_PATH}"
        finally:
            close()


def _timed(client: httpx.Client, url: str, signer: Signer,
           payload: dict[str, Any]) -> tuple[float, dict[str, Any]]:
    body = json.dumps(payload).encode()
    began = time.perf_counter()
    answer = client.post(url, content=body, headers=signer.sign(body, int(time.time())))
    elapsed = time.perf_counter() - began
    answer.raise_for_status()
    return elapsed, dict(answer.json())


def bench_serve(requests: int) -> None:
    print(f"## Interaction → answer on serve ({requests} signed requests each, one client)")
    signer = Signer()
    with tempfile.TemporaryDirectory() as folder, DiscordApiServer() as discord, \
            serving(Path(folder), signer, discord) as url, httpx.Client(timeout=30) as client:
        cases: dict[str, Callable[[int], dict[str, Any]]] = {
            "PING": lambda n: signer.ping(),
            "/log text: 25m anime": lambda n: signer.command(
                LEARNER, "log", GUILD, text=f"{1 + n % 90}m anime Frieren"),
            "/history (first page)": lambda n: signer.command(LEARNER, "history"),
            "/leaderboard show": lambda n: signer.command(LEARNER, "leaderboard", GUILD,
                                                          subcommand="show"),
            "/progress (deferred)": lambda n: signer.command(LEARNER, "progress"),
        }
        for name, build in cases.items():
            times = [_timed(client, url, signer, build(n))[0] for n in range(requests)]
            print(f"{name:24} {_percentiles(times)}")
        began = time.perf_counter()
        patched = discord.wait_for("PATCH", requests, timeout=300)
        print(f"{'/progress chart PATCHed':24} {len(patched)} of {requests} follow-ups "
              f"{time.perf_counter() - began:.1f} s after the last request was answered")


def _median_import(module: str, runs: int = 5) -> float:
    code = (f"import time; t = time.perf_counter(); import {module}; "
            "print(time.perf_counter() - t)")
    times = [float(subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True,
                                  capture_output=True, text=True).stdout)
             for _ in range(runs)]
    return statistics.median(times)


def bench_cold_import() -> None:
    print("\n## Discord Lambda cold import (fresh interpreter, median of 5)")
    ours = _median_import("bot.discord.interactions_lambda")
    boto3 = _median_import("boto3")
    heavy = subprocess.run(
        [sys.executable, "-c", "import sys, bot.discord.interactions_lambda; print(sorted("
         "{m.split('.')[0] for m in sys.modules} & {'telegram', 'matplotlib'}))"],
        cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()
    print(f"import bot.discord.interactions_lambda  {ours * 1000:7.1f} ms")
    print(f"import boto3                            {boto3 * 1000:7.1f} ms")
    print(f"ratio                                   {ours / boto3:7.2f} × (target ≤ 1.5)")
    print(f"heavy modules loaded                    {heavy}")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args(argv)
    enter_private_network()
    bench_serve(args.requests)
    bench_cold_import()


if __name__ == "__main__":
    main()
