"""The mpv agent against a real ``mpv`` (skipped where mpv is not installed; process I/O)."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from sync_script.capture_queue import CaptureQueue
from sync_script.mpv_agent import CaptureSender, Delivery, follow_connection

MPV = shutil.which("mpv")
URL = "http://tracker.test/capture/generic?token=itk_test"


@pytest.mark.skipif(MPV is None, reason="mpv is not installed")
def test_the_agent_follows_a_real_mpv_from_start_to_end(tmp_path: Path) -> None:
    assert MPV is not None
    ours, mpvs = socket.socketpair()
    taken: list[dict[str, Any]] = []

    def api(request: httpx.Request) -> httpx.Response:
        taken.append(json.loads(request.content))
        return httpx.Response(202, json={"state": "open"})

    # mpv talks over a socket it is handed (--input-ipc-client), so nothing waits for its
    # socket file to appear.
    process = subprocess.Popen(
        [MPV, "--no-config", "--idle=no", "--vo=null", "--ao=null", "--no-terminal",
         f"--input-ipc-client=fd://{mpvs.fileno()}", "av://lavfi:sine=frequency=440:duration=3"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, pass_fds=(mpvs.fileno(),))
    mpvs.close()
    try:
        with ours, httpx.Client(transport=httpx.MockTransport(api)) as client:
            follow_connection(ours, Delivery(CaptureSender(client, URL),
                                             CaptureQueue(tmp_path / "queue"), time.time))
    finally:
        process.kill()
        process.wait(timeout=10)
    kinds = [e["event"] for e in taken]
    assert kinds[0] == "start" and kinds[-1] == "stop", taken
    assert taken[-1].get("position_seconds", 0) > 1.0, taken
    assert len({e["session_id"] for e in taken}) == 1
