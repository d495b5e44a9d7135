"""Sends the queued notices of closed capture sessions, with Undo (Telegram, Discord and
store I/O).

"📺 Logged 24 min of Frieren S1E3 from Jellyfin" (or "📺 Watched Frieren S1E3 (25 min) from
Jellyfin" when it became the episode) goes to each linked Telegram chat of the user, once;
or, when the user chose Discord direct messages for their reminders (else their digest),
there, as those go. Two triggers share it: the long-lived bot's job queue
(``bot.capture_notices``) and, on AWS, each tick of the scheduled notifier Lambda. It needs
only a ``Bot``, never the Application, so the notifier's cold start stays small.

A failed send stays queued for the next run; a user who blocked the bot (Telegram's 403,
Discord's refused direct message) loses that notice, never retried.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from bot.discord.notices import CAPTURE_UNDO, DiscordDms, DmRefused, discord_dms
from bot.notice_text import capture_notice_text

if TYPE_CHECKING:
    from bot.notifier_sender import Sender
    from handlers.service import CaptureNotice, Service

PAGE = 100
UNDO_PREFIX = f"{CAPTURE_UNDO}:"
_LOG = logging.getLogger(__name__)


async def send_notices(bot: Sender, service: Service, discord: DiscordDms | None = None,
                       page_size: int = PAGE) -> int:
    """Send every queued notice; how many left the queue (sent, or dropped for a blocked
    user). A page at a time, after the last one tried, so failures never stall the rest.
    Discord direct messages go through ``discord``, by default a sender for the configured
    bot token."""
    own = discord is None
    discord = discord or discord_dms(service.settings)
    done = 0
    after: str | None = None
    try:
        while page := await asyncio.to_thread(service.capture.pending_notices,
                                               page_size, after):
            after = page[-1].key
            for notice in page:
                done += await _send_notice(bot, service, notice, discord)
    finally:
        if own and discord is not None:
            discord.close()
    return done


async def _send_notice(bot: Sender, service: Service, notice: CaptureNotice,
                       discord: DiscordDms | None) -> int:
    """1 when ``notice`` left the queue, 0 when it stays for the next run."""
    # python-telegram-bot loads with the first notice: a tick with none never loads it.
    from telegram.error import Forbidden

    dm = await asyncio.to_thread(service.notifier.discord_dm_of, notice.user)
    try:
        if dm is not None:
            if discord is None:
                # Kept: a process with the Discord bot token sends it on a later run.
                _LOG.error("a capture notice for %s goes to Discord but no Discord bot "
                           "token is set", notice.user)
                return 0
            await asyncio.to_thread(discord.send_capture_notice, dm, notice)
        else:
            await _send_telegram(bot, service, notice)
    except (Forbidden, DmRefused):
        pass  # the user blocked the bot: the notice is dropped, never retried
    except Exception as error:  # one failing notice (Telegram, Discord) never stops the rest
        _LOG.warning("a capture notice was not sent: %s", error)
        return 0
    await asyncio.to_thread(service.capture.notice_sent, notice)
    return 1


async def _send_telegram(bot: Sender, service: Service, notice: CaptureNotice) -> None:
    from telegram import InlineKeyboardButton, InlineKeyboardMarkup
    from telegram.constants import ParseMode

    keyboard = InlineKeyboardMarkup(
        [[InlineKeyboardButton("Undo", callback_data=f"{UNDO_PREFIX}{notice.session_id}"[:64])]])
    text = capture_notice_text(notice.title, notice.minutes, notice.player,
                               watched=notice.watched)
    for chat in await asyncio.to_thread(service.links.accounts_of, notice.user):
        await bot.send_message(chat, text, parse_mode=ParseMode.HTML, reply_markup=keyboard)
