"""What one sync request did, item by item: the shared result of every sync operation (no I/O)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

ContentKind = Literal["episode", "movie", "youtube", "spotify"]


@dataclass(frozen=True)
class LoggedItem:
    """One content item as recorded: enough for a reply ("Title, Channel, 4m 12s, 3 May")."""

    kind: ContentKind
    id: str
    sk: str
    title: str | None
    source: str | None
    duration_seconds: int | None
    timestamp: int


@dataclass(frozen=True)
class FailedItem:
    """An id that could not be logged, and why, in one sentence."""

    id: str
    reason: str


@dataclass
class SyncReport:
    """Per request: what was added, what already existed (skipped), what failed and why."""

    added: list[LoggedItem] = field(default_factory=list)
    existing: list[LoggedItem] = field(default_factory=list)
    failed: list[FailedItem] = field(default_factory=list)
    provider_unavailable: bool = False
    """True when a failure was an outage or a rate limit rather than an unknown id."""
    provider_not_configured: bool = False
    """True when a failure was a provider this deployment has no credentials for."""

    def well_formed(self, ids: Iterable[str], pattern: re.Pattern[str], reason: str) -> list[str]:
        """The distinct ids matching ``pattern``, in order; the others fail with ``reason``."""
        wanted: list[str] = []
        for item_id in dict.fromkeys(ids):
            if pattern.fullmatch(item_id):
                wanted.append(item_id)
            else:
                self.failed.append(FailedItem(item_id, reason))
        return wanted

    def logged(self, item: LoggedItem, created: bool) -> None:
        """Count a written item as added, or as existing when another write got there first."""
        (self.added if created else self.existing).append(item)

    @property
    def added_count(self) -> int:
        return len(self.added)
