"""``immersion-tracker serve --workers 2`` as a subprocess: spread, throttle, crashes, bot once.

(Draining on SIGTERM with several workers: ``tests/e2e/test_serve_lifecycle.py``.)
"""

from __future__ import annotations

import base64
import os
import signal
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from immersion_tracker.worker_pool import CRASH_BUDGET
from tests.fakes.telegram_api import TelegramFake
from tests.support.api_server import RunningApi, running_api
from tests.support.local_server import RawConnection
from tests.support.serve_workers import accepted_by, alive, wait_for_children

WORKERS = ("--workers", "2")
ATTACKER = "127.0.0.2"


def _port(api: RunningApi) -> int:
    return int(urlsplit(api.base_url).port or 0)


def _progress(user: str, password: str) -> bytes:
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return f"GET /progress HTTP/1.1\r\nHost: t\r\nAuthorization: Basic {token}\r\n\r\n".encode()


def _connection_to(api: RunningApi, worker: int, workers: list[int], source: str,
                   stack: ExitStack) -> RawConnection:
    """A connection that ``worker`` accepted (others opened on the way stay open, unused)."""
    for _ in range(200):  # bounded: the kernel hands each connection to whichever is free
        connection = stack.enter_context(RawConnection(_port(api), source, timeout=10))
        if accepted_by(connection.sock, _port(api), workers) == worker:
            return connection
    raise AssertionError(f"worker {worker} accepted none of 200 connections")


def test_requests_are_answered_by_both_workers(tmp_path: Path) -> None:
    with running_api(tmp_path, extra_args=WORKERS) as api, ExitStack() as stack:
        workers = wait_for_children(api.process.pid, 2)
        for worker in workers:
            connection = _connection_to(api, worker, workers, "127.0.0.1", stack)
            connection.send(_progress(api.user, api.password))
            assert connection.answer().status == 200


def test_the_login_throttle_counts_failures_on_every_worker_together(tmp_path: Path) -> None:
    with running_api(tmp_path, extra_args=WORKERS) as api, ExitStack() as stack:
        workers = wait_for_children(api.process.pid, 2)
        statuses = []
        for guess in range(8):  # alternating workers: each saw at most 4 of the guesses
            connection = _connection_to(api, workers[guess % 2], workers, ATTACKER, stack)
            connection.send(_progress(api.user, f"guess{guess}"))
            statuses.append(connection.answer().status)
        # The spec's 5 failures per (client, name) in all, not 5 on each worker.
        assert statuses == [403] * 5 + [429] * 3
        for worker in workers:  # the owner, from their own address, still gets in anywhere
            connection = _connection_to(api, worker, workers, "127.0.0.1", stack)
            connection.send(_progress(api.user, api.password))
            assert connection.answer().status == 200


def test_a_killed_worker_is_replaced_and_serving_goes_on(tmp_path: Path) -> None:
    with running_api(tmp_path, extra_args=WORKERS) as api, api.client() as http:
        workers = wait_for_children(api.process.pid, 2)
        http.get("/progress").raise_for_status()
        os.kill(workers[0], signal.SIGKILL)
        replaced = wait_for_children(api.process.pid, 2, other_than=frozenset({workers[0]}))
        assert workers[1] in replaced
        for _ in range(4):
            assert http.get("/progress").status_code == 200
        assert api.process.poll() is None


@pytest.mark.parametrize("workers", ["2", "3"])
def test_the_bot_polls_from_one_process_only(tmp_path: Path, workers: str) -> None:
    with TelegramFake() as telegram:
        env = {"TELEGRAM_BOT_TOKEN": telegram.token,
               "IMMERSION_TRACKER_TELEGRAM_BASE_URL": telegram.base_url}
        with running_api(tmp_path, env, extra_args=("--workers", workers)) as api:
            wait_for_children(api.process.pid, int(workers))
            telegram.enqueue(telegram.text_update(5151, "/start"))
            telegram.wait_for_sent(lambda s: s.chat_id == 5151, timeout=30)
            with api.client() as http:
                assert http.get("/progress").status_code == 200
            # Every bot that starts asks getMe once; more than one would mean two pollers
            # competing for the same updates.
            assert len(telegram.sent("getMe")) == 1
            api.process.send_signal(signal.SIGTERM)
            assert api.process.wait(timeout=60) == 0


def test_workers_that_keep_dying_stop_the_service_with_an_error(tmp_path: Path) -> None:
    with running_api(tmp_path, extra_args=WORKERS) as api:
        workers = wait_for_children(api.process.pid, 2)
        killed: set[int] = set()
        for _ in range(CRASH_BUDGET + 1):  # bounded: one more death than a minute allows
            os.kill(workers[0], signal.SIGKILL)
            killed.add(workers[0])
            if len(killed) > CRASH_BUDGET:
                break
            workers = wait_for_children(api.process.pid, 2, other_than=frozenset(killed))
        assert api.process.wait(timeout=60) == 1
        assert not [pid for pid in workers if alive(pid)], "a worker outlived the server"
        assert api.process.stderr is not None
        assert f"died {CRASH_BUDGET + 1} times within a minute" in api.process.stderr.read()
