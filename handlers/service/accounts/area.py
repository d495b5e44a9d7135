"""User accounts as every door sees them: add, passwd, remove, list, verify (store I/O).

Removing a user withdraws everything that grants access in their name — Telegram links,
pending link codes, the digest subscription — and their leaderboard memberships, so a
later user of the same name starts with none of it. Their recorded history stays (it is
theirs to export or delete).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from handlers.service.accounts.credentials import AccountStore, Authenticator, SecretUser
from handlers.service.core.errors import NotFound, quoted


class Accounts:
    """The service secret's users and the hashed accounts in the store."""

    def __init__(
        self,
        store: AccountStore,
        secret: Sequence[SecretUser] = (),
        on_remove: Sequence[Callable[[str], None]] = (),
    ) -> None:
        self._store = store
        self._secret_names = {u.user for u in secret}
        self._on_remove = list(on_remove)
        self.authenticator = Authenticator(store, secret)
        """Shared by every request of this process (its cache spares the slow hash)."""

    def add(self, name: str, password: str) -> None:
        """Create an account; InvalidInput for a bad name, a short password or a taken name."""
        self._store.add(name, password)

    def set_password(self, name: str, password: str) -> None:
        """Change a stored account's password; the old one stops working at once."""
        self._store.set_password(name, password)

    def remove(self, name: str) -> None:
        """Remove the account and everything that grants access in its name."""
        if self._store.password_hash(name) is None:
            raise NotFound(f"There is no user {quoted(name)}.")
        # Access first: if this stops half-way the account still exists and a retry finishes.
        for forget in self._on_remove:
            forget(name)
        self._store.remove(name)

    def names(self) -> list[str]:
        """The stored accounts' names, in order."""
        return list(self._store.names())

    def exists(self, name: str) -> bool:
        """Whether ``name`` is a user (from the service secret or the store)."""
        return name in self._secret_names or self._store.password_hash(name) is not None

    def verify(self, name: str, password: str) -> bool:
        """Whether these credentials belong to a user."""
        return self.authenticator.verify(name, password)

    def has_users(self) -> bool:
        """Whether anyone at all can log in (a fresh install has nobody yet)."""
        return self.authenticator.has_users()
