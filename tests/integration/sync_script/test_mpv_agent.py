"""The mpv agent against a fake mpv IPC socket replaying recorded streams (socket I/O)."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from sync_script.capture_queue import CaptureQueue
from sync_script.mpv_agent import CaptureRefused, CaptureSender, Delivery, follow
from sync_script.watch_cli import main as watch_main
from tests.unit.sync_script.mpv_streams import recorded_stream

URL = "http://tracker.test/capture/generic?token=itk_test"


@contextmanager
def fake_mpv(path: Path, stream: str) -> Iterator[list[dict[str, Any]]]:
    """A UNIX socket that reads the agent's commands, replays ``stream`` and closes."""
    commands: list[dict[str, Any]] = []
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen(1)

    def serve() -> None:
        connection, _ = server.accept()
        with connection, connection.makefile("rb") as reader:
            for _ in range(7):
                commands.append(json.loads(reader.readline()))
            try:
                for _, message in recorded_stream(stream):
                    connection.sendall(json.dumps(message).encode() + b"\n")
            except OSError:
                pass  # the agent stopped listening (a refused token)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield commands
    finally:
        thread.join(timeout=10)
        server.close()


class _Api:
    """A capture endpoint: answers with the statuses given, then 202; keeps what it took."""

    def __init__(self, statuses: list[int] | None = None) -> None:
        self.statuses = list(statuses or [])
        self.taken: list[dict[str, Any]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        assert str(request.url) == URL
        status = self.statuses.pop(0) if self.statuses else 202
        if status == 202:
            self.taken.append(json.loads(request.content))
        return httpx.Response(status, json={"state": "open"})


def _follow(tmp_path: Path, api: _Api, stream: str) -> tuple[list[dict[str, Any]], CaptureQueue]:
    queue = CaptureQueue(tmp_path / "queue")
    with httpx.Client(transport=httpx.MockTransport(api)) as client, \
            fake_mpv(tmp_path / "mpv.sock", stream) as commands:
        follow(str(tmp_path / "mpv.sock"), Delivery(CaptureSender(client, URL), queue,
                                                     clock=lambda: 1_780_000_000.0))
    return commands, queue


def test_the_agent_observes_and_posts_a_whole_session(tmp_path: Path) -> None:
    api = _Api()
    commands, queue = _follow(tmp_path, api, "free_playlist_idle")
    assert [c["command"][0] for c in commands] == ["observe_property"] * 7
    assert [e["event"] for e in api.taken if e["event"] != "progress"] == [
        "start", "stop", "start", "stop"]
    assert api.taken[0]["audio_language"] == "ja" and queue.pending() == []


def test_events_that_cannot_be_sent_wait_on_disk_and_go_first_later(tmp_path: Path) -> None:
    api = _Api([503, 503, 503])
    _, queue = _follow(tmp_path, api, "free_playlist_idle")
    kinds = [e["event"] for e in api.taken]
    # The first event was queued while the API failed; once it answered, it went first.
    assert kinds[0] == "start" and kinds[-1] == "stop" and queue.pending() == []
    assert len(api.taken) == len({json.dumps(e, sort_keys=True) for e in api.taken})


def test_a_queue_that_the_api_never_takes_survives_the_agent(tmp_path: Path) -> None:
    api = _Api([503] * 1000)
    _, queue = _follow(tmp_path, api, "free_playlist_idle")
    assert api.taken == [] and len(queue.pending()) >= 4
    again = CaptureQueue(tmp_path / "queue")
    taken: list[dict[str, Any]] = []

    def take(event: dict[str, Any]) -> bool:
        taken.append(event)
        return True

    assert again.drain(take, 1_780_000_100.0) == len(taken)
    assert taken[0]["event"] == "start" and again.pending() == []


def test_events_older_than_30_days_are_dropped(tmp_path: Path) -> None:
    queue = CaptureQueue(tmp_path / "queue")
    queue.put({"event": "start", "at": 1_000.0})
    assert queue.drain(lambda e: True, 1_000.0 + 31 * 24 * 3600) == 0
    assert queue.pending() == []


def test_a_revoked_token_stops_the_agent(tmp_path: Path) -> None:
    with pytest.raises(CaptureRefused):
        _follow(tmp_path, _Api([401]), "free_playlist_idle")


def test_watch_without_a_capture_url_or_an_mpv_is_an_error(tmp_path: Path) -> None:
    assert watch_main(["--mpv-socket", str(tmp_path / "none.sock")]) == 2
    assert watch_main(["--mpv-socket", str(tmp_path / "none.sock"), "--capture-url", URL,
                       "--queue", str(tmp_path / "q"), "--once"]) == 1
