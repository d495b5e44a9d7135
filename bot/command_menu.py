"""The bot's command menu (``setMyCommands``) and menu button, set as the bot starts (Telegram I/O).

Polling and the webhook Lambda both call :func:`announce` once their application is
initialised, so the "/" menu lists the commands whichever way the bot runs.
"""

from __future__ import annotations

import logging

from telegram import BotCommand
from telegram.error import TelegramError

from bot.context import TrackerApplication
from bot.dashboard import set_menu_button

log = logging.getLogger(__name__)

COMMANDS: tuple[tuple[str, str], ...] = (
    ("log", "Log anything: /log 25m anime Frieren"),
    ("progress", "Your statistics: today, week, month, year, all"),
    ("history", "Your latest entries, to edit or delete"),
    ("review", "Your year in review, as a card to share"),
    ("undo", "Remove the last thing logged here"),
    ("goal", "Daily or weekly goals"),
    ("remind", "A reminder before your streak breaks"),
    ("speed", "Your reading speeds"),
    ("shows", "Your shows and their TVDB metadata"),
    ("timezone", "Your time zone"),
    ("connect", "Let Jellyfin, Plex, Emby or mpv log what they play"),
    ("digest", "The weekly digest"),
    ("leaderboard", "A study group's leaderboard"),
    ("export", "Your data as two files"),
    ("link", "Connect this Telegram account"),
    ("help", "What I do"),
)
"""Commands the menu lists, most used first (each must be a handled command)."""


async def set_commands(application: TrackerApplication) -> None:
    """Register :data:`COMMANDS` as the bot's command menu."""
    try:
        await application.bot.set_my_commands([BotCommand(c, d) for c, d in COMMANDS])
    except TelegramError as error:
        # The bot works without the menu; the next start tries again.
        log.warning("could not set the command menu: %s", error)


async def announce(application: TrackerApplication) -> None:
    """Everything the bot tells Telegram about itself once it starts."""
    await set_commands(application)
    await set_menu_button(application)
