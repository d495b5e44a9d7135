"""Which function answers which Telegram command, button and message (names only, no I/O).

The application registers these with python-telegram-bot's own handlers; each callback's
module is imported on its first call (``bot.on_first_call``), so an update loads only the
module that answers it. A button's pattern lives here, beside its callback, for the same
reason: reading it must not import the module.
"""

from __future__ import annotations

COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", "bot.account_commands:start"),
    ("help", "bot.account_commands:start"),
    ("link", "bot.account_commands:link"),
    ("unlink", "bot.account_commands:unlink_account"),
    ("timezone", "bot.account_commands:timezone"),
    ("language", "bot.capture_commands:language"),
    ("connect", "bot.connect_commands:connect"),
    ("connections", "bot.connect_commands:connections"),
    ("capture", "bot.connect_commands:capture"),
    ("digest", "bot.account_commands:digest"),
    ("progress", "bot.progress_command:progress"),
    ("review", "bot.review_command:review"),
    ("shows", "bot.show_commands:shows"),
    ("setshow", "bot.show_commands:setshow"),
    ("undo", "bot.undo_buttons:undo"),
    ("log", "bot.log_command:log"),
    ("history", "bot.history_command:history"),
    ("speed", "bot.log_command:speed"),
    ("goal", "bot.goal_commands:goal"),
    ("remind", "bot.goal_commands:remind"),
    ("leaderboard", "bot.goal_commands:leaderboard"),
    ("export", "bot.portability_messages:export"),
)
"""Command → its callback, in the order they are registered."""

BUTTONS: tuple[tuple[str, str], ...] = (
    (r"^undo", "bot.undo_buttons:on_button"),
    (r"^ql:", "bot.goal_commands:on_quick_log"),
    (r"^s[sp]:", "bot.show_commands:on_button"),
    (r"^x[udDekf]", "bot.entry_buttons:on_button"),
    (r"^xp:", "bot.history_command:on_page"),
    (r"^xl", "bot.plain_logs:on_button"),
    (r"^x[wo]:", "bot.watched_replies:on_button"),
    (r"^x[acy]", "bot.whole_shows:on_button"),
    (r"^xs:[cy]\d+:", "bot.whole_shows:on_page"),
    (r"^imp:", "bot.portability_messages:on_button"),
    (r"^c[xa]:", "bot.connect_commands:on_button"),
    (r"^cu:", "bot.capture_notices:on_undo"),
)
"""A button's callback data (matched from its start) → its callback, first match wins."""

DOCUMENT = "bot.portability_messages:on_document"
"""A file sent to the bot: an import."""
TEXT = "bot.link_messages:on_message"
"""Text or a caption that is not a command: links, plain logs, answers to questions."""
UNKNOWN_COMMAND = "bot.account_commands:hint"
"""Any other command."""
