"""A reminder's quick-log buttons: one tap logs a usual activity (no I/O).

Kept apart from the ``/goal`` commands so the notifier, which only sends these buttons,
imports no command handler.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from handlers.service import ACTIVITY_GROUPS

if TYPE_CHECKING:
    from handlers.service import Suggestion

QUICK_LOG = "ql"
"""The callback data's prefix: ``ql:<activity>:<minutes>``."""
_ICONS = {"watching": "▶️", "listening": "🎧", "reading": "📖", "other": "✍️"}


def quick_log_keyboard(suggestions: list[Suggestion]) -> InlineKeyboardMarkup | None:
    """One button per suggestion: ``▶️ 20 min video``."""
    if not suggestions:
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton(
        f"{_ICONS.get(ACTIVITY_GROUPS.get(s.activity, 'other'), '•')} {s.minutes} min "
        f"{s.activity.replace('_', ' ')}",
        callback_data=f"{QUICK_LOG}:{s.activity}:{s.minutes}")] for s in suggestions])
