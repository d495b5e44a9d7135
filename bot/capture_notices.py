"""Messages of closed capture sessions, with Undo (Telegram and store I/O).

The long-lived bot's job queue sends what the capture area queued: "📺 Logged 24 min of
Frieren S1E3 from Jellyfin" (or "📺 Watched Frieren S1E3 (25 min) from Jellyfin" when it
became the episode) to each linked chat of the user, once; Undo deletes that entry.
"""

from __future__ import annotations

import logging
from html import escape
from typing import TYPE_CHECKING

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import Forbidden, TelegramError

from bot.context import BotContext
from bot.notice_text import capture_notice_text
from bot.replies import service_errors_as_replies

if TYPE_CHECKING:
    from handlers.service import Service

EVERY_SECONDS = 10.0
_LOG = logging.getLogger(__name__)


async def send_notices(bot: Bot, service: Service) -> int:
    """Send every queued notice; how many were delivered. A failed send stays queued."""
    capture = service.capture
    delivered = 0
    for notice in capture.pending_notices():
        keyboard = InlineKeyboardMarkup(
            [[InlineKeyboardButton("Undo", callback_data=f"cu:{notice.session_id}"[:64])]])
        try:
            for chat in service.links.accounts_of(notice.user):
                text = capture_notice_text(notice.title, notice.minutes, notice.player,
                                           watched=notice.watched)
                await bot.send_message(chat, text,
                                       parse_mode=ParseMode.HTML, reply_markup=keyboard)
        except Forbidden:
            pass  # the user blocked the bot: the notice is dropped, never retried
        except TelegramError as error:
            _LOG.warning("a capture notice was not sent: %s", error)
            continue
        capture.notice_sent(notice)
        delivered += 1
    return delivered


async def notices_job(context: BotContext) -> None:
    """The job queue's trigger of capture notices."""
    await send_notices(context.bot, context.service)


@service_errors_as_replies
async def on_undo(update: Update, context: BotContext) -> None:
    """Undo of a notice: the captured entry goes, and later events never bring it back."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    user = await context.linked_user(update)
    if user is None:
        await query.answer("Link this account first.")
        return
    undone = await context.call(context.service.capture.undo, user, query.data[3:])
    await query.answer(f"Removed {undone.title[:150]}")
    await query.edit_message_text(f"Removed <b>{escape(undone.title)}</b>.",
                                  parse_mode=ParseMode.HTML)
