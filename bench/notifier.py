"""Notifier benchmark: store requests per tick, a 1,000-user tick, and a kill test (I/O).

(a) ``--users`` users (10,000) with reminders spread over the day, on SQLite and on
    DynamoDB Local: store requests to find the users due when 100 are due, and for the
    whole tick (``send_due`` to an in-process fake Bot API: read, claim, content, send,
    mark sent, move on) — with 1,000 and 10,000 users stored, to show the cost follows
    the users due, not all users. Counted are the port calls on SQLite (each one
    statement or one transaction) and the API calls the DynamoDB client makes (botocore's
    ``before-call``; HTTP requests, retries included, beside them).
(b) one tick with 1,000 users due, through the loopback fake Bot API enforcing 30 messages
    a second: time beside the 1,000 / 30 s floor, messages lost and duplicated.
(c) the kill test: ``immersion-tracker notify`` over 1,000 due users, killed (SIGKILL) at
    ``--kills`` points and started again each time (11 minutes later, so crashed leases
    have expired), until nothing is due: messages lost and duplicated.

DynamoDB Local binds every interface, so the script re-executes itself in a private
network namespace (needs root), as ``bench/storage.py`` does.

    .venv/bin/python bench/notifier.py
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [str(ROOT), *(p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench")]

from pydantic import SecretStr  # noqa: E402
from telegram import Bot  # noqa: E402

from bench.storage import dynamodb_table, enter_private_network  # noqa: E402
from bot.application import build_application  # noqa: E402
from bot.notifier_sender import send_due  # noqa: E402
from handlers.service.facade import Service  # noqa: E402
from handlers.service.logbook.writes import LogRequest  # noqa: E402
from handlers.settings import Settings  # noqa: E402
from metadata_clients.settings import ProviderClients  # noqa: E402
from storage.dynamodb import DynamoDBItemRepository  # noqa: E402
from storage.repository import Item, ItemRepository  # noqa: E402
from storage.sqlite import SQLiteItemRepository  # noqa: E402
from tests.fakes.bot_api import FakeBotApi  # noqa: E402
from tests.fakes.offline_request import OfflineRequest  # noqa: E402
from tests.fakes.telegram_api import TelegramFake  # noqa: E402
from tests.support.counting_repository import CountingRepository  # noqa: E402
from tests.support.dynamodb_local import running_dynamodb_local  # noqa: E402

DAY = datetime(2026, 12, 1, tzinfo=UTC)
"""A Tuesday; every user logged 20 minutes the day before, so each streak is at risk."""
LOGGED = DAY - timedelta(hours=12)
FIRST_CHAT = 20_000_000
EARLY_MINUTES = 15
"""The first ``due`` users' reminders fall in the day's first quarter hour."""


class ApiCalls:
    """Counts the DynamoDB API calls a boto3 client makes, by operation."""

    def __init__(self, client: Any) -> None:
        self.calls: Counter[str] = Counter()
        self.sent = 0
        client.meta.events.register("before-call.dynamodb", self._called)
        client.meta.events.register("before-send.dynamodb", self._sent)

    def _called(self, event_name: str, **_: Any) -> None:
        self.calls[event_name.rsplit(".", 1)[-1]] += 1

    def _sent(self, **_: Any) -> None:
        self.sent += 1

    @property
    def total(self) -> int:
        return sum(self.calls.values())


def users(count: int, due: int) -> list[Item]:
    """``count`` users: ``due`` with reminders in the first quarter hour, the rest later.

    The due users' immersion is logged by ``log_due`` through the product's own path;
    the others get a raw log item (the tick never reads them)."""
    items: list[Item] = []
    for n in range(count):
        user = f"u{n:05d}"
        spread = (1440 - EARLY_MINUTES) * (n - due) // max(1, count - due)
        minute = n * EARLY_MINUTES // due if n < due else EARLY_MINUTES + spread
        at = DAY + timedelta(minutes=minute)
        stamp = at.strftime("%Y-%m-%dT%H:%M:%SZ")
        pk = f"USER#{user}"
        sk = f"{stamp}#reminder#{user}"
        items += [
            {"pk": "DUE", "sk": sk, "user": user, "kind": "reminder", "chat_id": FIRST_CHAT + n,
             "period": DAY.date().isoformat(), "at": int(at.timestamp()), "version": 1},
            {"pk": pk, "sk": "DUE#reminder", "user": user, "index_sk": sk, "version": 1},
            {"pk": pk, "sk": "SETTINGS", "user": user, "timezone": "UTC", "version": 1,
             "reminder": {"enabled": True, "time": at.strftime("%H:%M")}},
        ]
        if n >= due:
            items.append(
                {"pk": pk, "sk": f"LOG#b{n:05d}", "user": user, "log_id": f"b{n:05d}",
                 "activity": "anime", "title": "", "duration": 1200, "source": "bench",
                 "timestamp": int(LOGGED.timestamp()), "created_at": int(LOGGED.timestamp()),
                 "version": 1})
    return items


def log_due(repo: ItemRepository, due: int) -> None:
    """The due users log 20 minutes yesterday as the bot logs them (log, then after_log)."""
    service = _service(repo, clock=lambda: LOGGED + timedelta(minutes=1))
    request = LogRequest(activity="anime", minutes=20, at=int(LOGGED.timestamp()))
    for n in range(due):
        service.logbook.log(f"u{n:05d}", request, "bot")
        service.goals.after_log(f"u{n:05d}")


def fill(repo: ItemRepository, items: Sequence[Item], due: int) -> None:
    for start in range(0, len(items), 500):
        repo.put_many_if_absent(list(items[start:start + 500]))
    log_due(repo, due)


def _service(repo: Any, settings: Settings | None = None,
             clock: Callable[[], datetime] | None = None) -> Service:
    return Service(repo=repo, providers=ProviderClients(None, None, None, None),
                   settings=settings or Settings(),
                   clock=clock or (lambda: DAY + timedelta(minutes=EARLY_MINUTES, seconds=-1)))


async def _offline_tick(service: Service) -> int:
    api = FakeBotApi()
    async with Bot(api.token, request=OfflineRequest(api)) as bot:
        run = await send_due(bot, service)
    return len(run.sent)


class Counts(Protocol):
    @property
    def total(self) -> int: ...


def tick_requests(repo: ItemRepository, counter: Counts) -> tuple[int, int, int]:
    """(messages sent, requests to find the users due, requests for the whole tick)."""
    service = _service(repo)
    before = counter.total
    service.notifier.due()
    found = counter.total - before
    before = counter.total
    sent = asyncio.run(_offline_tick(service))
    return sent, found, counter.total - before


def _row(store: str, size: int, due: int, found: int, total: int) -> None:
    print(f"| {store} | {size:,} | {due} | {found} | {total} | {total * 10 / due:.2f} | "
          f"{due // 10} + C |", flush=True)


def part_a(folder: Path, population: Sequence[int]) -> None:
    print("| Store | Users stored | Due | Requests to find them | Requests for the whole tick |"
          " Per 10 due users | Target |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for size in population:
        with SQLiteItemRepository(folder / f"a{size}.sqlite3") as sqlite:
            fill(sqlite, users(size, 100), 100)
            counting = CountingRepository(sqlite)
            due, found, total = tick_requests(counting, counting)
            _row("SQLite (port calls)", size, due, found, total)
            print(f"  calls, find and tick: {dict(counting.calls)}", flush=True)
    with running_dynamodb_local(folder) as endpoint:
        for size in population:
            with dynamodb_table(endpoint) as (client, table, _):
                repo = DynamoDBItemRepository(table, client)
                fill(repo, users(size, 100), 100)
                calls = ApiCalls(client)
                due, found, total = tick_requests(repo, calls)
                _row("DynamoDB Local (API calls)", size, due, found, total)
                print(f"  calls, find and tick: {dict(calls.calls)}; HTTP requests {calls.sent}",
                      flush=True)


def _deliveries(telegram: TelegramFake, due: int) -> tuple[int, int]:
    delivered = Counter(s.chat_id for s in telegram.sent() if s.method == "sendMessage")
    lost = sum(1 for n in range(due) if delivered[FIRST_CHAT + n] == 0)
    return lost, sum(count - 1 for count in delivered.values())


async def part_b(folder: Path, due: int) -> None:
    with TelegramFake() as telegram, SQLiteItemRepository(folder / "b.sqlite3") as repo:
        fill(repo, users(due, due), due)
        settings = Settings(telegram_bot_token=SecretStr(telegram.token),
                            telegram_base_url=telegram.base_url)
        service = _service(repo, settings)
        telegram.enforce_rate(30)
        application = build_application(service, digest_every=None)
        async with application:
            started = time.perf_counter()
            run = await send_due(application.bot, service)
            elapsed = time.perf_counter() - started
        lost, duplicated = _deliveries(telegram, due)
        floor = due / 30
        print(f"(b) one tick, {due} reminders due: {elapsed:.1f} s (floor {floor:.1f} s, ratio "
              f"{elapsed / floor:.2f}); {telegram.rejected_429} answered 429; lost {lost}, "
              f"duplicated {duplicated}; {run.counts()}", flush=True)


@contextmanager
def _notify(env: Mapping[str, str], at: datetime) -> Iterator[subprocess.Popen[bytes]]:
    command = [sys.executable, "-m", "immersion_tracker", "notify", "--at", at.isoformat()]
    process = subprocess.Popen(command, env=dict(env), cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()


def part_c(folder: Path, due: int, kills: int, jitter: float) -> None:
    store = folder / f"c{jitter}.sqlite3"
    with SQLiteItemRepository(store) as repo:
        fill(repo, users(due, due), due)
    with TelegramFake() as telegram:
        env = {**os.environ, "IMMERSION_TRACKER_STORAGE": f"sqlite:///{store}",
               "TELEGRAM_BOT_TOKEN": telegram.token,
               "IMMERSION_TRACKER_TELEGRAM_BASE_URL": telegram.base_url}
        env.pop("IMMERSION_TRACKER_SECRET_ID", None)
        at, killed, runs = DAY + timedelta(minutes=30), 0, 0
        rng = random.Random(14)
        step = max(1, due // (kills + 2))
        while runs < kills + 20:
            runs += 1
            with _notify(env, at) as process:
                target = len(telegram.sent()) + step
                while process.poll() is None:
                    if killed < kills and len(telegram.sent()) >= target:
                        # Killing right at an accepted send is the worst case (every kill
                        # lands between Telegram's acceptance and the record); a random
                        # delay spreads the kill points over the whole pipeline.
                        time.sleep(rng.uniform(0, jitter))
                        process.send_signal(signal.SIGKILL)
                        killed += 1
                        break
                    time.sleep(0.005)
                finished = process.wait() == 0
            at += timedelta(minutes=11)  # past the lease of any send the kill interrupted
            if finished and killed >= kills:
                break
        lost, duplicated = _deliveries(telegram, due)
        print(f"(c) kill test, kill delay 0-{jitter:.2f} s: {due} due users, killed {killed} "
              f"times over {runs} runs; "
              f"lost {lost}, duplicated {duplicated}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--due", type=int, default=1_000)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--skip", default="", help="parts to skip, e.g. ab")
    parser.add_argument("--jitter", type=float, default=0.3,
                        help="kill up to this many seconds after a send was accepted")
    args = parser.parse_args()
    enter_private_network()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        if "a" not in args.skip:
            part_a(folder, (1_000, args.users))
        if "b" not in args.skip:
            asyncio.run(part_b(folder, args.due))
        if "c" not in args.skip:
            part_c(folder, args.due, args.kills, 0.0)
            part_c(folder, args.due, args.kills, args.jitter)


if __name__ == "__main__":
    main()
