"""The parent's login throttle asked by several workers over socket pairs (in one process)."""

from __future__ import annotations

import asyncio
import socket

import pytest

from handlers.http.shared_throttle import ThrottleClient, ThrottleHost
from handlers.http.throttle import LoginThrottle, ThrottleLimits, ThrottleUnavailable

LIMITS = ThrottleLimits(per_client_and_name=3, per_client=2, per_name=50)


def _client(host: ThrottleHost, lost: list[str], name: str) -> ThrottleClient:
    theirs, _ready = host.connect_worker()
    return ThrottleClient(socket.socket(fileno=theirs.detach()), lambda: lost.append(name))


def test_failures_on_two_workers_add_up_to_one_limit() -> None:
    async def run() -> list[int]:
        host = ThrottleHost(LoginThrottle(ThrottleLimits(per_client_and_name=3)))
        lost: list[str] = []
        workers = [_client(host, lost, "a"), _client(host, lost, "b")]
        for worker in workers:
            await worker.start()
        waits = []
        for guess in range(5):
            worker = workers[guess % 2]
            attempt = await worker.admit("10.0.0.9", "alice", f"digest{guess}")
            waits.append(attempt.retry_after)
            if not attempt.retry_after:
                worker.record(attempt, False)
        for worker in workers:
            await worker.close()
        return waits

    waits = asyncio.run(run())
    assert waits[:3] == [0, 0, 0] and all(wait > 0 for wait in waits[3:])


def test_a_dead_workers_unrecorded_attempts_are_released() -> None:
    async def run() -> tuple[int, int]:
        host = ThrottleHost(LoginThrottle(LIMITS))
        lost: list[str] = []
        dying, other = _client(host, lost, "dying"), _client(host, lost, "other")
        await dying.start()
        await other.start()
        # Two different guesses in flight on the dying worker fill the client's allowance.
        for guess in ("one", "two"):
            assert (await dying.admit("10.0.0.9", "alice", guess)).pending
        refused = await other.admit("10.0.0.9", "alice", "three")
        await dying.close()  # as if it crashed before recording either
        admitted = 1
        for _ in range(200):  # bounded: the host notices the closed connection at once
            admitted = (await other.admit("10.0.0.9", "alice", "three")).retry_after
            if not admitted:
                break
            await asyncio.sleep(0.01)
        await other.close()
        return refused.retry_after, admitted

    refused, admitted = asyncio.run(run())
    assert refused > 0 and admitted == 0


def test_a_worker_whose_parent_is_gone_refuses_to_guess_and_stops() -> None:
    async def run() -> list[str]:
        ours, theirs = socket.socketpair()
        lost: list[str] = []
        client = ThrottleClient(theirs, lambda: lost.append("lost"))
        await client.start()
        ours.close()
        with pytest.raises(ThrottleUnavailable):
            await client.admit("10.0.0.9", "alice", "digest")
        await client.close()
        return lost

    assert asyncio.run(run()) == ["lost"]
