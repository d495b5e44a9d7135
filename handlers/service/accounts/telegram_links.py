"""Linking chat accounts (Telegram, Discord) to users with short single-use codes (store I/O).

Records:

- ``pk="TELEGRAMCODE#<sha256 of the code>", sk="CODE"``: a pending code (``user``,
  ``expires_at`` as the store's TTL attribute). Only the hash is stored, so a leaked table
  reveals no usable code. Global because the redeemer does not know the user yet.
- ``pk="TELEGRAM#<telegram id>", sk="LINK"``: which user an account belongs to (one per
  account, created conditionally so two links cannot race).
- ``pk="USER#<user>", sk="TELEGRAMLINK#<telegram id>"``: the user's own list of accounts.
- ``pk="USER#<user>", sk="TELEGRAMCODE#<sha256 of the code>"``: the user's pending codes,
  so removing the user can withdraw them too (same ``expires_at``), and asking for codes
  again and again keeps at most ``MAX_LIVE_CODES`` alive.
- ``pk="DISCORD#<discord user id>", sk="LINK"`` and
  ``pk="USER#<user>", sk="DISCORDLINK#<discord user id>"``: the same two records for a
  Discord account (``discord_id`` instead of ``telegram_id``). A code links whichever
  chat redeems it, so one person may link both.
- ``pk="TELEGRAM#<telegram id>", sk="LINKFAILURES"``: wrong codes sent from an account in
  the current window (``count``, ``expires_at``); past ``MAX_LINK_FAILURES`` the account
  must wait for the window to end, whichever process (bot or webhook) answers it.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import secrets
from collections.abc import Mapping
from typing import Literal

from handlers.service.core.errors import Forbidden, InvalidInput, TooManyAttempts
from storage.models import user_pk
from storage.repository import ItemRepository, VersionConflict

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
"""No 0/O, 1/I/L: codes are typed by hand on a phone."""
CODE_LENGTH = 10
"""31^10 is about 2^49.5 possibilities, against a 10-minute single-use window."""
CODE_LIFETIME_SECONDS = 600
CODE_LIFETIME_TEXT = f"{CODE_LIFETIME_SECONDS // 60} minutes"
"""``"10 minutes"``: how messages word the lifetime, derived so the two never disagree."""
LINK_PREFIX = "TELEGRAMLINK#"
CODE_PREFIX = "TELEGRAMCODE#"
ChatKind = Literal["telegram", "discord"]
_CHATS: dict[str, tuple[str, str, str, str]] = {
    # kind: (account pk prefix, the user's link prefix, id attribute, name in messages)
    "telegram": ("TELEGRAM#", LINK_PREFIX, "telegram_id", "Telegram"),
    "discord": ("DISCORD#", "DISCORDLINK#", "discord_id", "Discord"),
}
MAX_LIVE_CODES = 5
"""More live codes per user only widen the window for guessing one; the oldest gives way."""
MAX_LINK_FAILURES = 5
LINK_FAILURE_WINDOW_SECONDS = 900
"""Wrong codes an account may send per window before it must wait for the window's end."""


class LinkCodeRejected(Forbidden):
    """A /link code that is wrong, expired, or already used; the message says which."""


def _code_pk(code_hash: str) -> str:
    return f"{CODE_PREFIX}{code_hash}"


def _account_pk(telegram_id: int, kind: ChatKind = "telegram") -> str:
    return f"{_CHATS[kind][0]}{telegram_id}"


def _link_prefix(kind: ChatKind) -> str:
    return _CHATS[kind][1]


def normalize_code(code: str) -> str:
    """The code as generated: upper case, without the spaces or dashes people type."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _hash(code: str) -> str:
    return hashlib.sha256(normalize_code(code).encode()).hexdigest()


def format_code(code: str) -> str:
    """``ABCDE-FGHJK``: two halves are easier to copy by eye."""
    return f"{code[:5]}-{code[5:]}"


def _retire_old_codes(repo: ItemRepository, user: str, now_epoch: int) -> None:
    """Drop expired codes and the oldest live ones, leaving room for one more."""
    pointers = sorted(repo.query_prefix(user_pk(user), CODE_PREFIX),
                      key=lambda p: int(p["expires_at"]))
    expired = [p for p in pointers if int(p["expires_at"]) <= now_epoch]
    live = [p for p in pointers if int(p["expires_at"]) > now_epoch]
    for pointer in expired + live[: max(0, len(live) - (MAX_LIVE_CODES - 1))]:
        repo.delete(str(pointer["sk"]), "CODE")
        repo.delete(user_pk(user), str(pointer["sk"]))


def create_link_code(repo: ItemRepository, user: str, now_epoch: int) -> str:
    """A fresh code that links the Telegram account redeeming it to ``user``.

    At most ``MAX_LIVE_CODES`` of a user's codes are alive at once: a new one replaces the
    oldest.
    """
    _retire_old_codes(repo, user, now_epoch)
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    code_hash = _hash(code)
    expires_at = now_epoch + CODE_LIFETIME_SECONDS
    pointer = {"pk": user_pk(user), "sk": _code_pk(code_hash), "user": user,
               "expires_at": expires_at, "version": 1}
    repo.put(pointer)
    repo.put(
        {
            "pk": _code_pk(code_hash),
            "sk": "CODE",
            "user": user,
            "code_hash": code_hash,
            "expires_at": expires_at,
            "version": 1,
        }
    )
    return format_code(code)


def redeem_link_code(repo: ItemRepository, code: str, telegram_id: int, now_epoch: int,
                     kind: ChatKind = "telegram") -> str:
    """Link the chat account (a Telegram id by default) to the code's user and consume the
    code; return the user.

    An account that sent ``MAX_LINK_FAILURES`` wrong codes in a window is refused until the
    window ends (TooManyAttempts), so codes cannot be guessed from a chat either.
    """
    failures = repo.get(_account_pk(telegram_id, kind), "LINKFAILURES")
    live = failures is not None and int(failures["expires_at"]) > now_epoch
    if live and failures is not None and int(failures["count"]) >= MAX_LINK_FAILURES:
        minutes = -(-(int(failures["expires_at"]) - now_epoch) // 60)
        raise TooManyAttempts(f"Too many wrong codes; try again in {minutes} minutes.")
    try:
        user = _redeem(repo, code, telegram_id, now_epoch, kind)
    except LinkCodeRejected:
        _count_failure(repo, _account_pk(telegram_id, kind), failures if live else None,
                       now_epoch)
        raise
    if failures is not None:
        repo.delete(_account_pk(telegram_id, kind), "LINKFAILURES")
    return user


def _count_failure(
    repo: ItemRepository, account_pk: str, failures: Mapping[str, object] | None, now: int
) -> None:
    if failures is None:
        repo.put({"pk": account_pk, "sk": "LINKFAILURES", "count": 1,
                  "expires_at": now + LINK_FAILURE_WINDOW_SECONDS, "version": 1})
        return
    # A racing failure that wins the update was counted instead; the limit holds within one.
    with contextlib.suppress(VersionConflict):
        repo.update(account_pk, "LINKFAILURES",
                    {"count": int(str(failures["count"])) + 1}, int(str(failures["version"])))


def _redeem(repo: ItemRepository, code: str, telegram_id: int, now_epoch: int,
            kind: ChatKind) -> str:
    normalized = normalize_code(code)
    if len(normalized) != CODE_LENGTH:
        raise LinkCodeRejected(
            f"A link code has {CODE_LENGTH} letters and digits, like ABCDE-FGHJK."
        )
    code_hash = _hash(normalized)
    record = repo.get(_code_pk(code_hash), "CODE")
    # The lookup is by hash; comparing the stored hash again in constant time keeps the
    # final decision free of timing differences whatever the store does.
    if record is None or not hmac.compare_digest(str(record.get("code_hash", "")), code_hash):
        raise LinkCodeRejected("That link code is not valid; create a new one and try again.")
    if int(record["expires_at"]) <= now_epoch:
        repo.delete(_code_pk(code_hash), "CODE")
        raise LinkCodeRejected(
            f"That link code has expired; create a new one (they last {CODE_LIFETIME_TEXT})."
        )
    user = str(record["user"])
    _refuse_other_user(repo, telegram_id, user, kind)
    # Consume first: of two racing redeemers only the one whose delete wins may link.
    try:
        consumed = repo.delete(_code_pk(code_hash), "CODE", expected_version=record["version"])
    except VersionConflict:
        consumed = False
    if not consumed:
        raise LinkCodeRejected("That link code was already used; create a new one.")
    repo.delete(user_pk(user), _code_pk(code_hash))
    _link(repo, telegram_id, user, now_epoch, kind)
    return user


def _refuse_other_user(repo: ItemRepository, telegram_id: int, user: str,
                       kind: ChatKind) -> None:
    existing = linked_user(repo, telegram_id, kind)
    if existing is not None and existing != user:
        raise InvalidInput(f"This {_CHATS[kind][3]} account is linked to another user; "
                           "send /unlink first.")


def _link(repo: ItemRepository, telegram_id: int, user: str, now_epoch: int,
          kind: ChatKind) -> None:
    id_field = _CHATS[kind][2]
    repo.put_if_absent(
        {
            "pk": _account_pk(telegram_id, kind),
            "sk": "LINK",
            "user": user,
            id_field: telegram_id,
            "linked_at": now_epoch,
            "version": 1,
        }
    )
    if linked_user(repo, telegram_id, kind) != user:
        raise InvalidInput(f"This {_CHATS[kind][3]} account was just linked to another user.")
    repo.put(
        {
            "pk": user_pk(user),
            "sk": f"{_link_prefix(kind)}{telegram_id}",
            "user": user,
            id_field: telegram_id,
            "linked_at": now_epoch,
            "version": 1,
        }
    )


def linked_user(repo: ItemRepository, telegram_id: int,
                kind: ChatKind = "telegram") -> str | None:
    """The user this account was linked to with a code, if any."""
    record = repo.get(_account_pk(telegram_id, kind), "LINK")
    return None if record is None else str(record["user"])


def parse_prelinks(text: str) -> dict[int, str]:
    """``"<telegram id>:<user>,..."`` (the operator's pre-links) as a mapping."""
    links: dict[int, str] = {}
    for entry in text.split(","):
        telegram_id, sep, user = entry.strip().partition(":")
        if not sep or not user.strip() or not telegram_id.strip().lstrip("-").isdigit():
            if entry.strip():
                raise InvalidInput(f"Pre-link {entry.strip()!r} is not '<telegram id>:<user>'.")
            continue
        links[int(telegram_id)] = user.strip()
    return links


def user_for_telegram(
    repo: ItemRepository, telegram_id: int, prelinked: Mapping[int, str]
) -> str | None:
    """The user behind a Telegram account: a code link first, else the operator's pre-link."""
    return linked_user(repo, telegram_id) or prelinked.get(telegram_id)


def accounts_of(repo: ItemRepository, user: str, kind: ChatKind = "telegram") -> list[int]:
    """The chat accounts (Telegram by default) linked to ``user`` with codes."""
    id_field = _CHATS[kind][2]
    return [int(item[id_field])
            for item in repo.query_prefix(user_pk(user), _link_prefix(kind))]


def unlink(repo: ItemRepository, telegram_id: int, kind: ChatKind = "telegram") -> str | None:
    """Remove the account's code link; return the user it belonged to (``None`` if none)."""
    user = linked_user(repo, telegram_id, kind)
    if user is None:
        return None
    repo.delete(user_pk(user), f"{_link_prefix(kind)}{telegram_id}")
    repo.delete(_account_pk(telegram_id, kind), "LINK")
    return user


def forget_user(repo: ItemRepository, user: str) -> None:
    """Remove every link and pending code of ``user`` (the user is being removed)."""
    pk = user_pk(user)
    for kind in ("telegram", "discord"):
        _, prefix, id_field, _ = _CHATS[kind]
        for item in list(repo.query_prefix(pk, prefix)):
            account = int(item[id_field])
            if linked_user(repo, account, kind) == user:
                repo.delete(_account_pk(account, kind), "LINK")
            repo.delete(pk, str(item["sk"]))
    for item in list(repo.query_prefix(pk, CODE_PREFIX)):
        repo.delete(str(item["sk"]), "CODE")
        repo.delete(pk, str(item["sk"]))
