"""Benchmark: ``/log`` reply latency beside a link log's, through the polling bot against
the fake Bot API and fake providers (network and disk I/O).

One linked user sends ``--messages`` of each kind, alternating ``/log 25m anime …`` and a
YouTube link, each once the previous reply arrived; prints p50 and p95 of both.

    .venv/bin/python -m bench.bot_log                 # 200 of each
    .venv/bin/python -m bench.bot_log --messages 50   # a quick run
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

import httpx

from bench.bot import FIRST_CHAT, _environment, _percentile, _service
from bot.application import build_application
from handlers.service.accounts.telegram_links import create_link_code, redeem_link_code
from storage.sqlite import SQLiteItemRepository
from tests.fakes.providers import ProviderFake
from tests.fakes.telegram_api import SentRequest, TelegramFake


def _send(telegram: TelegramFake, texts: list[tuple[str, str]]) -> dict[str, list[float]]:
    """Send each text once the previous was answered; latency per kind."""
    latencies: dict[str, list[float]] = {}
    for answered_before, (kind, text) in enumerate(texts):
        sent_at = time.monotonic()
        telegram.enqueue(telegram.text_update(FIRST_CHAT, text))

        def reply(request: SentRequest) -> bool:
            return request.method == "sendMessage" and request.chat_id == FIRST_CHAT

        replies = telegram.wait_for_sent(reply, count=answered_before + 1, timeout=60)
        assert "Logged" in replies[answered_before].text, replies[answered_before].text
        latencies.setdefault(kind, []).append(replies[answered_before].at - sent_at)
    return latencies


async def run(messages: int) -> None:
    with ProviderFake() as providers, TelegramFake() as telegram, \
            tempfile.TemporaryDirectory() as folder, httpx.Client() as http, \
            SQLiteItemRepository(Path(folder) / "bench.sqlite3") as repo:
        _environment(providers)
        service = _service(repo, telegram, http)
        video_ids = providers.add_youtube_videos(messages, channels=10)
        now = int(time.time())  # link codes expire in the store by its own clock
        redeem_link_code(repo, create_link_code(repo, "learner", now), FIRST_CHAT, now)
        texts = [pair for n, video in enumerate(video_ids) for pair in (
            ("/log", f"/log 25m anime Frieren {n}"), ("link", f"https://youtu.be/{video}"))]
        application = build_application(service, digest_every=None)
        async with application:
            assert application.updater is not None
            await application.updater.start_polling(poll_interval=0.0, timeout=1)
            await application.start()
            latencies = await asyncio.to_thread(_send, telegram, texts)
            await application.updater.stop()
            await application.stop()
        for kind, values in latencies.items():
            print(f"{kind:>5}: {len(values)} replies, p50 "
                  f"{statistics.median(values) * 1000:.1f} ms, "
                  f"p95 {_percentile(values, 0.95) * 1000:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=200)
    asyncio.run(run(parser.parse_args().messages))


if __name__ == "__main__":
    main()
