"""How many processes ``serve`` uses, and the password hashing cap they share (no I/O)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from handlers.service.accounts import passwords
from immersion_tracker.serve_command import usable_cores, worker_count

SQLITE = "sqlite:////tmp/t.sqlite3"


def test_asked_for_beats_configured_beats_one_per_core() -> None:
    assert worker_count(3, 5, SQLITE) == 3
    assert worker_count(None, 5, SQLITE) == 5
    assert worker_count(None, None, SQLITE) == usable_cores() >= 1


def test_a_memory_store_is_served_by_its_one_process() -> None:
    assert worker_count(4, None, "memory://") == 1


def test_zero_workers_is_refused() -> None:
    with pytest.raises(ValueError, match="--workers"):
        worker_count(0, None, SQLITE)


@pytest.fixture
def restored_hashers() -> Iterator[None]:
    yield
    passwords.share_hashing_cores(1)  # the cap a lone process starts with: every core


def _threads(executor: ThreadPoolExecutor) -> int:
    return int(executor._max_workers)


@pytest.mark.usefixtures("restored_hashers")
@pytest.mark.parametrize("processes", [1, 2, 3, 64])
def test_the_workers_together_hash_on_no_more_cores_than_the_machine_has(
    processes: int,
) -> None:
    cores = os.cpu_count() or 1
    share = passwords.share_hashing_cores(processes)
    assert share == _threads(passwords._HASHERS) >= 1
    assert processes * share <= max(cores, processes)
    stored = passwords.hash_password("correct horse")
    assert passwords.verify_password("correct horse", stored)
