"""Study groups: who opted in to a group chat's leaderboard, and the ranking by minutes (store I/O).

Records: ``pk="GROUP#<chat id>", sk="MEMBER#<user>"`` per member who joined a Telegram
group's board with ``/leaderboard join``, and ``pk="USER#<user>", sk="LEADERBOARD#<chat id>"``
beside it, so removing the user finds every group they joined. A Discord server's board
has the same two records as ``pk="DISCORDGUILD#<guild id>"`` and
``sk="DISCORDLEADERBOARD#<guild id>"`` (the two id spaces are separate). Nobody appears
without having joined; leaving deletes both records.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal
from zoneinfo import ZoneInfo

from handlers.service.core.calendar import local_date, week_monday
from handlers.service.core.errors import InvalidInput
from handlers.service.kept import minutes as kept_minutes
from storage.models import user_pk
from storage.repository import ItemRepository

Period = Literal["week", "month"]
Chat = Literal["telegram", "discord"]
MEMBER_PREFIX = "MEMBER#"
JOINED_PREFIX = "LEADERBOARD#"
CHATS: tuple[Chat, ...] = ("telegram", "discord")
MAX_MEMBERS = 200
"""A Telegram group can be huge; a leaderboard reads at most this many members."""


def _joined_prefix(chat: Chat) -> str:
    return JOINED_PREFIX if chat == "telegram" else f"DISCORD{JOINED_PREFIX}"


def group_pk(chat_id: int, chat: Chat = "telegram") -> str:
    return f"GROUP#{chat_id}" if chat == "telegram" else f"DISCORDGUILD#{chat_id}"


@dataclass(frozen=True)
class Standing:
    """One member's place: their name and minutes this period."""

    user: str
    minutes: int


class Leaderboards:
    """Opt-in leaderboards of group chats."""

    def __init__(self, repo: ItemRepository, clock: Callable[[], datetime],
                 zone_of: Callable[[str], ZoneInfo]) -> None:
        self._repo = repo
        self._clock = clock
        self._zone_of = zone_of

    def join(self, chat_id: int, user: str, chat: Chat = "telegram") -> bool:
        """Add ``user`` to the chat's leaderboard; False when already a member."""
        now = int(self._clock().timestamp())
        # The user's own record first: a membership is never left where removal cannot find it.
        self._repo.put({"pk": user_pk(user), "sk": f"{_joined_prefix(chat)}{chat_id}",
                        "user": user, "chat_id": chat_id, "joined_at": now, "version": 1})
        return self._repo.put_if_absent({"pk": group_pk(chat_id, chat),
                                         "sk": MEMBER_PREFIX + user,
                                         "user": user, "joined_at": now, "version": 1})

    def leave(self, chat_id: int, user: str, chat: Chat = "telegram") -> bool:
        """Remove ``user`` from the chat's leaderboard; False when not a member."""
        left = self._repo.delete(group_pk(chat_id, chat), MEMBER_PREFIX + user)
        self._repo.delete(user_pk(user), f"{_joined_prefix(chat)}{chat_id}")
        return left

    def forget_user(self, user: str) -> None:
        """Leave every leaderboard ``user`` joined (the user is being removed)."""
        for chat in CHATS:
            for joined in list(self._repo.query_prefix(user_pk(user), _joined_prefix(chat))):
                self.leave(int(joined["chat_id"]), user, chat)

    def ranking(self, chat_id: int, period: str = "week",
                chat: Chat = "telegram") -> list[Standing]:
        """Members by minutes this week (from Monday) or month, in each member's own zone."""
        if period not in ("week", "month"):
            raise InvalidInput(f"{period!r} is not a period; use week or month.")
        members = self._repo.query_prefix(group_pk(chat_id, chat), MEMBER_PREFIX,
                                          limit=MAX_MEMBERS)
        ranked = [Standing(str(m["user"]), self._minutes(str(m["user"]), period))
                  for m in members]
        return sorted(ranked, key=lambda r: (-r.minutes, r.user))

    def _minutes(self, user: str, period: str) -> int:
        """The member's minutes from the period's first local day to today (day totals)."""
        today = local_date(self._clock(), self._zone_of(user))
        first = week_monday(today) if period == "week" else today.replace(day=1)
        return int(kept_minutes.seconds_between(self._repo, user, first, today) // 60)
