"""Login throttling for the local server: failed logins per client and name (in memory, no I/O).

Three fixed-window counters of failures: per (client address, user name), per client address,
and per user name. The per-name limit is much higher and only stops clients that have
already failed for that name, so an attacker hammering a name from elsewhere cannot lock
its owner out. Attempts whose credentials have not been seen to succeed are also counted
while in flight, so a burst of concurrent guesses cannot slip past the limits before the
first failure is recorded.

The state lives in one process: the server's, or with several server processes their
parent's, which the workers ask (``handlers/http/shared_throttle.py``), so the limits hold for
the service as a whole. The AWS deployment does not use it (each Lambda is its own
process); there, rate limits come from the WAF rate-based rules in front of API Gateway.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class ThrottleLimits:
    """How many failed logins a window allows, per key."""

    window_seconds: float = 300.0
    per_client_and_name: int = 5
    per_client: int = 10
    per_name: int = 200
    remember_success_seconds: float = 300.0
    max_keys: int = 100_000
    """Beyond this many tracked keys, expired ones are dropped; state stays bounded."""


@dataclass(frozen=True)
class Attempt:
    """One login attempt: admitted when ``retry_after`` is 0."""

    client: str
    name: str
    credential: str = ""
    retry_after: int = 0
    pending: bool = False
    """Whether it counts against the client's in-flight allowance until recorded."""


@dataclass
class _Window:
    start: float
    count: int = 0


class LoginThrottle:
    """Decides whether a login attempt may be checked, and learns from each outcome.

    Thread-safe: the server calls :meth:`admit` before dispatch and :meth:`record` after.
    """

    def __init__(
        self, limits: ThrottleLimits = ThrottleLimits(), clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limits = limits
        self._clock = clock
        self._lock = threading.Lock()
        self._failures: dict[tuple[str, str], _Window] = {}
        self._in_flight: dict[str, dict[tuple[str, str], int]] = {}
        """Per client: unverified (name, credential digest) pairs in flight, with a count."""
        self._trusted: dict[tuple[str, str], float] = {}

    def _window(self, key: tuple[str, str], now: float) -> _Window:
        window = self._failures.get(key)
        if window is None or now >= window.start + self.limits.window_seconds:
            window = _Window(now)
            self._failures[key] = window
        return window

    def _wait(self, window: _Window, limit: int, extra: int, now: float) -> float:
        if window.count + extra < limit:
            return 0.0
        return max(1.0, window.start + self.limits.window_seconds - now)

    def admit(self, client: str, name: str, credential: str = "") -> Attempt:
        """Whether this attempt may go ahead now, or how many seconds to wait.

        ``credential`` is a digest of the password: the same credentials sent on many
        connections at once (a client's first burst) count as one guess in flight.
        """
        now = self._clock()
        limits = self.limits
        with self._lock:
            pair = self._window(("pair", f"{client}\0{name}"), now)
            by_client = self._window(("client", client), now)
            by_name = self._window(("name", name), now)
            trusted = self._trusted.get((client, name), 0.0) > now
            flying = self._in_flight.get(client, {})
            new_guess = not trusted and (name, credential) not in flying
            extra_client = len(flying) + 1 if new_guess else 0
            extra_pair = sum(1 for n, _ in flying if n == name) + 1 if new_guess else 0
            waits = [
                self._wait(pair, limits.per_client_and_name, extra_pair - 1 if extra_pair else 0,
                           now),
                self._wait(by_client, limits.per_client, max(0, extra_client - 1), now),
            ]
            if pair.count:
                waits.append(self._wait(by_name, limits.per_name, 0, now))
            wait = max(waits)
            if wait:
                return Attempt(client, name, credential, retry_after=math.ceil(wait))
            if trusted:
                return Attempt(client, name, credential)
            key = (name, credential)
            self._in_flight.setdefault(client, {})[key] = flying.get(key, 0) + 1
            return Attempt(client, name, credential, pending=True)

    def record(self, attempt: Attempt, succeeded: bool | None) -> None:
        """The outcome of an admitted attempt (``None``: it never got an answer)."""
        now = self._clock()
        client, name = attempt.client, attempt.name
        with self._lock:
            if attempt.pending:
                flying = self._in_flight.get(client, {})
                key = (name, attempt.credential)
                left = flying.get(key, 1) - 1
                if left > 0:
                    flying[key] = left
                else:
                    flying.pop(key, None)
                    if not flying:
                        self._in_flight.pop(client, None)
            if succeeded is None:
                return
            if succeeded:
                self._trusted[(client, name)] = now + self.limits.remember_success_seconds
                self._failures.pop(("pair", f"{client}\0{name}"), None)
            else:
                self._trusted.pop((client, name), None)
                for key in (("pair", f"{client}\0{name}"), ("client", client), ("name", name)):
                    self._window(key, now).count += 1
            self._bound(now)

    def tracked_keys(self) -> int:
        """How many counters and remembered successes are held (bounded by ``max_keys``)."""
        with self._lock:
            return len(self._failures) + len(self._trusted)

    def _bound(self, now: float) -> None:
        # Called under the lock; a sweep is O(keys), so it only runs past the cap.
        if len(self._failures) + len(self._trusted) <= self.limits.max_keys:
            return
        horizon = now - self.limits.window_seconds
        self._failures = {k: w for k, w in self._failures.items() if w.start > horizon}
        self._trusted = {k: t for k, t in self._trusted.items() if t > now}
        if len(self._failures) + len(self._trusted) > self.limits.max_keys:
            # Flooded with live keys: forgetting beats growing without bound.
            self._failures.clear()
            self._trusted.clear()


class ThrottleUnavailable(Exception):
    """The throttle could not be asked (its process is gone): the login is not checked."""


class ThrottleGate(Protocol):
    """What the server asks before checking a password, and tells after (on its event loop)."""

    async def admit(self, client: str, name: str, credential: str) -> Attempt:
        """The decision for this attempt (:meth:`LoginThrottle.admit`), or
        :class:`ThrottleUnavailable`."""

    def record(self, attempt: Attempt, succeeded: bool | None) -> None:
        """The outcome of an admitted attempt (:meth:`LoginThrottle.record`); never blocks."""


class InProcessGate:
    """The gate of a server that is the only process: the throttle itself, in memory."""

    def __init__(self, throttle: LoginThrottle) -> None:
        self.throttle = throttle

    async def admit(self, client: str, name: str, credential: str) -> Attempt:
        return self.throttle.admit(client, name, credential)

    def record(self, attempt: Attempt, succeeded: bool | None) -> None:
        self.throttle.record(attempt, succeeded)
