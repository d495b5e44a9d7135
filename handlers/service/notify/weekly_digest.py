"""The weekly digest as every door sees it: subscription, schedule, figures (store I/O).

The commands and the notifier all go through this object, so "a blocked user is skipped"
and "the digest follows the time zone" hold whichever door is used; who is due and the
once-a-week claim are the notifier's (``handlers.service.notify.notifier``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from handlers.service.core.calendar import WEEKDAY_NAMES
from handlers.service.core.errors import InvalidInput
from handlers.service.notify import digest_schedule
from handlers.service.notify.digest import Digest
from handlers.service.notify.digest_kept import kept_digest
from handlers.service.notify.digest_schedule import Subscription
from storage.repository import ItemRepository


class WeeklyDigests:
    """Subscriptions and sending bookkeeping of the weekly digest."""

    def __init__(
        self,
        repo: ItemRepository,
        clock: Callable[[], datetime],
        timezone: Callable[[str], ZoneInfo],
        default_zone: str,
    ) -> None:
        self._repo = repo
        self._clock = clock
        self._timezone = timezone
        self._default_zone = default_zone

    def subscription(self, user: str) -> Subscription | None:
        """The user's digest setting, if they ever had one."""
        return digest_schedule.subscription(self._repo, user)

    def subscribe(
        self,
        user: str,
        chat_id: int,
        weekday: str | None = None,
        local_time: str | None = None,
        chat: str = "telegram",
    ) -> Subscription:
        """Turn the digest on for ``chat_id`` (in ``chat``: Telegram, or a Discord direct
        message); ``weekday``/``local_time`` as typed by people ("mon", "9:00"), keeping the
        earlier choice when not given."""
        day = digest_schedule.parse_weekday(weekday) if weekday is not None else None
        moment = digest_schedule.parse_local_time(local_time) if local_time is not None else None
        return digest_schedule.subscribe(
            self._repo, user, chat_id, self._timezone(user), weekday=day, local_time=moment,
            now=self._clock(), chat=chat,
        )

    def unsubscribe(self, user: str) -> Subscription | None:
        """Turn the digest off; the setting as now stored (``None`` if there was none)."""
        return digest_schedule.unsubscribe(self._repo, user)

    def stop_for_chat(self, user: str, chat_id: int, chat: str = "telegram") -> None:
        """Turn the digest off if it goes to ``chat_id`` (that account was unlinked)."""
        current = self.subscription(user)
        if (current is not None and current.enabled and current.chat_id == chat_id
                and current.chat == chat):
            self.unsubscribe(user)

    def follow_timezone(self, user: str, tz: ZoneInfo) -> None:
        """Move the user's send moment to their new time zone."""
        digest_schedule.refresh_timezone(self._repo, user, tz, self._clock())

    def forget_user(self, user: str) -> None:
        """Drop the subscription entirely (the user is being removed)."""
        digest_schedule.forget(self._repo, user)

    def mark_blocked(self, user: str) -> None:
        """The user blocked the bot: stop sending until they subscribe again."""
        digest_schedule.mark_blocked(self._repo, user)

    def figures(self, user: str, at: datetime | None = None) -> Digest:
        """The digest's figures for ``user`` as sent at ``at`` (default now), in their zone,
        from the kept items (what the last weeks hold, not every entry)."""
        return kept_digest(self._repo, user, at or self._clock(), self._timezone(user))

    def migrate_legacy(self, limit: int = 100) -> int:
        """Move subscribers of the earlier list into the due index (a few per run)."""
        return digest_schedule.migrate_legacy(self._repo, self._clock(), self._default_zone,
                                              limit)

    def settings(self, user: str) -> dict[str, Any]:
        """The ``digest`` part of the settings body."""
        current = self.subscription(user)
        if current is None:
            return {"enabled": False, "weekday": "monday", "time": digest_schedule.DEFAULT_TIME}
        return {"enabled": current.enabled and not current.blocked,
                "weekday": current.weekday_name.lower(), "time": current.local_time}

    def parse_settings(self, user: str, raw: Any) -> tuple[bool, str, str]:
        """``digest`` of a settings change over the current one; raises InvalidInput."""
        if not isinstance(raw, dict) or set(raw) - {"enabled", "weekday", "time"}:
            raise InvalidInput("digest: must be an object like "
                               "{\"enabled\": true, \"weekday\": \"monday\", \"time\": \"09:00\"}.")
        current = self.settings(user)
        enabled = raw.get("enabled", current["enabled"])
        if not isinstance(enabled, bool):
            raise InvalidInput("digest.enabled: must be true or false.")
        try:
            day = digest_schedule.parse_weekday(str(raw.get("weekday", current["weekday"])))
            moment = digest_schedule.parse_local_time(str(raw.get("time", current["time"])))
        except InvalidInput as error:
            raise InvalidInput(f"digest: {error.message}") from None
        return enabled, WEEKDAY_NAMES[day], moment

    def apply_settings(self, user: str, chosen: tuple[bool, str, str], chat_id: int | None) -> None:
        """Store a parsed ``digest`` setting (turning it on needs a linked chat)."""
        enabled, weekday, moment = chosen
        if not enabled:
            self.unsubscribe(user)
            return
        if chat_id is None:
            raise InvalidInput("digest: link Telegram first (/link in the bot); "
                               "the digest arrives there.")
        self.subscribe(user, chat_id, weekday, moment)
