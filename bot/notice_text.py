"""The texts of pushed messages: the reminder, the weekly digest, a captured session (pure)."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from bot.digest_text import digest_text
from bot.formatting import minutes_text
from handlers.service import DigestNotice

if TYPE_CHECKING:
    from handlers.service import Notice, ReminderNotice


def reminder_text(notice: ReminderNotice) -> str:
    """``🔥 Your 12-day streak ends at midnight: 20 min to go (40 / 60 min).``"""
    days = notice.streak.current_days
    if days and notice.streak.at_risk:
        opening = f"🔥 Your {days}-day streak ends at midnight"
    else:
        opening = "🎯 Your daily goal is not met yet"
    if notice.missing_minutes is not None and notice.daily_target is not None:
        need = (f": {minutes_text(notice.missing_minutes)} to go "
                f"({notice.today_minutes} / {notice.daily_target} min today).")
    else:
        need = ": any immersion today keeps it."
    tap = "\nOne tap to log:" if notice.suggestions else "\nShare a link or /log 20m anime."
    return opening + need + tap


def notice_text(notice: Notice) -> str:
    """The HTML text of a reminder or a digest."""
    if isinstance(notice, DigestNotice):
        return digest_text(notice.digest)
    return reminder_text(notice)


def capture_notice_text(title: str, minutes: int, player: str, *, watched: bool) -> str:
    """``📺 Watched <b>Frieren S1E3</b> (25 min) from Jellyfin`` when the session became the
    episode or film watched (its minutes: what that counts), else ``📺 Logged 24 min of
    <b>Frieren S1E3</b> from Jellyfin``."""
    if watched:
        return f"📺 Watched <b>{escape(title)}</b> ({minutes} min) from {escape(player)}"
    return f"📺 Logged {minutes} min of <b>{escape(title)}</b> from {escape(player)}"
