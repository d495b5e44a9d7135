"""The scheduled notifier Lambda: sends the reminders and digests due (network and store I/O).

A tick only sends messages, so it builds a rate-limited Bot API client and the service,
never the Application with its command handlers.
"""

from __future__ import annotations

import asyncio
from typing import Any

from bot.lambda_config import configured_service
from bot.notifier_sender import send_due
from bot.sending import sending_bot


async def _run() -> dict[str, int]:
    service, token, _ = configured_service()
    bot = sending_bot(token, service.settings.telegram_base_url)
    async with bot:
        run = await send_due(bot, service)
    return run.counts()


def lambda_handler(event: dict[str, Any], context: object) -> dict[str, int]:
    """EventBridge schedule entry point (every 15 minutes); returns the run's counts."""
    return asyncio.run(_run())
