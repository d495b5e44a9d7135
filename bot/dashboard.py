"""The web dashboard in Telegram: the menu button and an "Open dashboard" button (Telegram I/O)."""

from __future__ import annotations

import logging

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    MenuButtonWebApp,
    Message,
    WebAppInfo,
)
from telegram.constants import ChatType
from telegram.error import TelegramError

from bot.context import TrackerApplication
from handlers.settings import Settings

log = logging.getLogger(__name__)


def dashboard_keyboard(settings: Settings, message: Message) -> InlineKeyboardMarkup | None:
    """A one-button keyboard opening the dashboard, where Telegram allows one.

    Telegram accepts Mini App buttons only in private chats and only for https pages.
    """
    url = settings.mini_app_url()
    if url is None or message.chat.type != ChatType.PRIVATE:
        return None
    button = InlineKeyboardButton("Open dashboard", web_app=WebAppInfo(url))
    return InlineKeyboardMarkup([[button]])


async def set_menu_button(application: TrackerApplication) -> None:
    """Make the bot's menu button open the dashboard (once, as the bot starts)."""
    url = application.service.settings.mini_app_url()
    if url is None:
        return
    try:
        await application.bot.set_chat_menu_button(
            menu_button=MenuButtonWebApp("Dashboard", WebAppInfo(url))
        )
    except TelegramError as error:
        # The bot works without it; the next start tries again.
        log.warning("could not set the dashboard menu button: %s", error)
