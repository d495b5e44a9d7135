"""Sends the reminders and digests that are due, once per user and period (Telegram and store I/O).

One function serves every trigger: the job queue of the long-lived bot, the scheduled
Lambda and ``immersion-tracker notify``. Each message is leased with a conditional write
before it is sent and marked sent afterwards (``handlers.service.notify.due_index``): a crashed
send is retried when its lease expires. Telegram's limits are kept by the bot's
AIORateLimiter; a ``RetryAfter`` that still gets through is waited out here (bounded),
``Forbidden`` marks the user blocked, and one failing user never stops the others.

There is no backoff of our own: Telegram says exactly how long to wait, so that is
waited, at most ``MAX_RETRIES`` times. A timed-out send is not retried at once (it may
have arrived); its lease is given back and a later tick decides.

An entry whose chat is ``discord`` goes the same way to a Discord direct message
(``bot.discord.notices``): Discord's 429 is waited out like Telegram's, and a 403 (the
user accepts no direct messages from the bot) marks the user blocked.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from bot.charts import weekly_chart
from bot.discord.notices import DiscordDms, DmRefused, RateLimited, discord_dms
from bot.formatting import CAPTION_LIMIT
from bot.notice_text import notice_text
from handlers.service import DigestNotice, ReminderNotice

if TYPE_CHECKING:
    from telegram import InlineKeyboardMarkup

    from handlers.service import Due, Notice, Page, Service

CONCURRENCY = 32
"""Sends in flight at once; the rate limiter, not this, sets the pace."""
CHART_USERS_LIMIT = 100
"""Past this many digests in one run, send text only (with a text sparkline): a chart
costs 50-130 ms of CPU, which would make a large run several times slower than Telegram's
own 30 messages per second (measured in bench/bot.py). Pages are read as they come, so
a run's first page of digests has charts and the pages after the hundredth digest not."""
MAX_RETRIES = 10
Sleep = Callable[[float], Awaitable[None]]


class Sender(Protocol):
    """What a run sends Telegram messages with: a ``telegram.Bot``, or the notifier Lambda's
    client built with the first message due (python-telegram-bot is imported only then)."""

    async def send_message(self, chat_id: int, text: str, *, parse_mode: str,
                           reply_markup: InlineKeyboardMarkup | None) -> object: ...

    async def send_photo(self, chat_id: int, photo: bytes, *, caption: str,
                         parse_mode: str) -> object: ...

_LOG = logging.getLogger(__name__)


@dataclass
class NotifyRun:
    """What one run did, by user (a user appears once per message kind handled)."""

    sent: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {"sent": len(self.sent), "skipped": len(self.skipped),
                "blocked": len(self.blocked), "failed": len(self.failed)}


@dataclass(frozen=True)
class Outgoing:
    """One message ready to go."""

    text: str
    chart: bytes | None
    markup: InlineKeyboardMarkup | None


def outgoing(notice: Notice, with_chart: bool) -> Outgoing:
    """The text, chart and buttons of ``notice`` (an empty week has no chart)."""
    text = notice_text(notice)
    if isinstance(notice, DigestNotice):
        chart = (weekly_chart(notice.digest.weekly_minutes)
                 if with_chart and not notice.empty else None)
        return Outgoing(text, chart, None)
    assert isinstance(notice, ReminderNotice)
    from bot.quick_log_buttons import quick_log_keyboard

    return Outgoing(text, None, quick_log_keyboard(notice.suggestions))


async def _deliver(bot: Sender, chat_id: int, message: Outgoing) -> None:
    from telegram.constants import ParseMode

    if message.chart is not None and len(message.text) <= CAPTION_LIMIT:
        await bot.send_photo(chat_id, message.chart, caption=message.text,
                             parse_mode=ParseMode.HTML)
    else:
        await bot.send_message(chat_id, message.text, parse_mode=ParseMode.HTML,
                               reply_markup=message.markup)


async def _send_discord(discord: DiscordDms | None, page: Page, entry: Due, notice: Notice,
                        with_chart: bool, sleep: Sleep, run: NotifyRun) -> None:
    if discord is None:
        # The lease is given back: a process with the bot token sends it on a later tick.
        _LOG.error("a Discord message for %s is due but no Discord bot token is set",
                   entry.user)
        await asyncio.to_thread(page.failed, entry)
        run.failed.append(entry.user)
        return
    for _ in range(MAX_RETRIES):
        try:
            await asyncio.to_thread(discord.send, entry.chat_id, notice, with_chart)
        except RateLimited as error:
            await sleep(error.retry_after)
            continue
        await asyncio.to_thread(page.sent, entry)
        run.sent.append(entry.user)
        return
    await asyncio.to_thread(page.failed, entry)
    run.failed.append(entry.user)


async def _send_one(bot: Sender, service: Service, page: Page, entry: Due, with_chart: bool,
                    sleep: Sleep, run: NotifyRun, discord: DiscordDms | None) -> None:
    # python-telegram-bot loads with the first message due, not with an empty tick.
    from telegram.error import RetryAfter

    notice = await asyncio.to_thread(service.notifier.page_notice, page, entry)
    if notice is None:
        await asyncio.to_thread(page.skip, entry)
        run.skipped.append(entry.user)
        return
    if entry.chat == "discord":
        await _send_discord(discord, page, entry, notice, with_chart, sleep, run)
        return
    message = await asyncio.to_thread(outgoing, notice, with_chart)
    for _ in range(MAX_RETRIES):
        try:
            await _deliver(bot, entry.chat_id, message)
        except RetryAfter as error:
            wait = error.retry_after
            await sleep(wait if isinstance(wait, int) else wait.total_seconds())
            continue
        await asyncio.to_thread(page.sent, entry)
        run.sent.append(entry.user)
        return
    await asyncio.to_thread(page.failed, entry)
    run.failed.append(entry.user)


async def _guarded(bot: Sender, service: Service, page: Page, entry: Due, with_chart: bool,
                   sleep: Sleep, run: NotifyRun, slots: asyncio.Semaphore,
                   discord: DiscordDms | None) -> None:
    from telegram.error import Forbidden

    async with slots:
        try:
            await _send_one(bot, service, page, entry, with_chart, sleep, run, discord)
        except (Forbidden, DmRefused):
            await asyncio.to_thread(page.blocking, entry, service.notifier.blocked)
            run.blocked.append(entry.user)
        except Exception:
            _LOG.exception("%s for %s failed", entry.kind, entry.user)
            await asyncio.to_thread(page.failed, entry)
            run.failed.append(entry.user)


async def send_due(bot: Sender, service: Service, now: datetime | None = None,
                   sleep: Sleep = asyncio.sleep, discord: DiscordDms | None = None) -> NotifyRun:
    """Send every reminder and digest due at ``now`` (default: the service clock).

    A page of due entries at a time: read and claimed in a batch each, sent concurrently,
    their outcomes written in batches (``handlers.service.notify.page``). Discord direct
    messages go through ``discord``, by default a sender for the configured bot token.
    """
    own = discord is None
    discord = discord or discord_dms(service.settings)
    try:
        return await _send_pages(bot, service, now, sleep, discord)
    finally:
        if own and discord is not None:
            discord.close()


async def _send_pages(bot: Sender, service: Service, now: datetime | None, sleep: Sleep,
                      discord: DiscordDms | None) -> NotifyRun:
    notifier = service.notifier
    await asyncio.to_thread(notifier.migrate_legacy)
    pages = notifier.pages(now)
    run = NotifyRun()
    slots = asyncio.Semaphore(CONCURRENCY)
    digests = 0
    while (entries := await asyncio.to_thread(next, pages, None)) is not None:
        page = await asyncio.to_thread(notifier.prepare, entries)
        run.skipped += [entry.user for entry in page.unclaimed]
        digests += sum(1 for entry in page.claimed if entry.kind == "digest")
        with_chart = digests <= CHART_USERS_LIMIT
        try:
            await asyncio.gather(*(_guarded(bot, service, page, entry, with_chart, sleep, run,
                                            slots, discord) for entry in page.claimed))
        finally:
            await asyncio.to_thread(page.finish)
    _LOG.info("notifier: %s", run.counts())
    return run
