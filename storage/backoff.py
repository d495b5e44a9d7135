"""Bounded exponential backoff with jitter for retrying a busy store (sleeps, injectable).

The same rules as the provider clients' retry policy (``metadata_clients/transport.py``):
bounded attempts, capped exponential delays, half fixed and half random. It is a copy
because storage imports nothing of ours, and it differs on purpose in two ways: DynamoDB
sends no ``Retry-After`` to honour, and its throttling clears within milliseconds, so the
delays start at 50 ms instead of half a second. botocore's own standard-mode retries cover
single calls (``storage.dynamodb.CLIENT_CONFIG``); this covers what a batch call hands back
unfinished (unprocessed keys, cancelled transactions).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Backoff:
    """How long to wait before each retry, and how many retries are allowed."""

    max_attempts: int = 8
    base_seconds: float = 0.05
    cap_seconds: float = 2.0
    sleep: Callable[[float], None] = time.sleep
    rng: random.Random = field(default_factory=random.Random)

    def delay(self, attempt: int) -> float:
        """The wait before retry number ``attempt`` (0-based): capped, with half jitter.

        Jitter spreads racing writers apart so they do not collide again in lockstep.
        """
        ceiling = min(self.cap_seconds, self.base_seconds * 2.0**attempt)
        return ceiling / 2 + self.rng.random() * ceiling / 2

    def wait(self, attempt: int) -> None:
        """Sleep before retry number ``attempt``."""
        self.sleep(self.delay(attempt))
