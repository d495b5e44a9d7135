"""Sends the weekly digests that are due, at most once per user and week (Telegram and store I/O).

One function serves both triggers: the job queue of the long-lived bot and the scheduled
Lambda. Every digest is claimed with a conditional write before it is sent. Telegram's
limits are kept by the bot's AIORateLimiter; a ``RetryAfter`` that still gets through is
waited out here (bounded), ``Forbidden`` marks the user as blocked, and one failing user
never stops the others.

Unlike the provider clients' retry policy (``metadata_clients/transport.py``, which the bot
may not import) there is no backoff of our own: Telegram says exactly how long to wait, so
that is waited, at most ``MAX_RETRIES`` times. Other errors are not retried: a digest is
claimed before it is sent and a timed-out send may have arrived, so at most once wins.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime

from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import Forbidden, RetryAfter

from bot.charts import weekly_chart
from bot.digest_text import digest_text
from bot.formatting import CAPTION_LIMIT
from handlers.service.digest_schedule import DueDigest
from handlers.service.facade import Service

CONCURRENCY = 32
"""Sends in flight at once; the rate limiter, not this, sets the pace."""
CHART_USERS_LIMIT = 100
"""Above this many digests in one run, send text only (with a text sparkline): a chart
costs 50-130 ms of CPU, which would make a large run several times slower than Telegram's
own 30 messages per second (measured in bench/bot.py)."""
MAX_RETRIES = 10
Sleep = Callable[[float], Awaitable[None]]
_LOG = logging.getLogger(__name__)


@dataclass
class DigestRun:
    """What one run did."""

    sent: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def _prepare(service: Service, due: DueDigest, with_chart: bool) -> tuple[str, bytes | None]:
    digest = service.digests.figures(due.user)
    chart = weekly_chart(digest.weekly_minutes) if with_chart else None
    return digest_text(digest), chart


async def _deliver(bot: Bot, chat_id: int, text: str, chart: bytes | None) -> None:
    if chart is not None and len(text) <= CAPTION_LIMIT:
        await bot.send_photo(chat_id, chart, caption=text, parse_mode=ParseMode.HTML)
    else:
        await bot.send_message(chat_id, text, parse_mode=ParseMode.HTML)


async def _send_one(bot: Bot, service: Service, due: DueDigest, with_chart: bool,
                    sleep: Sleep, run: DigestRun) -> None:
    claimed = await asyncio.to_thread(service.digests.claim, due)
    if not claimed:
        run.skipped.append(due.user)
        return
    text, chart = await asyncio.to_thread(_prepare, service, due, with_chart)
    for _ in range(MAX_RETRIES):
        try:
            await _deliver(bot, due.chat_id, text, chart)
        except RetryAfter as error:
            wait = error.retry_after
            await sleep(wait if isinstance(wait, int) else wait.total_seconds())
            continue
        run.sent.append(due.user)
        return
    run.failed.append(due.user)


async def _guarded(bot: Bot, service: Service, due: DueDigest, with_chart: bool,
                   sleep: Sleep, run: DigestRun, slots: asyncio.Semaphore) -> None:
    async with slots:
        try:
            await _send_one(bot, service, due, with_chart, sleep, run)
        except Forbidden:
            await asyncio.to_thread(service.digests.mark_blocked, due.user)
            run.blocked.append(due.user)
        except Exception:
            _LOG.exception("digest for %s failed", due.user)
            run.failed.append(due.user)


async def send_due_digests(bot: Bot, service: Service, now: datetime | None = None,
                           sleep: Sleep = asyncio.sleep) -> DigestRun:
    """Send every digest due at ``now`` (default: the service clock)."""
    due = await asyncio.to_thread(service.digests.due, now)
    run = DigestRun()
    slots = asyncio.Semaphore(CONCURRENCY)
    with_chart = len(due) <= CHART_USERS_LIMIT
    await asyncio.gather(*(_guarded(bot, service, d, with_chart, sleep, run, slots)
                           for d in due))
    _LOG.info("digests: %d sent, %d skipped, %d blocked, %d failed", len(run.sent),
              len(run.skipped), len(run.blocked), len(run.failed))
    return run
