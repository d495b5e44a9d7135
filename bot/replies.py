"""Replies: HTML parse mode, service errors as one sentence, linked-user checks (Telegram I/O)."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Coroutine
from html import escape
from typing import Any

from telegram import InlineKeyboardMarkup, LinkPreviewOptions, Update
from telegram.constants import ChatType, ParseMode

from bot.context import BotContext
from bot.message_length import fit_html
from bot.sentences import person_sentence
from handlers.service import ServiceError, user_message

Callback = Callable[[Update, BotContext], Coroutine[Any, Any, None]]
LINK_FIRST = ("This Telegram account is not linked yet. Get a code with "
              "<code>immersion-tracker users link-code YOUR_NAME</code> and send "
              "<code>/link CODE</code>.")
_LOG = logging.getLogger(__name__)
_NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


def sentence(message: str) -> str:
    """A service message as an HTML sentence for a chat: the API's ``minutes: must be …``
    names its field for a program, a person reads ``The time must be …``; the message may
    quote what the user typed, so it is escaped (Telegram refuses a stray ``<``)."""
    return escape(person_sentence(message), quote=False)


def is_private(update: Update) -> bool:
    chat = update.effective_chat
    return chat is not None and chat.type == ChatType.PRIVATE


async def reply(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """Answer the update's message in its chat (HTML, no link previews), cut to the
    longest text Telegram sends rather than refused whole."""
    message = update.effective_message
    if message is not None:
        await message.reply_text(fit_html(text), parse_mode=ParseMode.HTML, reply_markup=markup,
                                 link_preview_options=_NO_PREVIEW)


def service_errors_as_replies(callback: Callback) -> Callback:
    """A ServiceError becomes its one-sentence message; nothing else changes."""

    @functools.wraps(callback)
    async def wrapped(update: Update, context: BotContext) -> None:
        try:
            await callback(update, context)
        except ServiceError as error:
            _LOG.info("refused: %s", error.message)
            await reply(update, f"⚠️ {sentence(error.message)}")

    return wrapped


async def require_user(update: Update, context: BotContext) -> str | None:
    """The linked user, or ``None`` after telling a private chat how to link."""
    user = await context.linked_user(update)
    if user is None and is_private(update):
        await reply(update, LINK_FIRST)
    return user


async def on_error(update: object, context: BotContext) -> None:
    """Log the failure and tell the user something went wrong, never how."""
    expected = user_message(context.error) if context.error is not None else None
    if expected is None:
        _LOG.error("update failed", exc_info=context.error)
    else:
        _LOG.warning("update refused: %s", expected)
    if isinstance(update, Update) and update.effective_message is not None:
        fallback = "Sorry, something went wrong on our side. Please try again."
        await reply(update, f"⚠️ {sentence(expected)}" if expected else fallback)
