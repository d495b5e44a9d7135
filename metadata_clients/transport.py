"""The retry policy every provider client shares, around an injected httpx.Client (does I/O).

Timeouts, connection errors, 5xx and 429 answers are retried with exponential backoff and
jitter, honouring ``Retry-After``, within a bounded number of attempts AND a bounded total
time; then the caller gets a typed error. Other answers (2xx, 4xx) go back to the client,
which knows what a 401 or 404 means for its provider. ``sleep``, ``clock`` and ``jitter``
are injected so tests never wait.

The schedule is the product's one retry policy (:mod:`retrying`); a server's
``Retry-After`` replaces the scheduled wait (within the total budget).
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from metadata_clients.errors import ProviderUnavailable, QuotaExceeded
from retrying import Backoff, retry_after_seconds

Sleep = Callable[[float], None]
Clock = Callable[[], float]
"""Monotonic seconds."""

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try before giving up; the defaults keep a user's request under ~30 s."""

    max_attempts: int = 4
    base_delay: float = 0.5
    max_delay: float = 8.0
    total_budget: float = 25.0
    """Seconds from the first attempt after which no further attempt starts."""
    request_timeout: float = 10.0

    @property
    def backoff(self) -> Backoff:
        """The schedule of these limits: ``max_attempts`` counts the first attempt too."""
        return Backoff(self.max_attempts - 1, self.base_delay, self.max_delay,
                       budget_seconds=self.total_budget)


@dataclass(frozen=True)
class _Retryable:
    reason: str
    retry_after: float | None = None
    rate_limited: bool = False


@dataclass
class ProviderTransport:
    """Sends one logical request to a provider, retrying transient failures."""

    http: httpx.Client
    provider: str
    policy: RetryPolicy = field(default_factory=RetryPolicy)
    sleep: Sleep = time.sleep
    clock: Clock = time.monotonic
    jitter: Callable[[], float] = random.random

    def send(self, method: str, url: str, *, params: Mapping[str, str | int] | None = None,
             headers: Mapping[str, str] | None = None, json: Any = None,
             data: Mapping[str, str] | None = None,
             auth: httpx.Auth | None = None) -> httpx.Response:
        """The first non-transient answer; raises ProviderUnavailable / QuotaExceeded.

        ``auth`` runs inside every attempt, so a retried request carries a valid token too.
        """
        started = self.clock()
        attempt = 0
        while True:
            attempt += 1
            outcome = self._attempt(method, url, params, headers, json, data, auth)
            if isinstance(outcome, httpx.Response):
                return outcome
            delay = self._delay(attempt, outcome)
            if not self.policy.backoff.allows(attempt - 1, self.clock() - started, delay):
                raise self._give_up(outcome)
            log.warning("%s: %s on %s %s; retry %d in %.1f s", self.provider, outcome.reason,
                        method, httpx.URL(url).path, attempt, delay)
            self.sleep(delay)

    def _attempt(self, method: str, url: str, params: Mapping[str, str | int] | None,
                 headers: Mapping[str, str] | None, json: Any,
                 data: Mapping[str, str] | None,
                 auth: httpx.Auth | None) -> httpx.Response | _Retryable:
        try:
            response = self.http.request(
                method, url, params=params, headers=headers, json=json, data=data,
                auth=httpx.USE_CLIENT_DEFAULT if auth is None else auth,
                timeout=self.policy.request_timeout)
        except httpx.TimeoutException:
            return _Retryable("timeout")
        except httpx.TransportError as exc:
            return _Retryable(f"connection error {type(exc).__name__}")
        if response.status_code == 429:
            return _Retryable("rate limited (HTTP 429)", _retry_after(response), True)
        if response.status_code >= 500:
            return _Retryable(f"HTTP {response.status_code}", _retry_after(response))
        return response

    def _delay(self, attempt: int, outcome: _Retryable) -> float:
        if outcome.retry_after is not None:
            return outcome.retry_after
        return self.policy.backoff.delay(attempt - 1, self.jitter)

    def _give_up(self, outcome: _Retryable) -> ProviderUnavailable | QuotaExceeded:
        if outcome.rate_limited:
            return QuotaExceeded(self.provider, "rate limited")
        return ProviderUnavailable(self.provider, outcome.reason)

    def decode(self, response: httpx.Response) -> Any:
        """The JSON body, or ProviderUnavailable when it is not JSON."""
        try:
            return response.json()
        except ValueError:
            raise ProviderUnavailable(self.provider, "malformed answer") from None


def _retry_after(response: httpx.Response) -> float | None:
    date_header = response.headers.get("Date")
    try:
        now = parsedate_to_datetime(date_header) if date_header else None
    except (TypeError, ValueError):
        now = None
    return retry_after_seconds(response.headers.get("Retry-After"), now)


def unexpected_shape(provider: str) -> ProviderUnavailable:
    """The error for a JSON answer whose fields are not the documented ones."""
    return ProviderUnavailable(provider, "unexpected answer")
