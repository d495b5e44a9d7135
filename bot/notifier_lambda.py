"""The scheduled notifier Lambda: sends the reminders and digests due, and the queued capture
notices (network and store I/O).

On AWS nothing else runs between webhook calls, so this tick also sends the notices of
closed capture sessions (``bot.capture_notices``, the long-lived bot's job does it every
10 s): a notice arrives with the next tick, a failed send stays queued for the one after;
it goes to Discord direct messages when the user's reminders go there.

A tick only sends messages, so it builds a rate-limited Bot API client and the service,
never the Application with its command handlers. Those and python-telegram-bot load when a
tick runs, not with this module. A secret without a value reads as ``{}``: a deployment
that does not use Discord leaves its secret unset, and the Telegram messages still go (a
Discord one found due is given back, logged, for a tick that has the token).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any


def _secrets(secret_id: str | None) -> Mapping[str, Any]:
    from handlers.aws.secret import load_service_secret

    return load_service_secret(secret_id, unset_is_empty=True)


async def _run() -> dict[str, int]:
    from bot.capture_notice_sender import send_notices
    from bot.discord.notices import discord_dms
    from bot.lambda_config import configured_service
    from bot.notifier_sender import send_due
    from bot.sending import sending_bot

    service, token, _ = configured_service(_secrets)
    secret = _secrets(service.settings.secret_id)
    # Reminders and digests some users chose to get as Discord direct messages.
    discord = discord_dms(service.settings, str(secret.get("discord_bot_token") or "") or None)
    bot = sending_bot(token, service.settings.telegram_base_url)
    try:
        async with bot:
            run = await send_due(bot, service, discord=discord)
            notices = await send_notices(bot, service, discord=discord)
    finally:
        if discord is not None:
            discord.close()
    return {**run.counts(), "notices": notices}


def lambda_handler(event: dict[str, Any], context: object) -> dict[str, int]:
    """EventBridge schedule entry point (every 15 minutes); returns the run's counts (and
    how many capture notices went)."""
    return asyncio.run(_run())
