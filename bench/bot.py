"""Benchmark of the Telegram bot against the fake Bot API and fake providers (network and disk I/O).

(a) link messages: ``--messages`` YouTube links from ``--senders`` linked users, each user
    sending its next link once the previous one was answered, through real long polling;
    prints messages per second and p50/p95 reply latency.
(b) the weekly digest for ``--users`` subscribers with the fake enforcing Telegram's 30
    messages per second (429 beyond): completion time beside the ``users / 30`` s floor,
    and the count of digests lost and duplicated (both must be 0).

    .venv/bin/python -m bench.bot                 # 1,000 messages, 10,000 digests (~6 min)
    .venv/bin/python -m bench.bot --users 600     # a quick run
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import httpx
from pydantic import SecretStr

from bot.application import build_application
from bot.notifier_sender import send_due
from handlers.service.accounts.telegram_links import create_link_code, redeem_link_code
from handlers.service.facade import Service
from handlers.service.notify.digest_schedule import SUBSCRIPTION_SK
from handlers.settings import Settings
from metadata_clients.settings import ProviderSettings, build_clients
from storage.models import user_pk
from storage.sqlite import SQLiteItemRepository
from tests.fakes.providers import ProviderFake
from tests.fakes.telegram_api import SentRequest, TelegramFake

FIRST_CHAT = 10_000_000


def _service(repo: SQLiteItemRepository, telegram: TelegramFake, http: httpx.Client) -> Service:
    settings = Settings(telegram_bot_token=SecretStr(telegram.token),
                        telegram_base_url=telegram.base_url)
    return Service(repo=repo, providers=build_clients(ProviderSettings(), http),
                   settings=settings)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _sender(telegram: TelegramFake, chat_id: int, links: list[str],
            latencies: list[float]) -> None:
    for answered_before, link in enumerate(links):
        update = telegram.text_update(chat_id, f"watched this {link}")
        sent_at = time.monotonic()
        telegram.enqueue(update)

        def to_sender(request: SentRequest) -> bool:
            return request.method == "sendMessage" and request.chat_id == chat_id

        # One sender waits for each reply before the next link, so replies come in order.
        replies = telegram.wait_for_sent(to_sender, count=answered_before + 1, timeout=60)
        latencies.append(replies[answered_before].at - sent_at)


async def link_messages(messages: int, senders: int) -> None:
    with ProviderFake() as providers, TelegramFake() as telegram, \
            tempfile.TemporaryDirectory() as folder, httpx.Client() as http, \
            SQLiteItemRepository(Path(folder) / "bench.sqlite3") as repo:
        _environment(providers)
        service = _service(repo, telegram, http)
        video_ids = providers.add_youtube_videos(messages, channels=10)
        chats = [FIRST_CHAT + n for n in range(senders)]
        now = int(time.time())  # link codes expire in the store by its own clock
        for n, chat in enumerate(chats):
            redeem_link_code(repo, create_link_code(repo, f"user{n}", now), chat, now)
        application = build_application(service, digest_every=None)
        latencies: list[float] = []
        async with application:
            assert application.updater is not None
            await application.updater.start_polling(poll_interval=0.0, timeout=1)
            await application.start()
            threads = [threading.Thread(target=_sender, args=(
                telegram, chat, [f"https://youtu.be/{v}" for v in video_ids[n::senders]],
                latencies)) for n, chat in enumerate(chats)]
            started = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                await asyncio.to_thread(thread.join)
            elapsed = time.perf_counter() - started
            await application.updater.stop()
            await application.stop()
        logged = sum(1 for n in range(senders)
                     for _ in repo.query_prefix(user_pk(f"user{n}"), "YOUTUBEVIDEO#"))
        print(f"(a) {len(latencies)} link messages from {senders} users in {elapsed:.1f} s: "
              f"{len(latencies) / elapsed:.1f} messages/s; reply latency "
              f"p50 {statistics.median(latencies) * 1000:.0f} ms, "
              f"p95 {_percentile(latencies, 0.95) * 1000:.0f} ms; {logged} videos logged")


def _environment(providers: ProviderFake) -> None:
    import os

    os.environ.update(providers.environment())


def _subscribers(repo: SQLiteItemRepository, users: int, now: int) -> None:
    """Subscribers due now (UTC, Monday 00:00), each with a few logged videos."""
    items = []
    for n in range(users):
        user, chat = f"reader{n}", FIRST_CHAT + n
        items.append({"pk": user_pk(user), "sk": SUBSCRIPTION_SK, "user": user,
                      "enabled": True, "weekday": 0, "local_time": "00:00",
                      "chat_id": chat, "blocked": False, "version": 1})
        items.append({"pk": "DUE", "sk": f"2000-01-03T00:00:00Z#digest#{user}", "user": user,
                      "kind": "digest", "chat_id": chat, "period": "bench",
                      "at": int(datetime.now(UTC).timestamp()) - 60, "version": 1})
        items += [{"pk": user_pk(user), "sk": f"YOUTUBEVIDEO#v{n:06d}{k}", "user": user,
                   "youtube_video_id": f"v{n:06d}{k}", "youtube_channel_id": "UC1",
                   "youtube_video_duration": 600, "timestamp": now - 86400 * (k + 1),
                   "version": 1} for k in range(3)]
    for start in range(0, len(items), 500):
        repo.put_many_if_absent(items[start:start + 500])


async def digest(users: int) -> None:
    with TelegramFake() as telegram, tempfile.TemporaryDirectory() as folder, \
            httpx.Client() as http, \
            SQLiteItemRepository(Path(folder) / "bench.sqlite3") as repo:
        service = _service(repo, telegram, http)
        _subscribers(repo, users, int(datetime.now(UTC).timestamp()))
        telegram.enforce_rate(30)
        application = build_application(service, digest_every=None)
        async with application:
            started = time.perf_counter()
            run = await send_due(application.bot, service)
            elapsed = time.perf_counter() - started
        delivered = Counter(s.chat_id for s in telegram.sent()
                            if s.method in ("sendMessage", "sendPhoto"))
        lost = users - len(delivered)
        duplicated = sum(count - 1 for count in delivered.values())
        floor = users / 30
        print(f"(b) digest for {users} users: {elapsed:.1f} s (Telegram's 30/s floor "
              f"{floor:.1f} s, ratio {elapsed / floor:.2f}); {telegram.rejected_429} answered "
              f"429 and retried; lost {lost}, duplicated {duplicated}; "
              f"sent {len(run.sent)}, failed {len(run.failed)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--senders", type=int, default=50)
    parser.add_argument("--users", type=int, default=10_000)
    args = parser.parse_args()
    asyncio.run(link_messages(args.messages, args.senders))
    asyncio.run(digest(args.users))


if __name__ == "__main__":
    main()
