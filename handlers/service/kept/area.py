"""The kept items as the doors see them: verify and rebuild, user by user (store I/O)."""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

from handlers.service.kept import upkeep
from handlers.service.kept.compare import Difference
from storage.repository import ItemRepository


class KeptItems:
    """Checks and rebuilds each user's kept items from their entries."""

    def __init__(self, repo: ItemRepository, timezone: Callable[[str], ZoneInfo]) -> None:
        self._repo = repo
        self._timezone = timezone

    def users_in_store(self) -> list[str]:
        """Every user with stored items, in order (reads the whole store)."""
        return list(upkeep.partition_users(self._repo))

    def verify(self, user: str) -> list[Difference]:
        """Each kept item of ``user`` that differs from what their entries give."""
        return upkeep.verify(self._repo, user, self._timezone(user))

    def rebuild(self, user: str) -> int:
        """Store ``user``'s kept items as their entries give them; how many changed."""
        return upkeep.rebuild(self._repo, user, self._timezone(user))
