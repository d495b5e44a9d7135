"""End to end: ``serve`` drains on SIGTERM (on one process or several); ``serve`` and
``bot`` outlive a Telegram outage."""

from __future__ import annotations

import signal
import socket
import subprocess
import threading
import time
from pathlib import Path
from typing import IO

import httpx
import pytest

from tests.fakes.providers import ProviderFake
from tests.fakes.telegram_api import TelegramFake
from tests.support.api_server import COMMAND, running_api, server_env, stop_process
from tests.support.serve_workers import alive, wait_for_children

pytestmark = pytest.mark.e2e
LEARNER = 6161


@pytest.mark.parametrize("workers", [1, 2])
def test_sigterm_during_a_slow_request_lets_it_finish_then_exits_0(
    tmp_path: Path, workers: int
) -> None:
    with ProviderFake() as providers, running_api(
        tmp_path, providers.environment(), extra_args=("--workers", str(workers))
    ) as api:
        children = wait_for_children(api.process.pid, 0 if workers == 1 else workers)
        with api.client() as http:
            http.get("/progress").raise_for_status()  # pays the password hash up front
            providers.hold_replies()
            answers: list[httpx.Response] = []
            slow = threading.Thread(
                target=lambda: answers.append(
                    http.post("/syncyoutube", json={"video_ids": ["9bZkp7q19f0"]})
                )
            )
            slow.start()
            try:
                # Events, not a guess at how long a loaded machine takes: the request is in
                # flight once the provider has it, and the server is draining once it
                # stops taking connections (one process) or its idle worker has exited.
                providers.calls.wait_for("youtube.videos")
                api.process.send_signal(signal.SIGTERM)
                _wait_until_draining(api.base_url, api.process.pid, children)
            finally:
                providers.release_replies()
            slow.join(timeout=60)
        assert answers and answers[0].status_code == 200, answers
        assert answers[0].json() == {"videos_added": 1}
        assert api.process.wait(timeout=60) == 0
        assert not [pid for pid in children if alive(pid)], "a worker outlived the server"
        assert api.process.stderr is not None
        assert "Traceback" not in api.process.stderr.read()


def _wait_until_draining(base_url: str, pid: int, children: list[int],
                         timeout: float = 60.0) -> None:
    """Wait (bounded) until a signalled server is draining: its one process refuses new
    connections, or all but the busy one of its workers have exited."""
    if children:
        wait_for_children(pid, 1, timeout=timeout)
        return
    address = ("127.0.0.1", int(base_url.rsplit(":", 1)[1]))
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(address, timeout=5).close()
        except ConnectionRefusedError:
            return
        time.sleep(0.01)
    raise AssertionError("the server kept taking connections after SIGTERM")


def _first_retry(stderr: IO[str] | None) -> str:
    """Read the log until the first failed attempt to reach Telegram; that line."""
    assert stderr is not None
    for _ in range(500):  # bounded: the line comes within the first few
        line = stderr.readline()
        assert line, "the process ended before trying Telegram"
        if "Telegram is unreachable" in line:
            return line
    raise AssertionError("no failed attempt was logged")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_the_api_serves_while_telegram_is_down_and_the_bot_starts_when_it_is_back(
    tmp_path: Path,
) -> None:
    port = _free_port()
    token = "987654:SECRET-token-that-must-not-be-logged"
    env = {
        "TELEGRAM_BOT_TOKEN": token,
        "IMMERSION_TRACKER_TELEGRAM_BASE_URL": f"http://127.0.0.1:{port}/bot",
    }
    with ProviderFake() as providers, running_api(
        tmp_path, {**providers.environment(), **env}
    ) as api:
        with api.client() as http:
            first = _first_retry(api.process.stderr)
            assert api.process.poll() is None, "serve died with Telegram unreachable"
            assert http.get("/progress").status_code == 200
            with TelegramFake(token, port) as telegram:
                telegram.enqueue(telegram.text_update(LEARNER, "/start"))
                telegram.wait_for_sent(lambda s: s.chat_id == LEARNER, timeout=30)
                assert http.get("/progress").status_code == 200
                api.process.send_signal(signal.SIGTERM)
                assert api.process.wait(timeout=30) == 0
        assert api.process.stderr is not None
        log = first + api.process.stderr.read()
    assert "retrying in" in first
    assert token not in log and token.split(":")[1] not in log
    assert "Traceback" not in log


def test_the_bot_command_waits_for_telegram_instead_of_dying(tmp_path: Path) -> None:
    port = _free_port()
    token = "987654:SECRET-token-that-must-not-be-logged"
    env = server_env(tmp_path, {
        "TELEGRAM_BOT_TOKEN": token,
        "IMMERSION_TRACKER_TELEGRAM_BASE_URL": f"http://127.0.0.1:{port}/bot",
    })
    process = subprocess.Popen([*COMMAND, "bot"], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    try:
        first = _first_retry(process.stderr)
        assert process.poll() is None, "the bot died with Telegram unreachable"
        with TelegramFake(token, port) as telegram:
            telegram.enqueue(telegram.text_update(LEARNER, "/start"))
            telegram.wait_for_sent(lambda s: s.chat_id == LEARNER, timeout=30)
            process.send_signal(signal.SIGTERM)
            assert process.wait(timeout=30) == 0
        assert process.stderr is not None
        log = first + process.stderr.read()
    finally:
        stop_process(process)
    assert "retrying in" in first
    assert token not in log and "Traceback" not in log
