"""Shared fixtures: a fake clock/sleep pair and the provider fake answering in-process."""

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


@pytest.fixture
def providers() -> ProviderFake:
    """A fresh fake per test: clean call log, no faults, its fixture data only."""
    return ProviderFake()


@pytest.fixture
def http(providers: ProviderFake) -> Iterator[httpx.Client]:
    """An httpx client whose requests the fake answers through MockTransport (no socket)."""
    with httpx.Client(transport=providers.mock_transport()) as client:
        yield client
