"""The due-time index of pushed messages, and the lease that sends each one once (store I/O).

Records:

- ``pk="DUE", sk="<UTC time>#<kind>#<user>"``: one small item per user and message kind,
  at its next send moment. Sort keys order by time, so a tick reads only the entries whose
  moment has passed, a page at a time: its cost follows the users due, not all users. An
  entry stays at the front until it is handled, so a message missed while nothing ran is
  found by the next tick.
  An entry for a Discord direct message also has ``chat="discord"`` (its ``chat_id`` is
  then the Discord user's id); without it the chat is Telegram.
- ``pk="USER#<user>", sk="DUE#<kind>"``: where the user's entry of that kind is, so a
  changed setting moves it.
- ``pk="USER#<user>", sk="<claim prefix><period>"``: the claim of one period's message.
  It starts as a lease; whoever creates it (or takes over an expired one) sends, and marks
  it sent afterwards. A crash between claim and send leaves a lease that expires, so the
  message is sent later; a crash between Telegram's acceptance and the mark is the only
  way to send twice.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from handlers.service.core.calendar import DAY_SECONDS
from storage.models import user_pk
from storage.repository import Item, ItemRepository, VersionConflict

Kind = Literal["reminder", "digest"]
TELEGRAM = "telegram"
"""The chat a due entry goes to when it names none (every entry written before Discord)."""
INDEX_PK = "DUE"
POINTER_PREFIX = "DUE#"
CLAIM_PREFIX: dict[Kind, str] = {"reminder": "REMINDER#SENT#", "digest": "DIGEST#SENT#"}
LEASE_SECONDS = 600
"""A send normally takes well under a second; a lease outliving this was a crash."""
CLAIM_LIFETIME_SECONDS = 120 * DAY_SECONDS
PAGE = 100
_LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class Due:
    """One index entry whose moment has passed: who, where, which period."""

    kind: Kind
    user: str
    chat_id: int
    period: str
    at: int
    sk: str
    chat: str = TELEGRAM
    """Which chat ``chat_id`` is in: ``telegram``, or ``discord`` (a direct message)."""


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def entry_items(
    kind: Kind, user: str, chat_id: int, at: datetime, period: str, chat: str = TELEGRAM
) -> tuple[Item, Item]:
    """The index entry of the user's ``kind`` message at ``at``, and the pointer to it."""
    sk = f"{_stamp(at)}#{kind}#{user}"
    entry: Item = {"pk": INDEX_PK, "sk": sk, "user": user, "kind": kind, "chat_id": chat_id,
                   "period": period, "at": int(at.timestamp()), "version": 1}
    if chat != TELEGRAM:
        entry["chat"] = chat
    return (entry, {"pk": user_pk(user), "sk": POINTER_PREFIX + kind, "user": user,
                    "index_sk": sk, "version": 1})


def schedule(
    repo: ItemRepository, kind: Kind, user: str, chat_id: int, at: datetime, period: str,
    chat: str = TELEGRAM,
) -> None:
    """Put the user's ``kind`` entry at ``at`` (for ``period``), replacing the previous one.

    The new entry is written before the old one is deleted: a crash in between leaves two
    (the claim keeps that harmless), never none.
    """
    entry, pointer = entry_items(kind, user, chat_id, at, period, chat)
    previous = repo.get(user_pk(user), POINTER_PREFIX + kind)
    repo.put(entry)
    repo.put(pointer)
    if previous is not None and previous.get("index_sk") != entry["sk"]:
        repo.delete(INDEX_PK, str(previous["index_sk"]))


def unschedule(repo: ItemRepository, kind: Kind, user: str) -> None:
    """Remove the user's ``kind`` entry (turned off, unlinked, blocked)."""
    pointer = repo.get(user_pk(user), POINTER_PREFIX + kind)
    if pointer is not None:
        repo.delete(INDEX_PK, str(pointer["index_sk"]))
        repo.delete(user_pk(user), POINTER_PREFIX + kind)


def scheduled_at(repo: ItemRepository, kind: Kind, user: str) -> int | None:
    """When the user's ``kind`` entry is due (epoch seconds), if there is one."""
    pointer = repo.get(user_pk(user), POINTER_PREFIX + kind)
    return None if pointer is None else _epoch_of(str(pointer["index_sk"]))


def scheduled_chat(repo: ItemRepository, kind: Kind, user: str) -> int | None:
    """The chat the user's ``kind`` entry goes to, if there is one."""
    target = scheduled_target(repo, kind, user)
    return None if target is None else target[1]


def scheduled_target(repo: ItemRepository, kind: Kind, user: str) -> tuple[str, int] | None:
    """Which chat (``telegram``/``discord``) and chat id the user's ``kind`` entry goes to."""
    pointer = repo.get(user_pk(user), POINTER_PREFIX + kind)
    entry = None if pointer is None else repo.get(INDEX_PK, str(pointer["index_sk"]))
    if entry is None:
        return None
    return str(entry.get("chat", TELEGRAM)), int(entry["chat_id"])


def _epoch_of(sk: str) -> int:
    return int(datetime.strptime(sk[:20], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC).timestamp())


def due(repo: ItemRepository, now: datetime, limit: int | None = None) -> Iterator[Due]:
    """The entries whose moment is at or before ``now``, oldest first, a page per request."""
    cutoff, after, count = _stamp(now), None, 0
    while limit is None or count < limit:
        page = list(repo.query_prefix(INDEX_PK, start_after=after, limit=PAGE))
        for item in page:
            if str(item["sk"])[:20] > cutoff or (limit is not None and count >= limit):
                return
            entry = _due(item)
            if entry is None:
                continue
            count += 1
            yield entry
        if len(page) < PAGE:
            return
        after = str(page[-1]["sk"])


def _due(item: Item) -> Due | None:
    """The entry ``item`` holds; ``None`` (logged) for one that cannot be read, which must
    not keep every user after it from being handled."""
    try:
        kind = item["kind"]
        if kind not in CLAIM_PREFIX:
            raise ValueError(f"unknown kind {kind!r}")
        return Due(kind, str(item["user"]), int(item["chat_id"]), str(item["period"]),
                   int(item["at"]), str(item["sk"]), str(item.get("chat", TELEGRAM)))
    except (KeyError, TypeError, ValueError) as error:
        _LOG.error("due entry %s cannot be read (%s); skipped", item.get("sk"), error)
        return None


def claim_key(entry: Due) -> tuple[str, str]:
    """Where the claim of ``entry``'s period is kept."""
    return user_pk(entry.user), CLAIM_PREFIX[entry.kind] + entry.period


def lease(entry: Due, now: int) -> Item:
    """A fresh lease on ``entry``'s period, to create only if there is no claim yet."""
    pk, sk = claim_key(entry)
    return {"pk": pk, "sk": sk, "user": entry.user, "state": "leased",
            "lease_until": now + LEASE_SECONDS, "claimed_at": now,
            "expires_at": now + CLAIM_LIFETIME_SECONDS, "version": 1}


def is_sent(record: Item | None) -> bool:
    """Whether a claim record says sent (one without a state is the first generation's)."""
    return record is not None and record.get("state", "sent") == "sent"


def take_over(repo: ItemRepository, entry: Due, current: Item | None, now: int) -> Item | None:
    """Take ``entry``'s lease over if it expired (a crashed send); the lease, or ``None``."""
    if current is None or current.get("state") != "leased":
        return None
    if int(current.get("lease_until", 0)) > now:
        return None
    try:
        return repo.update(*claim_key(entry), {"lease_until": now + LEASE_SECONDS},
                           int(current.get("version", 1)))
    except VersionConflict:
        return None


def claim(repo: ItemRepository, entry: Due, now: int) -> bool:
    """Lease ``entry``'s period: True for one caller at a time, never after it was sent."""
    if repo.put_if_absent(lease(entry, now)):
        return True
    return take_over(repo, entry, repo.get(*claim_key(entry)), now) is not None


def sent_mark(held: Item) -> Item:
    """The claim ``held`` (as leased by us) marked sent: no later claim succeeds."""
    return {**held, "state": "sent", "version": int(held.get("version", 1)) + 1}


def mark_sent(repo: ItemRepository, entry: Due) -> None:
    """Record that ``entry``'s message went out: no later claim succeeds."""
    pk, sk = claim_key(entry)
    current = repo.get(pk, sk) or {}
    repo.put(sent_mark({**current, "pk": pk, "sk": sk, "user": entry.user}))


def release(repo: ItemRepository, entry: Due) -> None:
    """Give the lease back after a failed send, so the next tick tries again."""
    sk = CLAIM_PREFIX[entry.kind] + entry.period
    current = repo.get(user_pk(entry.user), sk)
    if current is not None and current.get("state") == "leased":
        with contextlib.suppress(VersionConflict):
            repo.delete(user_pk(entry.user), sk, int(current.get("version", 1)))
