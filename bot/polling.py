"""Long polling: the bot as an asyncio task that waits out Telegram outages (network I/O)."""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Callable
from typing import TYPE_CHECKING

from telegram import Update
from telegram.error import NetworkError

from bot.application import build_application
from bot.command_menu import announce
from retrying import Backoff

if TYPE_CHECKING:
    from handlers.service import Service

log = logging.getLogger(__name__)

FIRST_RETRY_SECONDS = 1.0
MAX_RETRY_SECONDS = 60.0


async def _stopped_within(stop: asyncio.Event, seconds: float) -> bool:
    try:
        await asyncio.wait_for(stop.wait(), seconds)
    except TimeoutError:
        return False
    return True


async def poll(
    service: Service,
    stop: asyncio.Event,
    first_retry: float = FIRST_RETRY_SECONDS,
    max_retry: float = MAX_RETRY_SECONDS,
    on_polling: Callable[[str], None] | None = None,
) -> None:
    """Poll Telegram until ``stop`` is set.

    While the Bot API is unreachable at start-up, retry with a doubling delay capped at
    ``max_retry``, one log line per attempt; the rest of the process (the REST API) keeps
    serving meanwhile. Once polling, PTB's updater rides out later outages itself.
    ``on_polling`` is told the bot's user name once updates are being fetched.
    """
    application = build_application(service, digest_every=service.settings.digest_check_seconds)
    backoff = Backoff(None, first_retry, max_retry, jitter=False)
    attempt = 0
    while not stop.is_set():
        attempt += 1
        try:
            await application.initialize()
            break
        except NetworkError as error:
            delay = backoff.delay(attempt - 1)
            # The exception's text names the failure, never the URL (which holds the token).
            log.warning(
                "Telegram is unreachable (attempt %d, %s: %s); retrying in %g s.",
                attempt, type(error).__name__, error, delay,
            )
            if await _stopped_within(stop, delay):
                return
    if stop.is_set():
        return
    try:
        # ``initialize`` runs no post_init hook (only ``run_polling`` does): announce here.
        await announce(application)
        assert application.updater is not None
        await application.updater.start_polling(
            allowed_updates=Update.ALL_TYPES, drop_pending_updates=False
        )
        await application.start()
        log.info("Telegram bot: polling (after %d attempt(s)).", attempt)
        if on_polling is not None:
            on_polling(application.bot.username)
        await stop.wait()
    finally:
        if application.updater is not None and application.updater.running:
            await application.updater.stop()
        if application.running:
            await application.stop()
        await application.shutdown()


def run(service: Service, on_polling: Callable[[str], None] | None = None) -> None:
    """Poll Telegram until interrupted (Ctrl+C or SIGTERM); ``on_polling`` as for :func:`poll`."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")

    async def until_signalled() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await poll(service, stop, on_polling=on_polling)

    asyncio.run(until_signalled())
