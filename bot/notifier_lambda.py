"""The scheduled notifier Lambda: sends the reminders and digests due (network and store I/O)."""

from __future__ import annotations

import asyncio
from typing import Any

from bot.application import build_application
from bot.discord.notices import discord_dms
from bot.notifier_sender import send_due
from bot.webhook_lambda import configured_service


async def _run() -> dict[str, int]:
    from handlers.aws.secret import load_service_secret

    service, token, _ = configured_service()
    secret = load_service_secret(service.settings.secret_id)
    # Reminders and digests some users chose to get as Discord direct messages.
    discord = discord_dms(service.settings, str(secret.get("discord_bot_token") or "") or None)
    application = build_application(service, token=token, with_updater=False, digest_every=None)
    try:
        async with application:
            run = await send_due(application.bot, service, discord=discord)
    finally:
        if discord is not None:
            discord.close()
    return run.counts()


def lambda_handler(event: dict[str, Any], context: object) -> dict[str, int]:
    """EventBridge schedule entry point (every 15 minutes); returns the run's counts."""
    return asyncio.run(_run())
