"""Sends the queued notices of closed capture sessions, with Undo (Telegram and store I/O).

"📺 Logged 24 min of Frieren S1E3 from Jellyfin" (or "📺 Watched Frieren S1E3 (25 min) from
Jellyfin" when it became the episode) goes to each linked chat of the user, once. Two
triggers share it: the long-lived bot's job queue (``bot.capture_notices``) and, on AWS, each
tick of the scheduled notifier Lambda. It needs only a ``Bot``, never the Application, so the
notifier's cold start stays small.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import Forbidden, TelegramError

from bot.notice_text import capture_notice_text

if TYPE_CHECKING:
    from handlers.service import CaptureNotice, Service

PAGE = 100
UNDO_PREFIX = "cu:"
_LOG = logging.getLogger(__name__)


async def send_notices(bot: Bot, service: Service) -> int:
    """Send every queued notice; how many were delivered. A failed send stays queued for
    the next run; a page at a time, after the last one tried, so failures never stall it."""
    capture = service.capture
    delivered = 0
    after: str | None = None
    while page := capture.pending_notices(PAGE, after):
        after = page[-1].key
        for notice in page:
            delivered += await _send_notice(bot, service, notice)
    return delivered


async def _send_notice(bot: Bot, service: Service, notice: CaptureNotice) -> int:
    """1 when ``notice`` was sent (and dequeued), 0 when it stays queued."""
    keyboard = InlineKeyboardMarkup(
        [[InlineKeyboardButton("Undo", callback_data=f"{UNDO_PREFIX}{notice.session_id}"[:64])]])
    text = capture_notice_text(notice.title, notice.minutes, notice.player,
                               watched=notice.watched)
    try:
        for chat in service.links.accounts_of(notice.user):
            await bot.send_message(chat, text, parse_mode=ParseMode.HTML, reply_markup=keyboard)
    except Forbidden:
        pass  # the user blocked the bot: the notice is dropped, never retried
    except TelegramError as error:
        _LOG.warning("a capture notice was not sent: %s", error)
        return 0
    service.capture.notice_sent(notice)
    return 1
