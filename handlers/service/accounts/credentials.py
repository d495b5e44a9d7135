"""User accounts: hashed accounts in the store and the service secret's users (store I/O)."""

from __future__ import annotations

import hashlib
import hmac
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from handlers.service.accounts.passwords import (
    burn_time,
    hash_password,
    password_problem,
    verify_password,
)
from handlers.service.core.errors import InvalidInput, NotFound, quoted
from storage.repository import ItemRepository

ACCOUNTS_PK = "ACCOUNTS"
ACCOUNT_PREFIX = "ACCOUNT#"


def _valid_name(name: str) -> str:
    cleaned = name.strip()
    if not cleaned or len(cleaned) > 64 or any(c in cleaned for c in "#:/ \t\r\n"):
        raise InvalidInput("A user name is 1-64 characters without spaces, '#', ':' or '/'.")
    return cleaned


def _require_acceptable(password: str) -> None:
    problem = password_problem(password)
    if problem is not None:
        raise InvalidInput(problem)


@dataclass(frozen=True)
class SecretUser:
    """A user from the service secret: the first generation's plaintext or a hash."""

    user: str
    password: str | None = field(default=None, repr=False)
    password_hash: str | None = field(default=None, repr=False)


def secret_users(secret: Mapping[str, Any]) -> list[SecretUser]:
    """The ``users`` of the first generation's secret document."""
    users = secret.get("users") or []
    return [
        SecretUser(str(u["user"]), u.get("password"), u.get("password_hash"))
        for u in users
        if isinstance(u, Mapping) and u.get("user")
    ]


class AccountStore:
    """Hashed accounts kept in the store (one small partition)."""

    def __init__(self, repo: ItemRepository) -> None:
        self._repo = repo

    def add(self, name: str, password: str) -> None:
        user = _valid_name(name)
        _require_acceptable(password)
        item = {
            "pk": ACCOUNTS_PK,
            "sk": ACCOUNT_PREFIX + user,
            "user": user,
            "password_hash": hash_password(password),
            "version": 1,
        }
        if not self._repo.put_if_absent(item):
            raise InvalidInput(f"The user {quoted(user)} exists already.")

    def set_password(self, name: str, password: str) -> None:
        _require_acceptable(password)
        item = self._repo.get(ACCOUNTS_PK, ACCOUNT_PREFIX + name)
        if item is None:
            raise NotFound(f"There is no user {quoted(name)}.")
        self._repo.update(
            ACCOUNTS_PK,
            item["sk"],
            {"password_hash": hash_password(password)},
            int(item["version"]),
        )

    def remove(self, name: str) -> None:
        """Remove the account (its recorded history stays in its partition)."""
        if not self._repo.delete(ACCOUNTS_PK, ACCOUNT_PREFIX + name):
            raise NotFound(f"There is no user {quoted(name)}.")

    def names(self) -> Iterator[str]:
        for item in self._repo.query_prefix(ACCOUNTS_PK, ACCOUNT_PREFIX):
            yield str(item["user"])

    def password_hash(self, name: str) -> str | None:
        item = self._repo.get(ACCOUNTS_PK, ACCOUNT_PREFIX + name)
        return str(item["password_hash"]) if item and item.get("password_hash") else None


class Authenticator:
    """Checks Basic credentials against the secret's users, then the stored accounts.

    Verified credentials are remembered for a few minutes (by a digest, never in clear) so a
    busy client does not pay the slow hash on every request, as API Gateway caches its
    authorizer's answers. The store is still read on every check: the cache spares the
    hash, never the question whether the account and its password are still current.
    """

    def __init__(
        self,
        accounts: AccountStore,
        secret: Sequence[SecretUser] = (),
        clock: Callable[[], float] = time.monotonic,
        cache_seconds: float = 300.0,
    ) -> None:
        self._accounts = accounts
        self._secret = {u.user: u for u in secret}
        self._clock = clock
        self._cache_seconds = cache_seconds
        self._verified: dict[bytes, float] = {}
        self._checking: dict[bytes, tuple[threading.Event, list[bool]]] = {}
        self._lock = threading.Lock()

    def _credential(self, user: str) -> str | None:
        """What ``user``'s password is checked against right now (one store read at most)."""
        known = self._secret.get(user)
        if known is not None and known.password_hash:
            return "hash:" + known.password_hash
        if known is not None and known.password is not None:
            return "plain:" + known.password
        stored = self._accounts.password_hash(user)
        return None if stored is None else "hash:" + stored

    def credential(self, user: str) -> str | None:
        """What ``user`` proves themselves with now; it changes with the password, ``None``
        once the user is gone (sessions compare a fingerprint of it)."""
        return self._credential(user)

    @staticmethod
    def _matches(password: str, credential: str) -> bool:
        kind, _, value = credential.partition(":")
        if kind == "plain":
            return hmac.compare_digest(password.encode(), value.encode())
        return verify_password(password, value)

    def _wait_for(self, check: threading.Event) -> None:
        """Wait for the check another caller of the same credentials is making (its own
        method so a test can know every caller is waiting, without sleeping)."""
        check.wait()

    def has_users(self) -> bool:
        """Whether anyone at all can log in (a fresh install has nobody yet)."""
        return bool(self._secret) or next(self._accounts.names(), None) is not None

    def verify(self, user: str, password: str) -> bool:
        """Whether these credentials belong to a user.

        Identical credentials checked concurrently (a client's first burst of requests)
        share one slow hash: the first caller checks, the others wait for its answer.
        """
        credential = self._credential(user)
        if credential is None:
            burn_time(password)
            return False
        # Keyed by the credential as stored now, not just the user: a changed or removed
        # password misses the cache at once, in every process sharing the store.
        key = hashlib.sha256(
            f"{len(user)}:{user}:{len(credential)}:{credential}:{password}".encode()
        ).digest()
        now = self._clock()
        with self._lock:
            expiry = self._verified.get(key)
            if expiry is not None and expiry > now:
                return True
            flight = self._checking.get(key)
            leader = flight is None
            if flight is None:
                flight = self._checking[key] = (threading.Event(), [])
        done, outcome = flight
        if not leader:
            self._wait_for(done)
            return bool(outcome and outcome[0])
        try:
            outcome.append(self._matches(password, credential))
        finally:
            with self._lock:
                del self._checking[key]
                if outcome and outcome[0]:
                    if len(self._verified) > 10_000:
                        self._verified.clear()
                    self._verified[key] = now + self._cache_seconds
            done.set()
        return outcome[0]
