"""The mpv agent's disk queue: events wait in order, and a damaged entry never blocks the rest."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from sync_script.capture_queue import CaptureQueue, QueueUnwritable
from sync_script.mpv_agent import CaptureSender, Delivery
from sync_script.mpv_watch import Watcher
from sync_script.watch_cli import main as watch_main
from tests.unit.sync_script.mpv_streams import recorded_stream

URL = "http://tracker.test/capture/generic?token=itk_test"
NOW = 1_780_000_000.0


class Api:
    """A capture endpoint: 202 for each event it takes, or the status it is told to answer."""

    def __init__(self, status: int = 202) -> None:
        self.status = status
        self.taken: list[dict[str, Any]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if self.status == 202:
            self.taken.append(json.loads(request.content))
        return httpx.Response(self.status, json={"state": "open"})


def delivery(api: Api, queue: CaptureQueue) -> Delivery:
    client = httpx.Client(transport=httpx.MockTransport(api))
    return Delivery(CaptureSender(client, URL), queue, clock=lambda: NOW)


def queue_with_damaged_entries(folder: Path) -> CaptureQueue:
    queue = CaptureQueue(folder)
    queue.put({"event": "start", "at": NOW - 60, "session_id": "a"})
    for number, text in enumerate(["null", '{"at": "x"}', "[1, 2]", '"start"', "{not json",
                                   '{"event": "stop", "at": null}']):
        (folder / f"{NOW - 50 + number:016.3f}-damaged.json").write_text(text, "utf-8")
    queue.put({"event": "stop", "at": NOW - 10, "session_id": "a"})
    return queue


@pytest.mark.parametrize("text", ["null", '{"at": "x"}', "[]", "12", '{"at": true}'])
def test_an_entry_that_is_no_event_is_set_aside_and_the_next_still_goes(
        tmp_path: Path, text: str) -> None:
    queue = CaptureQueue(tmp_path / "queue")
    (tmp_path / "queue").mkdir()
    (tmp_path / "queue" / "0000000000001.000-damaged.json").write_text(text, "utf-8")
    queue.put({"event": "start", "at": NOW})
    taken: list[dict[str, Any]] = []

    def take(event: dict[str, Any]) -> bool:
        taken.append(event)
        return True

    assert queue.drain(take, NOW) == 1
    assert taken == [{"event": "start", "at": NOW}] and queue.pending() == []
    aside = tmp_path / "queue" / "0000000000001.000-damaged.json.bad"
    assert aside.read_text("utf-8") == text  # kept, for whoever wants to look


def test_damaged_entries_never_block_the_queue_nor_new_events(tmp_path: Path) -> None:
    queue = queue_with_damaged_entries(tmp_path / "queue")
    api = Api()
    watcher = Watcher()
    send = delivery(api, queue)
    for _, message in recorded_stream("free_playlist_idle"):
        send.deliver(watcher.message(message, NOW))
    kinds = [event["event"] for event in api.taken]
    assert kinds[:2] == ["start", "stop"] and api.taken[0]["session_id"] == "a"
    assert "start" in kinds[2:] and queue.pending() == []
    assert len(list((tmp_path / "queue").glob("*.bad"))) == 6


def test_a_damaged_entry_waits_aside_while_the_api_is_down(tmp_path: Path) -> None:
    queue = queue_with_damaged_entries(tmp_path / "queue")
    api = Api(status=503)
    delivery(api, queue).deliver([{"event": "start", "at": NOW, "session_id": "b"}])
    assert api.taken == [] and len(queue.pending()) == 9  # nothing lost, nothing sent
    api.status = 202
    delivery(api, queue).deliver([{"event": "stop", "at": NOW + 1, "session_id": "b"}])
    assert [(e["session_id"], e["event"]) for e in api.taken] == [
        ("a", "start"), ("a", "stop"), ("b", "start"), ("b", "stop")]


def test_a_queue_that_cannot_be_written_is_its_own_error(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("a file, not a folder")
    queue = CaptureQueue(tmp_path / "afile" / "q")
    with pytest.raises(QueueUnwritable, match="afile") as raised:
        delivery(Api(status=503), queue).deliver([{"event": "start", "at": NOW}])
    assert not isinstance(raised.value, OSError)  # never taken for a missing mpv
    with pytest.raises(QueueUnwritable):
        queue.check()


def test_watch_names_the_queue_not_mpv_when_the_queue_cannot_be_written(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "afile").write_text("a file, not a folder")
    assert watch_main(["--mpv-socket", str(tmp_path / "mpv.sock"), "--capture-url", URL,
                       "--queue", str(tmp_path / "afile" / "q"), "--once"]) == 1
    error = capsys.readouterr().err
    assert "no mpv" not in error and "capture queue" in error and "afile" in error
    assert error.count("\n") == 1  # one sentence, no traceback
