"""The scheduled notifier Lambda: sends the reminders and digests due, and the queued capture
notices (network and store I/O).

On AWS nothing else runs between webhook calls, so this tick also sends the notices of
closed capture sessions (``bot.capture_notices``, the long-lived bot's job does it every
10 s): a notice arrives with the next tick, a failed send stays queued for the one after;
it goes to Discord direct messages when the user's reminders go there.

A tick only sends messages, so it builds the service and a rate-limited Bot API client,
never the Application with its command handlers. The service loads when a tick runs, not
with this module; python-telegram-bot and the client with the first Telegram message due,
so a tick with nothing to send never loads them. A secret without a value reads as
``{}``: a deployment that does not use Discord leaves its secret unset, and the Telegram
messages still go (a Discord one found due is given back, logged, for a tick that has the
token).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from telegram import InlineKeyboardMarkup
    from telegram.ext import ExtBot


def _secrets(secret_id: str | None) -> Mapping[str, Any]:
    from handlers.aws.secret import load_service_secret

    return load_service_secret(secret_id, unset_is_empty=True)


class TelegramWhenDue:
    """The rate-limited Bot API client, built and initialised with the first message."""

    def __init__(self, token: str, base_url: str) -> None:
        self._token, self._base_url = token, base_url
        self._bot: ExtBot[Any] | None = None
        self._lock = asyncio.Lock()

    async def _ready(self) -> ExtBot[Any]:
        async with self._lock:  # concurrent sends share one client
            if self._bot is None:
                from bot.sending import sending_bot

                bot = sending_bot(self._token, self._base_url)
                try:
                    await bot.initialize()
                except BaseException:
                    # This message's lease is given back; the next one tries afresh.
                    await bot.shutdown()
                    raise
                self._bot = bot
        return self._bot

    async def send_message(self, chat_id: int, text: str, *, parse_mode: str,
                           reply_markup: InlineKeyboardMarkup | None) -> object:
        bot = await self._ready()
        return await bot.send_message(chat_id, text, parse_mode=parse_mode,
                                      reply_markup=reply_markup)

    async def send_photo(self, chat_id: int, photo: bytes, *, caption: str,
                         parse_mode: str) -> object:
        bot = await self._ready()
        return await bot.send_photo(chat_id, photo, caption=caption, parse_mode=parse_mode)

    async def close(self) -> None:
        if self._bot is not None:
            await self._bot.shutdown()


async def _run() -> dict[str, int]:
    from bot.capture_notice_sender import send_notices
    from bot.discord.notices import discord_dms
    from bot.lambda_config import configured_service
    from bot.notifier_sender import send_due

    service, token, _ = configured_service(_secrets)
    if not token:
        from bot.sending import MissingToken

        raise MissingToken()
    secret = _secrets(service.settings.secret_id)
    # Reminders and digests some users chose to get as Discord direct messages.
    discord = discord_dms(service.settings, str(secret.get("discord_bot_token") or "") or None)
    telegram = TelegramWhenDue(token, service.settings.telegram_base_url)
    try:
        run = await send_due(telegram, service, discord=discord)
        notices = await send_notices(telegram, service, discord=discord)
    finally:
        await telegram.close()
        if discord is not None:
            discord.close()
    return {**run.counts(), "notices": notices}


def lambda_handler(event: dict[str, Any], context: object) -> dict[str, int]:
    """EventBridge schedule entry point (every 15 minutes); returns the run's counts (and
    how many capture notices went)."""
    return asyncio.run(_run())
