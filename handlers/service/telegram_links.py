"""Linking Telegram accounts to users with short single-use codes (I/O through the repository).

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

from handlers.service.errors import Forbidden, InvalidInput, TooManyAttempts
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
MAX_LIVE_CODES = 5
"""More live codes per user only widen the window for guessing one; the oldest gives way."""
MAX_LINK_FAILURES = 5
LINK_FAILURE_WINDOW_SECONDS = 900
"""Wrong codes an account may send per window before it must wait for the window's end."""


class LinkCodeRejected(Forbidden):
    """A /link code that is wrong, expired, or already used; the message says which."""


def _code_pk(code_hash: str) -> str:
    return f"{CODE_PREFIX}{code_hash}"


def _account_pk(telegram_id: int) -> str:
    return f"TELEGRAM#{telegram_id}"


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


def redeem_link_code(repo: ItemRepository, code: str, telegram_id: int, now_epoch: int) -> str:
    """Link ``telegram_id`` to the code's user and consume the code; return the user.

    An account that sent ``MAX_LINK_FAILURES`` wrong codes in a window is refused until the
    window ends (TooManyAttempts), so codes cannot be guessed from Telegram either.
    """
    failures = repo.get(_account_pk(telegram_id), "LINKFAILURES")
    live = failures is not None and int(failures["expires_at"]) > now_epoch
    if live and failures is not None and int(failures["count"]) >= MAX_LINK_FAILURES:
        minutes = -(-(int(failures["expires_at"]) - now_epoch) // 60)
        raise TooManyAttempts(f"Too many wrong codes; try again in {minutes} minutes.")
    try:
        user = _redeem(repo, code, telegram_id, now_epoch)
    except LinkCodeRejected:
        _count_failure(repo, telegram_id, failures if live else None, now_epoch)
        raise
    if failures is not None:
        repo.delete(_account_pk(telegram_id), "LINKFAILURES")
    return user


def _count_failure(
    repo: ItemRepository, telegram_id: int, failures: Mapping[str, object] | None, now: int
) -> None:
    if failures is None:
        repo.put({"pk": _account_pk(telegram_id), "sk": "LINKFAILURES", "count": 1,
                  "expires_at": now + LINK_FAILURE_WINDOW_SECONDS, "version": 1})
        return
    # A racing failure that wins the update was counted instead; the limit holds within one.
    with contextlib.suppress(VersionConflict):
        repo.update(_account_pk(telegram_id), "LINKFAILURES",
                    {"count": int(str(failures["count"])) + 1}, int(str(failures["version"])))


def _redeem(repo: ItemRepository, code: str, telegram_id: int, now_epoch: int) -> str:
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
    _refuse_other_user(repo, telegram_id, user)
    # Consume first: of two racing redeemers only the one whose delete wins may link.
    try:
        consumed = repo.delete(_code_pk(code_hash), "CODE", expected_version=record["version"])
    except VersionConflict:
        consumed = False
    if not consumed:
        raise LinkCodeRejected("That link code was already used; create a new one.")
    repo.delete(user_pk(user), _code_pk(code_hash))
    _link(repo, telegram_id, user, now_epoch)
    return user


def _refuse_other_user(repo: ItemRepository, telegram_id: int, user: str) -> None:
    existing = linked_user(repo, telegram_id)
    if existing is not None and existing != user:
        raise InvalidInput("This Telegram account is linked to another user; send /unlink first.")


def _link(repo: ItemRepository, telegram_id: int, user: str, now_epoch: int) -> None:
    repo.put_if_absent(
        {
            "pk": _account_pk(telegram_id),
            "sk": "LINK",
            "user": user,
            "telegram_id": telegram_id,
            "linked_at": now_epoch,
            "version": 1,
        }
    )
    if linked_user(repo, telegram_id) != user:
        raise InvalidInput("This Telegram account was just linked to another user.")
    repo.put(
        {
            "pk": user_pk(user),
            "sk": f"{LINK_PREFIX}{telegram_id}",
            "user": user,
            "telegram_id": telegram_id,
            "linked_at": now_epoch,
            "version": 1,
        }
    )


def linked_user(repo: ItemRepository, telegram_id: int) -> str | None:
    """The user this account was linked to with a code, if any."""
    record = repo.get(_account_pk(telegram_id), "LINK")
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


def accounts_of(repo: ItemRepository, user: str) -> list[int]:
    """The Telegram accounts linked to ``user`` with codes."""
    return [int(item["telegram_id"]) for item in repo.query_prefix(user_pk(user), LINK_PREFIX)]


def unlink(repo: ItemRepository, telegram_id: int) -> str | None:
    """Remove the account's code link; return the user it belonged to (``None`` if none)."""
    user = linked_user(repo, telegram_id)
    if user is None:
        return None
    repo.delete(user_pk(user), f"{LINK_PREFIX}{telegram_id}")
    repo.delete(_account_pk(telegram_id), "LINK")
    return user


def forget_user(repo: ItemRepository, user: str) -> None:
    """Remove every link and pending code of ``user`` (the user is being removed)."""
    pk = user_pk(user)
    for item in list(repo.query_prefix(pk, LINK_PREFIX)):
        telegram_id = int(item["telegram_id"])
        if linked_user(repo, telegram_id) == user:
            repo.delete(_account_pk(telegram_id), "LINK")
        repo.delete(pk, str(item["sk"]))
    for item in list(repo.query_prefix(pk, CODE_PREFIX)):
        repo.delete(str(item["sk"]), "CODE")
        repo.delete(pk, str(item["sk"]))
