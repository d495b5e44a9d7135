"""The product's one retry policy: bounded, capped, doubling waits, half fixed and half random.

Every package that retries uses it — the DynamoDB adapter (what a batch call hands back
unfinished), the provider clients, the sync client and the bot's start-up polling — so it
imports nothing of ours and nothing outside the standard library (the rules let storage and
metadata_clients import nothing else of ours). Each caller keeps only what is its own: which
failures are transient, how a server's ``Retry-After`` combines with the schedule, and how it
sleeps (injected, so tests never wait).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime


@dataclass(frozen=True)
class Backoff:
    """How many retries follow a failed attempt, and how long to wait before each."""

    retries: int | None
    """Retries after the first attempt; ``None`` retries until the caller stops."""
    first_seconds: float
    """The longest wait before the first retry; each later one may be twice the last."""
    cap_seconds: float
    """No wait is longer than this."""
    jitter: bool = True
    """Half of each wait random: racing callers spread apart instead of colliding again in
    lockstep. A lone caller (a user's own sync client) has no crowd to spread out."""
    budget_seconds: float | None = None
    """Seconds from the first attempt after which no further attempt starts."""

    def ceiling(self, retry: int) -> float:
        """The longest wait before retry number ``retry`` (0-based)."""
        return min(self.cap_seconds, self.first_seconds * 2.0**retry)

    def delay(self, retry: int, draw: Callable[[], float] = random.random) -> float:
        """The wait before retry number ``retry``; ``draw`` gives a number in [0, 1)."""
        ceiling = self.ceiling(retry)
        return ceiling / 2 + ceiling / 2 * draw() if self.jitter else ceiling

    def allows(self, retry: int, elapsed: float = 0.0, wait: float = 0.0) -> bool:
        """Whether retry number ``retry`` may start after ``wait`` more seconds, ``elapsed``
        seconds after the first attempt."""
        if self.retries is not None and retry >= self.retries:
            return False
        return self.budget_seconds is None or elapsed + wait <= self.budget_seconds


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """The wait an HTTP ``Retry-After`` header asks for, if it can be read: seconds, or a
    date measured against ``now`` (the server's own ``Date``: without it, no clock to
    compare with, so the schedule applies)."""
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return None if now is None else max(0.0, (moment - now).total_seconds())
