"""The login throttle: limits per client, per (client, name) and per name, on an injected clock."""

from __future__ import annotations

from handlers.http.throttle import Attempt, LoginThrottle, ThrottleLimits

LIMITS = ThrottleLimits(
    window_seconds=60, per_client_and_name=3, per_client=10, per_name=20, max_keys=1000
)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def fail(throttle: LoginThrottle, client: str, name: str) -> Attempt:
    attempt = throttle.admit(client, name)
    if not attempt.retry_after:
        throttle.record(attempt, succeeded=False)
    return attempt


def test_a_client_guessing_one_name_is_stopped_then_let_in_after_the_window() -> None:
    clock = Clock()
    throttle = LoginThrottle(LIMITS, clock)
    for _ in range(3):
        assert fail(throttle, "10.0.0.9", "alice").retry_after == 0
    blocked = throttle.admit("10.0.0.9", "alice")
    assert blocked.retry_after == 60
    clock.now += 45
    assert throttle.admit("10.0.0.9", "alice").retry_after == 15
    clock.now += 15
    assert throttle.admit("10.0.0.9", "alice").retry_after == 0


def test_a_client_spraying_many_names_is_stopped_by_the_per_client_limit() -> None:
    throttle = LoginThrottle(LIMITS, Clock())
    for i in range(10):
        assert fail(throttle, "10.0.0.9", f"user{i}").retry_after == 0
    assert throttle.admit("10.0.0.9", "someone-else").retry_after > 0


def test_an_attack_on_a_name_from_elsewhere_does_not_lock_its_owner_out() -> None:
    throttle = LoginThrottle(LIMITS, Clock())
    for i in range(40):
        fail(throttle, f"10.0.{i}.1", "alice")  # a botnet, two guesses per address
        fail(throttle, f"10.0.{i}.1", "alice")
    owner = throttle.admit("192.168.1.20", "alice")
    assert owner.retry_after == 0
    throttle.record(owner, succeeded=True)
    # An attacker that already failed on the name is stopped by the per-name limit.
    assert throttle.admit("10.0.0.1", "alice").retry_after > 0


def test_concurrent_guesses_count_before_their_outcome_is_known() -> None:
    throttle = LoginThrottle(LIMITS, Clock())
    admitted = [throttle.admit("10.0.0.9", f"user{i}") for i in range(15)]
    assert sum(1 for a in admitted if a.retry_after == 0) == 10
    for attempt in admitted:
        if not attempt.retry_after:
            throttle.record(attempt, succeeded=None)
    assert throttle.admit("10.0.0.9", "user0").retry_after == 0


def test_a_known_good_login_is_not_limited_by_its_own_concurrency() -> None:
    throttle = LoginThrottle(LIMITS, Clock())
    first = throttle.admit("127.0.0.1", "alice")
    throttle.record(first, succeeded=True)
    burst = [throttle.admit("127.0.0.1", "alice") for _ in range(64)]
    assert all(a.retry_after == 0 and not a.pending for a in burst)


def test_success_clears_the_pair_but_not_the_clients_other_failures() -> None:
    throttle = LoginThrottle(LIMITS, Clock())
    for _ in range(2):
        fail(throttle, "10.0.0.9", "alice")
    ok = throttle.admit("10.0.0.9", "alice")
    throttle.record(ok, succeeded=True)
    for _ in range(2):
        assert fail(throttle, "10.0.0.9", "alice").retry_after == 0


def test_the_state_stays_bounded_under_a_flood_of_names() -> None:
    clock = Clock()
    throttle = LoginThrottle(LIMITS, clock)
    for i in range(5000):
        clock.now += 1
        fail(throttle, f"10.{i // 250}.{i % 250}.1", f"user{i}")
    assert throttle.tracked_keys() <= LIMITS.max_keys + 3


def test_a_first_burst_with_the_same_credentials_counts_as_one_guess() -> None:
    throttle = LoginThrottle(LIMITS, Clock())
    burst = [throttle.admit("127.0.0.1", "alice", "digest-of-pw") for _ in range(64)]
    assert all(a.retry_after == 0 for a in burst)
    guesses = [throttle.admit("127.0.0.1", "alice", f"guess{i}") for i in range(5)]
    assert [a.retry_after == 0 for a in guesses] == [True, True, False, False, False]
