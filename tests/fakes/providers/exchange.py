"""Requests, replies, routes and the call log shared by the provider fakes (pure)."""

from __future__ import annotations

import hashlib
import json
import threading
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

Json = dict[str, Any]


@dataclass(frozen=True)
class Call:
    """One request the fake received."""

    endpoint: str
    method: str
    path: str
    query: Mapping[str, str]


@dataclass
class CallLog:
    """Thread-safe record of the requests received, for assertions."""

    _calls: list[Call] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _arrived: threading.Condition = field(init=False)

    def __post_init__(self) -> None:
        self._arrived = threading.Condition(self._lock)

    def record(self, call: Call) -> None:
        with self._lock:
            self._calls.append(call)
            self._arrived.notify_all()

    def wait_for(self, endpoint: str, count: int = 1, timeout: float = 60.0) -> None:
        """Wait (bounded) until ``count`` requests to ``endpoint`` have arrived."""
        def arrived() -> bool:
            return sum(1 for c in self._calls if c.endpoint == endpoint) >= count

        with self._arrived:
            if not self._arrived.wait_for(arrived, timeout):
                raise AssertionError(f"{count} request(s) to {endpoint} did not arrive")

    def all(self) -> list[Call]:
        with self._lock:
            return list(self._calls)

    def count(self, endpoint: str | None = None) -> int:
        """Requests to one endpoint (or to all of them)."""
        return sum(1 for c in self.all() if endpoint is None or c.endpoint == endpoint)

    def counts(self) -> Counter[str]:
        return Counter(c.endpoint for c in self.all())

    def paths(self) -> list[str]:
        return [c.path for c in self.all()]

    def reset(self) -> None:
        with self._lock:
            self._calls.clear()


@dataclass(frozen=True)
class Request:
    """One routed request: what a provider's handler needs to answer it."""

    origin: str
    """``scheme://host[:port]`` the client addressed, for links the answer carries."""
    path_id: str
    query: Mapping[str, str]
    headers: Mapping[str, str]
    """Lower-cased names."""
    body: bytes

    def bearer(self) -> str:
        value = self.headers.get("authorization", "")
        return value[len("Bearer "):] if value.startswith("Bearer ") else ""


@dataclass(frozen=True)
class Reply:
    status: int
    body: bytes
    headers: Mapping[str, str] = field(default_factory=dict)


Handler = Callable[[Request], Reply]


@dataclass(frozen=True)
class Route:
    """``method`` and full-match ``pattern`` (may capture ``id``) lead to ``handler``."""

    method: str
    endpoint: str
    pattern: str
    handler: Handler


def json_reply(status: int, payload: Any, headers: Mapping[str, str] | None = None) -> Reply:
    body = json.dumps(payload, ensure_ascii=False).encode()
    return Reply(status, body, {"Content-Type": "application/json; charset=utf-8",
                                **(headers or {})})


def stable_number(text: str, modulo: int) -> int:
    """A number derived from ``text`` alone, so synthetic entries never change between runs."""
    return int(hashlib.sha256(text.encode()).hexdigest()[:8], 16) % modulo
