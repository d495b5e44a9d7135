"""The Undo of a capture notice, and the long-lived bot's job that sends the notices
(Telegram and store I/O).

The sending itself is ``bot.capture_notice_sender``'s, shared with the scheduled notifier
Lambda; Undo deletes that notice's entry.
"""

from __future__ import annotations

from html import escape

from telegram import Update
from telegram.constants import ParseMode

from bot.capture_notice_sender import UNDO_PREFIX, send_notices
from bot.context import BotContext
from bot.replies import service_errors_as_replies

EVERY_SECONDS = 10.0


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
    undone = await context.call(context.service.capture.undo, user, query.data[len(UNDO_PREFIX):])
    await query.answer(f"Removed {undone.title[:150]}")
    await query.edit_message_text(f"Removed <b>{escape(undone.title)}</b>.",
                                  parse_mode=ParseMode.HTML)
