"""The one retry policy: its schedule, its bounds and ``Retry-After``, for every package."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from retrying import Backoff, retry_after_seconds


def test_waits_double_up_to_the_cap_without_jitter() -> None:
    policy = Backoff(None, 0.5, 3.0, jitter=False)
    assert [policy.delay(retry) for retry in range(5)] == [0.5, 1.0, 2.0, 3.0, 3.0]


@pytest.mark.parametrize(("draw", "expected"), [(0.0, 2.0), (0.5, 3.0), (0.999, 3.998)])
def test_half_of_each_wait_is_random(draw: float, expected: float) -> None:
    assert Backoff(3, 1.0, 60.0).delay(2, lambda: draw) == pytest.approx(expected)


def test_retries_stop_at_the_count_and_at_the_budget() -> None:
    policy = Backoff(3, 1.0, 8.0, budget_seconds=10.0)
    assert [policy.allows(retry) for retry in range(4)] == [True, True, True, False]
    assert policy.allows(0, elapsed=9.0, wait=1.0)
    assert not policy.allows(0, elapsed=9.0, wait=1.5)
    assert Backoff(None, 1.0, 60.0).allows(10**6)


def test_retry_after_in_seconds_or_as_a_date_against_the_server_s_clock() -> None:
    now = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    assert retry_after_seconds("7") == 7.0
    assert retry_after_seconds("-3") == 0.0
    assert retry_after_seconds("Tue, 01 Dec 2026 12:00:30 GMT", now) == 30.0
    # A date with no server clock to compare with, or no header: the schedule applies.
    assert retry_after_seconds("Tue, 01 Dec 2026 12:00:30 GMT") is None
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None
