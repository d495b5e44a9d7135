"""The store's retries: the product's one policy (:mod:`retrying`), with its sleep (injectable).

DynamoDB sends no ``Retry-After`` to honour, and its throttling clears within milliseconds,
so the waits start at 50 ms instead of the provider clients' half second. botocore's own
standard-mode retries cover single calls (``storage.dynamodb.CLIENT_CONFIG``); this covers
what a batch call hands back unfinished (unprocessed keys, cancelled transactions).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import retrying


@dataclass
class Backoff:
    """How long to wait before each retry, and how many retries are allowed."""

    max_attempts: int = 8
    """Retries after the first attempt."""
    base_seconds: float = 0.05
    cap_seconds: float = 2.0
    sleep: Callable[[float], None] = time.sleep
    rng: random.Random = field(default_factory=random.Random)

    @property
    def policy(self) -> retrying.Backoff:
        return retrying.Backoff(self.max_attempts, self.base_seconds, self.cap_seconds)

    def delay(self, attempt: int) -> float:
        """The wait before retry number ``attempt`` (0-based): capped, half of it random."""
        return self.policy.delay(attempt, self.rng.random)

    def wait(self, attempt: int) -> None:
        """Sleep before retry number ``attempt``."""
        self.sleep(self.delay(attempt))
