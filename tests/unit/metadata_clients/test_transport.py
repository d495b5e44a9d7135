"""The shared retry policy: backoff, Retry-After, bounded attempts and total time."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

import httpx
import pytest

from metadata_clients.errors import ProviderUnavailable, QuotaExceeded
from metadata_clients.transport import ProviderTransport, RetryPolicy
from tests.unit.metadata_clients.conftest import FakeTime

URL = "https://provider.example/thing"


def _scripted(*answers: httpx.Response | Exception) -> tuple[httpx.MockTransport, list[int]]:
    """A transport giving ``answers`` in turn, the last one forever; counts the requests."""
    seen: list[int] = []
    queue: Iterator[httpx.Response | Exception] = iter(answers)
    last: list[httpx.Response | Exception] = [answers[-1]]

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(1)
        answer = next(queue, last[0])
        if isinstance(answer, Exception):
            raise answer
        return answer

    return httpx.MockTransport(handle), seen


def _transport(mock: httpx.MockTransport, time: FakeTime, policy: RetryPolicy | None = None,
               jitter: Callable[[], float] = lambda: 0.5) -> ProviderTransport:
    return ProviderTransport(httpx.Client(transport=mock), "Example",
                             policy or RetryPolicy(), time.sleep, time.clock, jitter)


def test_success_needs_one_attempt_and_no_sleep(fake_time: FakeTime) -> None:
    mock, seen = _scripted(httpx.Response(200, json={"ok": True}))
    transport = _transport(mock, fake_time)
    assert transport.decode(transport.send("GET", URL)) == {"ok": True}
    assert (len(seen), fake_time.sleeps) == (1, [])


def test_429_waits_for_retry_after_then_succeeds(fake_time: FakeTime) -> None:
    mock, seen = _scripted(httpx.Response(429, headers={"Retry-After": "3"}),
                           httpx.Response(200, json={}))
    assert _transport(mock, fake_time).send("GET", URL).status_code == 200
    assert (len(seen), fake_time.sleeps) == (2, [3.0])


def test_retry_after_as_an_http_date_is_measured_against_the_server_date(
    fake_time: FakeTime,
) -> None:
    mock, _ = _scripted(
        httpx.Response(503, headers={"Retry-After": "Tue, 24 Nov 2026 05:00:07 GMT",
                                     "Date": "Tue, 24 Nov 2026 05:00:02 GMT"}),
        httpx.Response(200, json={}))
    _transport(mock, fake_time).send("GET", URL)
    assert fake_time.sleeps == [5.0]


def test_500_and_connection_errors_back_off_exponentially_with_jitter(
    fake_time: FakeTime,
) -> None:
    mock, seen = _scripted(httpx.Response(500), httpx.ConnectError("refused"),
                           httpx.ReadTimeout("slow"), httpx.Response(200, json={}))
    policy = RetryPolicy(max_attempts=4, base_delay=1.0, max_delay=8.0)
    assert _transport(mock, fake_time, policy, jitter=lambda: 1.0).send("GET", URL)
    assert len(seen) == 4
    assert fake_time.sleeps == [1.0, 2.0, 4.0]


def test_jitter_keeps_each_delay_between_half_and_all_of_its_ceiling(fake_time: FakeTime) -> None:
    policy = RetryPolicy(base_delay=2.0)
    for jitter in (0.0, 0.999):
        mock, _ = _scripted(httpx.Response(502), httpx.Response(200, json={}))
        _transport(mock, fake_time, policy, jitter=partial(float, jitter)).send("GET", URL)
    low, high = fake_time.sleeps
    assert low == 1.0
    assert 1.9 < high < 2.0


def test_persistent_failure_stops_after_the_attempt_bound(fake_time: FakeTime) -> None:
    mock, seen = _scripted(httpx.Response(503))
    with pytest.raises(ProviderUnavailable, match="HTTP 503"):
        _transport(mock, fake_time, RetryPolicy(max_attempts=3)).send("GET", URL)
    assert len(seen) == 3
    assert len(fake_time.sleeps) == 2


def test_persistent_timeouts_become_unavailable(fake_time: FakeTime) -> None:
    mock, seen = _scripted(httpx.ConnectTimeout("no answer"))
    with pytest.raises(ProviderUnavailable, match="timeout"):
        _transport(mock, fake_time).send("GET", URL)
    assert len(seen) == RetryPolicy().max_attempts


def test_total_time_is_bounded_even_with_attempts_left(fake_time: FakeTime) -> None:
    mock, seen = _scripted(httpx.Response(429, headers={"Retry-After": "20"}))
    policy = RetryPolicy(max_attempts=10, total_budget=30.0)
    with pytest.raises(QuotaExceeded, match="rate limited"):
        _transport(mock, fake_time, policy).send("GET", URL)
    assert len(seen) == 2
    assert fake_time.sleeps == [20.0]
    assert sum(fake_time.sleeps) <= policy.total_budget


def test_client_errors_are_returned_not_retried(fake_time: FakeTime) -> None:
    mock, seen = _scripted(httpx.Response(404))
    assert _transport(mock, fake_time).send("GET", URL).status_code == 404
    assert (len(seen), fake_time.sleeps) == (1, [])


def test_malformed_json_is_unavailable(fake_time: FakeTime) -> None:
    mock, _ = _scripted(httpx.Response(200, content=b"<html>oops"))
    transport = _transport(mock, fake_time)
    with pytest.raises(ProviderUnavailable, match="malformed answer"):
        transport.decode(transport.send("GET", URL))
