"""Shared fixtures: a fake clock/sleep pair and the loopback provider fake (starts a server)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import httpx
import pytest

from tests.fakes.providers import ProviderFake


@dataclass
class FakeTime:
    """A monotonic clock that only moves when the code under test sleeps."""

    now: float = 1_000.0
    sleeps: list[float] = field(default_factory=list)

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture(scope="module")
def provider_server() -> Iterator[ProviderFake]:
    with ProviderFake() as fake:
        yield fake


@pytest.fixture
def providers(provider_server: ProviderFake) -> Iterator[ProviderFake]:
    """The shared fake with a clean call log and no leftover faults or latency."""
    provider_server.calls.reset()
    provider_server.latency = 0.0
    yield provider_server
    provider_server.clear_faults()


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with httpx.Client() as client:
        yield client
