"""Study groups: who opted in to a group chat's leaderboard, and the ranking by minutes (store I/O).

Records: ``pk="GROUP#<chat id>", sk="MEMBER#<user>"`` per member who joined a Telegram
group's board with ``/leaderboard join``, and ``pk="USER#<user>", sk="LEADERBOARD#<chat id>"``
beside it, so removing the user finds every group they joined. A Discord server's board
has the same two records as ``pk="DISCORDGUILD#<guild id>"`` and
``sk="DISCORDLEADERBOARD#<guild id>"`` (the two id spaces are separate). Nobody appears
without having joined; leaving deletes both records. A membership joined before the
user's record existed is given it by ``immersion-tracker rebuild``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Literal
from zoneinfo import ZoneInfo

from handlers.service.core.calendar import local_date, week_monday
from handlers.service.core.errors import InvalidInput, quoted
from handlers.service.kept import minutes as kept_minutes
from storage.models import user_pk
from storage.repository import Item, ItemRepository

Period = Literal["week", "month"]
Chat = Literal["telegram", "discord"]
MEMBER_PREFIX = "MEMBER#"
JOINED_PREFIX = "LEADERBOARD#"
CHATS: tuple[Chat, ...] = ("telegram", "discord")
MAX_MEMBERS = 200
"""A Telegram group can be huge; a leaderboard reads at most this many members."""


def _joined_prefix(chat: Chat) -> str:
    return JOINED_PREFIX if chat == "telegram" else f"DISCORD{JOINED_PREFIX}"


_GROUP_PREFIXES: dict[Chat, str] = {"telegram": "GROUP#", "discord": "DISCORDGUILD#"}


def group_pk(chat_id: int, chat: Chat = "telegram") -> str:
    return f"{_GROUP_PREFIXES[chat]}{chat_id}"


@dataclass(frozen=True)
class Membership:
    """One user's place on one chat's leaderboard, as its group record holds it."""

    chat: Chat
    chat_id: int
    user: str
    joined_at: int

    def __str__(self) -> str:
        # In the words of rebuild --verify's other differences.
        return (f"{self.user}: {_joined_key(self)[1]}: stored None, derived the record of "
                f"the membership {group_pk(self.chat_id, self.chat)} {MEMBER_PREFIX}{self.user}")


def _membership(item: Item) -> Membership | None:
    """The membership a group's ``MEMBER#`` record stands for, or None for any other item."""
    pk, sk = str(item["pk"]), str(item["sk"])
    if not sk.startswith(MEMBER_PREFIX):
        return None
    for chat, prefix in _GROUP_PREFIXES.items():
        chat_id = pk.removeprefix(prefix)
        if pk.startswith(prefix) and chat_id.lstrip("-").isdigit():
            joined_at = item.get("joined_at")
            # DynamoDB gives numbers as Decimal; a record without the time keeps 0.
            when = int(joined_at) if isinstance(joined_at, int | Decimal) else 0
            return Membership(chat, int(chat_id), sk.removeprefix(MEMBER_PREFIX), when)
    return None


def _joined_key(membership: Membership) -> tuple[str, str]:
    """The key of the record in the user's partition that lets removal find the membership."""
    return (user_pk(membership.user),
            f"{_joined_prefix(membership.chat)}{membership.chat_id}")


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

    def unrecorded_memberships(self) -> list[Membership]:
        """Memberships whose user has no record of them (joined before such records were
        kept, so removing the user would leave them); one scan of the whole store."""
        members: dict[tuple[str, str], Membership] = {}
        recorded: set[tuple[str, str]] = set()
        prefixes = tuple(_joined_prefix(chat) for chat in CHATS)
        for item in self._repo.scan():
            pk, sk = str(item["pk"]), str(item["sk"])
            if pk.startswith(user_pk("")) and sk.startswith(prefixes):
                recorded.add((pk, sk))
            elif (member := _membership(item)) is not None:
                members[_joined_key(member)] = member
        return [members[key] for key in sorted(members.keys() - recorded)]

    def record_memberships(self, memberships: list[Membership]) -> int:
        """Write the user's record of each membership that has none; how many were written."""
        records = [{"pk": pk, "sk": sk, "user": m.user, "chat_id": m.chat_id,
                    "joined_at": m.joined_at, "version": 1}
                   for m in memberships for pk, sk in [_joined_key(m)]]
        # A join racing this writes the same record: whichever came first stays.
        return len(self._repo.put_many_if_absent(records))

    def ranking(self, chat_id: int, period: str = "week",
                chat: Chat = "telegram") -> list[Standing]:
        """Members by minutes this week (from Monday) or month, in each member's own zone."""
        if period not in ("week", "month"):
            raise InvalidInput(f"{quoted(period)} is not a period; use week or month.")
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
