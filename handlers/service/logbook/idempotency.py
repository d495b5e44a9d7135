"""Logs a client may ask for twice: the same key gives the first answer again (store I/O).

A client that is not sure its ``POST /log`` arrived (a timeout, a double click, a
double-tapped button) sends it again with the same key. Record
``pk="USER#<user>", sk="IDEMPOTENCY#<sha256 of the key>"``: ``request`` (a digest of what
was asked), ``log_id`` (the id the log gets, chosen before anything is written),
``answer`` once there is one, and ``expires_at`` (the store's TTL attribute).

The record is created conditionally before the entry, and the entry's id is the one the
record holds: two requests with one key, however they interleave (or one that crashed
half-way and its retry), write the entry under one key with a conditional write, so at
most one entry is ever made, and every later request answers what the first did.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from handlers.service.core.calendar import DAY_SECONDS
from handlers.service.core.errors import Conflict, InvalidInput
from storage.models import user_pk
from storage.repository import Item, ItemRepository

PREFIX = "IDEMPOTENCY#"
LIFETIME_SECONDS = DAY_SECONDS
"""How long a key is remembered; a later request with it logs again."""
MAX_KEY_LENGTH = 200


@dataclass(frozen=True)
class Claim:
    """What a key stands for: the log's id and, once given, the first answer."""

    log_id: str
    answer: dict[str, Any] | None


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _sk(key: str) -> str:
    return PREFIX + digest(key)


def check_key(key: str) -> str:
    """``key`` if it is one (printable ASCII, 1 to 200 characters); InvalidInput otherwise."""
    if not 0 < len(key) <= MAX_KEY_LENGTH or not all(" " < ch <= "~" for ch in key):
        raise InvalidInput(f"Idempotency-Key: must be 1 to {MAX_KEY_LENGTH} printable ASCII "
                           "characters without spaces, such as a UUID.")
    return key


def claim(repo: ItemRepository, user: str, key: str, request: str, log_id: str,
          now: int) -> Claim:
    """The claim of ``key`` (made now with ``log_id`` unless it exists); Conflict when the
    key was used for another request (``request`` is the digest of this one)."""
    item: Item = {"pk": user_pk(user), "sk": _sk(key), "user": user, "request": request,
                  "log_id": log_id, "expires_at": now + LIFETIME_SECONDS, "version": 1}
    for _ in range(2):
        if repo.put_if_absent(item):
            return Claim(log_id, None)
        current = repo.get(user_pk(user), _sk(key))
        if current is None:
            continue  # expired or released in between: make it again
        if current.get("request") != request:
            raise Conflict("Idempotency-Key: was used for another log in the last 24 hours; "
                           "send a new key for a new log.")
        return Claim(str(current["log_id"]), current.get("answer"))
    raise Conflict("Idempotency-Key: is being used by another request; try again.")


def answered(repo: ItemRepository, user: str, key: str, answer: dict[str, Any]) -> None:
    """Keep the first answer of ``key``, for the requests that repeat it."""
    current = repo.get(user_pk(user), _sk(key))
    if current is not None and current.get("answer") is None:
        repo.put({**current, "answer": answer, "version": int(current.get("version", 1)) + 1})


def release(repo: ItemRepository, user: str, key: str) -> None:
    """Forget ``key``: its request was refused and recorded nothing."""
    repo.delete(user_pk(user), _sk(key))
