"""Integrations: a named player connection and its hashed, revocable capture token (store I/O).

Only a digest of a token is stored, under its own key, so a capture finds its user with one
read and a leaked table opens nothing. Revoking deletes that key first: the token is dead
at once, before the integration's record goes.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

from handlers.service.core.errors import InvalidInput, NotFound
from storage.repository import Item, ItemRepository, VersionConflict

SOURCES = ("jellyfin", "plex", "emby", "generic")
TOKEN_PREFIX = "itk_"  # noqa: S105 (a prefix, not a secret)
TOKEN_BYTES = 24
"""192 random bits per token (the contract asks for at least 128)."""
_TOKEN_PK = "CAPTURETOKEN#"  # noqa: S105 (a key prefix)
_INTEGRATION = "INTEGRATION#"
MAX_INTEGRATIONS = 50
USE_RESOLUTION = 60
"""Seconds ``last_used_at`` may lag (it is rewritten at most once a minute)."""


def capture_pk(user: str) -> str:
    """The partition of a user's capture records (integrations, sessions), beside their data."""
    return f"CAPTURE#{user}"


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


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
    def of(cls, item: Item) -> Integration:
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
        token = TOKEN_PREFIX + base64.urlsafe_b64encode(
            self._random_bytes(TOKEN_BYTES)).decode().rstrip("=")
        digest = token_digest(token)
        integration_id = self._random_bytes(8).hex()
        now = self._now_epoch()
        record: dict[str, Any] = {
            "pk": capture_pk(user), "sk": _INTEGRATION + integration_id, "user": user,
            "integration_id": integration_id, "name": name, "source": source,
            "created_at": now, "sessions": 0, "require_language": require_language,
            "token_digest": digest, "version": 1,
        }
        self._repo.put(record)
        self._repo.put({"pk": _TOKEN_PK + digest, "sk": "TOKEN", "user": user,
                        "integration_id": integration_id, "version": 1})
        return Integration.of(record), token

    def list(self, user: str) -> list[Integration]:
        """The user's integrations, oldest first."""
        items = self._repo.query_prefix(capture_pk(user), _INTEGRATION)
        return sorted((Integration.of(i) for i in items), key=lambda i: (i.created_at, i.id))

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
        if not token or not looks_like_token(token) or len(token) > 100:
            return None
        digest = token_digest(token)
        found = self._repo.get(_TOKEN_PK + digest, "TOKEN")
        if found is None:
            return None
        user = str(found["user"])
        item = self._repo.get(capture_pk(user), _INTEGRATION + str(found["integration_id"]))
        if item is None or not hmac.compare_digest(str(item["token_digest"]), digest):
            return None
        return TokenOwner(user, Integration.of(item))

    def forget_user(self, user: str) -> None:
        """A removed user's tokens die with them (their captured history stays)."""
        for integration in self.list(user):
            self.revoke(user, integration.id)

    def used(self, user: str, integration: Integration, new_session: bool) -> None:
        """Note the time of use (and a new session) on the integration's record; the time
        only once a minute, as players report every few seconds."""
        now = self._now_epoch()
        if not new_session and now - (integration.last_used_at or 0) < USE_RESOLUTION:
            return
        changes: dict[str, Any] = {"last_used_at": now}
        item = self._repo.get(capture_pk(user), _INTEGRATION + integration.id)
        if item is None:
            return
        if new_session:
            changes["sessions"] = int(item.get("sessions", 0)) + 1
        # A racing event or a revoke may win: the figure is a courtesy, not a record.
        with suppress(VersionConflict):
            self._repo.update(item["pk"], item["sk"], changes, int(item["version"]))
