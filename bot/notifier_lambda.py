"""The scheduled notifier Lambda: sends the reminders and digests due (network and store I/O)."""

from __future__ import annotations

import asyncio
from typing import Any

from bot.application import build_application
from bot.notifier_sender import send_due
from bot.webhook_lambda import configured_service


async def _run() -> dict[str, int]:
    service, token, _ = configured_service()
    application = build_application(service, token=token, with_updater=False, digest_every=None)
    async with application:
        run = await send_due(application.bot, service)
    return run.counts()


def lambda_handler(event: dict[str, Any], context: object) -> dict[str, int]:
    """EventBridge schedule entry point (every 15 minutes); returns the run's counts."""
    return asyncio.run(_run())
