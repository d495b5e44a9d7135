"""Integrations: a named player connection and its hashed, revocable capture token (store I/O).

Only a digest of a token is stored, under its own key, so a leaked table opens nothing.
The token names its user and integration in the clear before its random part
(``itk_<user>.<integration>.<random>``): an event's one read can then fetch the token's
record together with the session it continues, and a forged name is a different digest,
found nowhere. The token's record carries the integration's details and its use (last
used, sessions), so an event needs no other. Revoking deletes that record first: the token
is dead at once, before the integration's record goes.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from handlers.service.core.errors import InvalidInput, NotFound
from storage.repository import Add, Item, ItemRepository

SOURCES = ("jellyfin", "plex", "emby", "generic")
TOKEN_PREFIX = "itk_"  # noqa: S105 (a prefix, not a secret)
TOKEN_BYTES = 24
"""192 random bits per token (the contract asks for at least 128)."""
_TOKEN_PK = "CAPTURETOKEN#"  # noqa: S105 (a key prefix)
TOKEN_SK = "TOKEN"  # noqa: S105 (a key)
MAX_TOKEN_LENGTH = 400
_DETAILS = ("name", "source", "created_at", "require_language")
"""What the token's record repeats of its integration (an event reads nothing else)."""
_INTEGRATION = "INTEGRATION#"
MAX_INTEGRATIONS = 50
USE_RESOLUTION = 60
"""Seconds ``last_used_at`` may lag (it is rewritten at most once a minute)."""


def capture_pk(user: str) -> str:
    """The partition of a user's capture records (integrations, sessions), beside their data."""
    return f"CAPTURE#{user}"


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def token_key(token: str) -> tuple[str, str]:
    """Where the record of ``token`` is kept (under its digest)."""
    return _TOKEN_PK + token_digest(token), TOKEN_SK


def named_owner(token: str | None) -> tuple[str, str] | None:
    """The user and integration a token names (unchecked: only its record, found under its
    digest, vouches for them); None for a malformed token or one of the older shape."""
    if not looks_like_token(token) or len(str(token)) > MAX_TOKEN_LENGTH:
        return None
    parts = str(token)[len(TOKEN_PREFIX):].split(".")
    if len(parts) != 3:
        return None
    try:
        user = base64.urlsafe_b64decode(parts[0] + "=" * (-len(parts[0]) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    return (user, parts[1]) if user and parts[1] else None


def looks_like_token(value: str | None) -> bool:
    """Whether ``value`` has a capture token's shape (a door refuses it for other routes)."""
    return bool(value) and str(value).startswith(TOKEN_PREFIX)


@dataclass(frozen=True)
class Integration:
    """One connected player as listed (never its token)."""

    id: str
    name: str
    source: str
    created_at: int
    last_used_at: int | None
    sessions: int
    require_language: bool

    @classmethod
    def of(cls, item: Item, usage: Item | None = None) -> Integration:
        """From its record (or its token's, which repeats it); ``usage`` the token's record
        when the use is kept there."""
        if usage is not None and "user" in usage:
            item = {**item, **{k: usage[k] for k in ("last_used_at", "sessions") if k in usage}}
        used = item.get("last_used_at")
        return cls(str(item["integration_id"]), str(item["name"]), str(item["source"]),
                   int(item["created_at"]), int(used) if used is not None else None,
                   int(item.get("sessions", 0)), bool(item.get("require_language", False)))


@dataclass(frozen=True)
class TokenOwner:
    """Whom a live capture token speaks for."""

    user: str
    integration: Integration


class Integrations:
    """Create, list and revoke integrations; find the owner of a capture token."""

    def __init__(self, repo: ItemRepository, now_epoch: Callable[[], int],
                 random_bytes: Callable[[int], bytes]) -> None:
        self._repo = repo
        self._now_epoch = now_epoch
        self._random_bytes = random_bytes

    def create(self, user: str, name: str, source: str,
               require_language: bool = False) -> tuple[Integration, str]:
        """A new integration and its token (shown once, stored only as a digest)."""
        if source not in SOURCES:
            raise InvalidInput(f"source: must be one of {', '.join(SOURCES)}.")
        name = name.strip()
        if not name or len(name) > 100:
            raise InvalidInput("name: give a name of 1 to 100 characters.")
        if len(self.list(user)) >= MAX_INTEGRATIONS:
            raise InvalidInput(f"name: at most {MAX_INTEGRATIONS} integrations; revoke one first.")
        integration_id = self._random_bytes(8).hex()
        named = base64.urlsafe_b64encode(user.encode()).decode().rstrip("=")
        token = TOKEN_PREFIX + named + "." + integration_id + "." + base64.urlsafe_b64encode(
            self._random_bytes(TOKEN_BYTES)).decode().rstrip("=")
        digest = token_digest(token)
        now = self._now_epoch()
        record: dict[str, Any] = {
            "pk": capture_pk(user), "sk": _INTEGRATION + integration_id, "user": user,
            "integration_id": integration_id, "name": name, "source": source,
            "created_at": now, "sessions": 0, "require_language": require_language,
            "token_digest": digest, "version": 1,
        }
        self._repo.put(record)
        self._repo.put({"pk": _TOKEN_PK + digest, "sk": TOKEN_SK, "user": user,
                        "integration_id": integration_id, "sessions": 0,
                        **{k: record[k] for k in _DETAILS}, "version": 1})
        return Integration.of(record), token

    def list(self, user: str) -> list[Integration]:
        """The user's integrations, oldest first (their use from their tokens' records)."""
        items = list(self._repo.query_prefix(capture_pk(user), _INTEGRATION))
        keys = [(_TOKEN_PK + str(i["token_digest"]), TOKEN_SK) for i in items]
        usage = self._repo.get_keys(keys) if keys else {}
        found = (Integration.of(i, usage.get(key)) for i, key in zip(items, keys, strict=True))
        return sorted(found, key=lambda i: (i.created_at, i.id))

    def revoke(self, user: str, integration_id: str) -> Integration:
        """Delete the integration; its token opens nothing from now on."""
        item = self._repo.get(capture_pk(user), _INTEGRATION + integration_id)
        if item is None:
            raise NotFound("There is no such integration.")
        self._repo.delete(_TOKEN_PK + str(item["token_digest"]), "TOKEN")
        self._repo.delete(capture_pk(user), _INTEGRATION + integration_id)
        return Integration.of(item)

    def owner_of(self, token: str | None) -> TokenOwner | None:
        """The user and integration of a live token, else None (unknown, revoked, malformed)."""
        if not looks_like_token(token) or len(str(token)) > MAX_TOKEN_LENGTH:
            return None
        return self.owner_in(str(token), self._repo.get(*token_key(str(token))))

    def owner_in(self, token: str, found: Item | None) -> TokenOwner | None:
        """The owner ``found`` (the token's record as read, if any) vouches for; a token of
        the older shape, whose record repeats nothing, costs a read of its integration."""
        if found is None or "user" not in found:
            return None  # unknown, revoked (or only a late use noted after a revoke)
        user, integration_id = str(found["user"]), str(found["integration_id"])
        named = named_owner(token)
        if named is not None and named != (user, integration_id):
            return None
        if all(k in found for k in _DETAILS):
            return TokenOwner(user, Integration.of({**found, "integration_id": integration_id}))
        item = self._repo.get(capture_pk(user), _INTEGRATION + integration_id)
        if item is None or str(item["token_digest"]) != token_digest(token):
            return None
        return TokenOwner(user, Integration.of(item))

    def forget_user(self, user: str) -> None:
        """A removed user's tokens die with them (their captured history stays)."""
        for integration in self.list(user):
            self.revoke(user, integration.id)

    def used(self, token: str, integration: Integration, new_session: bool) -> Add | None:
        """The note of a use (and a new session) on the token's record, to write with the
        event; the time only once a minute, as players report every few seconds. None when
        there is nothing to note."""
        now = self._now_epoch()
        if not new_session and now - (integration.last_used_at or 0) < USE_RESOLUTION:
            return None
        # An Add, not a read and a write: a racing event's note adds up, never overwrites.
        pk, sk = token_key(token)
        return Add(pk, sk, {"sessions": 1 if new_session else 0}, {"last_used_at": now})
