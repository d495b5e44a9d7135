"""Reminders, weekly digests and capture notices as Discord direct messages (network I/O,
Discord's REST).

The notifier (``bot.notifier_sender``) leases each message, sends it here when its due
entry names the ``discord`` chat, and marks it sent: the same exactly-once path as
Telegram's. A capture notice follows the same choice (``bot.capture_notice_sender``). The
texts are the shared ones; a reminder's one-tap buttons are the same
``ql:<activity>:<minutes>`` the Discord door answers, a capture notice's Undo the same
``cu:<session>`` as Telegram's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.charts import weekly_chart
from bot.discord.answers import DANGER, SECONDARY, Attachment, Button, Reply, message_data
from bot.discord.rest import DiscordApiError, DiscordRest
from bot.notice_text import capture_notice_text, notice_text
from handlers.service import DigestNotice
from handlers.settings import Settings

if TYPE_CHECKING:
    from handlers.service import CaptureNotice, Notice, ReminderNotice

QUICK_LOG = "ql"
CAPTURE_UNDO = "cu"


class DmRefused(Exception):
    """Discord will not deliver to this user (DMs closed, or no server shared): a 403."""


class RateLimited(Exception):
    """Discord asked to wait ``retry_after`` seconds (a 429)."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(f"retry after {retry_after} s")
        self.retry_after = retry_after


def quick_log_rows(notice: ReminderNotice) -> tuple[tuple[Button, ...], ...]:
    """One button per suggestion, as under Telegram's reminder."""
    return tuple((Button(f"{s.minutes} min {s.activity.replace('_', ' ')}",
                         f"{QUICK_LOG}:{s.activity}:{s.minutes}", SECONDARY),)
                 for s in notice.suggestions[:5])


class DiscordDms:
    """Sends a notice to a Discord user's direct messages (blocking; run off the loop)."""

    def __init__(self, rest: DiscordRest) -> None:
        self.rest = rest

    def send(self, user_id: int, notice: Notice, with_chart: bool) -> None:
        files: tuple[Attachment, ...] = ()
        rows: tuple[tuple[Button, ...], ...] = ()
        if isinstance(notice, DigestNotice):
            if with_chart and not notice.empty:
                chart = weekly_chart(notice.digest.weekly_minutes)
                files = (Attachment("weeks.png", chart, "image/png"),)
        else:
            rows = quick_log_rows(notice)
        self._direct(user_id, Reply(notice_text(notice), rows=rows, files=files))

    def send_capture_notice(self, user_id: int, notice: CaptureNotice) -> None:
        """"📺 Logged 24 min of Frieren S1E3 from Jellyfin", with Undo."""
        text = capture_notice_text(notice.title, notice.minutes, notice.player,
                                   watched=notice.watched)
        undo = Button("↩️ Undo", f"{CAPTURE_UNDO}:{notice.session_id}", DANGER)
        self._direct(user_id, Reply(text, rows=((undo,),)))

    def _direct(self, user_id: int, reply: Reply) -> None:
        try:
            self.rest.direct_message(user_id, message_data(reply), reply.files)
        except DiscordApiError as error:
            if error.status == 403:
                raise DmRefused(str(error)) from None
            if error.status == 429:
                raise RateLimited(error.retry_after or 1.0) from None
            raise

    def close(self) -> None:
        self.rest.close()


def discord_dms(settings: Settings, bot_token: str | None = None) -> DiscordDms | None:
    """A sender for this deployment, or ``None`` when no Discord bot token is configured."""
    token = bot_token or (settings.discord_bot_token.get_secret_value()
                          if settings.discord_bot_token else None)
    return DiscordDms(DiscordRest(settings.discord_api_base, token)) if token else None
