"""End to end over ``serve``: a player's token, its events, then /progress and /history."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.api_server import RunningApi, running_api

pytestmark = pytest.mark.e2e
EVENTS = Path(__file__).parents[1] / "events" / "capture"


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApi]:
    with running_api(tmp_path_factory.mktemp("capture"), {}) as running:
        yield running


def _connect(http: httpx.Client, source: str) -> str:
    made = http.post("/integrations", json={"name": f"home {source}", "source": source})
    assert made.status_code == 201, made.text
    url: str = made.json()["capture_url"]
    assert url.startswith(str(http.base_url).rstrip("/") + f"/capture/{source}?token=itk_")
    return url


def _iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%S.1234567Z")


def _jellyfin(name: str, at: float, position: float) -> dict[str, Any]:
    body: dict[str, Any] = json.loads((EVENTS / f"{name}.json").read_text("utf-8"))
    return {**body, "UtcTimestamp": _iso(at), "PlaybackPositionTicks": str(int(position * 1e7))}


def test_a_jellyfin_and_a_generic_session_reach_progress_and_history(api: RunningApi) -> None:
    now = time.time()
    with api.client() as http:
        assert http.put("/settings", json={"languages": ["ja"]}).status_code == 200
        jellyfin_url = _connect(http, "jellyfin")
        generic_url = _connect(http, "generic")
    with httpx.Client(timeout=30) as player:
        for name, ago, position in (("jellyfin_playback_start", 1500, 0),
                                    ("jellyfin_playback_progress", 900, 600),
                                    ("jellyfin_playback_stop", 300, 1200)):
            sent = player.post(jellyfin_url, content=json.dumps(_jellyfin(name, now - ago,
                                                                            position)),
                               headers={"Content-Type": "text/plain; charset=utf-8"})
            assert sent.status_code == 202, sent.text
        assert sent.json()["state"] == "closed" and sent.json()["counted_seconds"] == 1200
        for event, ago, position in (("start", 700, 0), ("progress", 400, 300),
                                     ("stop", 100, 600)):
            body = {"session_id": "mpv-1", "event": event, "position_seconds": position,
                    "duration_seconds": 1440, "at": now - ago, "kind": "episode",
                    "series": "Free!", "season": 1, "episode": 1, "audio_language": "jpn",
                    "player": "mpv"}
            token = generic_url.split("token=")[1]
            sent = player.post(generic_url.split("?")[0], json=body,
                               headers={"Authorization": f"Bearer {token}"})
            assert sent.status_code == 202, sent.text
        other = {**body, "session_id": "mpv-2", "audio_language": "en", "event": "start"}
        assert player.post(generic_url, json=other).json()["state"] == "ignored"
        refused = player.post(generic_url.replace("itk_", "itk_x"), json=body)
        assert refused.status_code == 401
    with api.client() as http:
        entries = http.get("/history").json()["entries"]
        # Jellyfin said PlayedToCompletion: the episode, weighed by the runtime the player
        # reported (this server has no TVDB key), instead of its 20 minutes' log.
        assert sorted((e["kind"], e["title"], e["minutes"]) for e in entries) == [
            ("episode", "S01E03", 24), ("log", "Free!", 10)]
        progress = http.get("/progress").json()
        assert (progress["total_minutes"], progress["total_episodes_watched"]) == (34, 1)
        ignored = http.get("/captures", params={"state": "ignored"}).json()["captures"]
        assert [c["reason"].startswith("Audio en") for c in ignored] == [True]
        listed = http.get("/integrations").json()
        assert {i["source"]: i["sessions"] for i in listed} == {"jellyfin": 1, "generic": 2}
        # The capture token opens nothing else.
        token = jellyfin_url.split("token=")[1]
    with httpx.Client(base_url=api.base_url) as stranger:
        answer = stranger.get("/history", headers={"Authorization": f"Bearer {token}"})
        assert answer.status_code == 401


def test_a_plex_multipart_with_a_large_thumbnail_is_read(api: RunningApi) -> None:
    with api.client() as http:
        url = _connect(http, "plex")
    payload = json.loads((EVENTS / "plex_media_play.json").read_text("utf-8"))
    files: dict[str, Any] = {"payload": (None, json.dumps(payload), "application/json"),
             "thumb": ("thumb.jpg", b"\xff\xd8" + b"\x00" * 3_000_000, "image/jpeg")}
    with httpx.Client(timeout=30) as player:
        answer = player.post(url, files=files)
        assert answer.status_code == 202, answer.text
        assert answer.json()["state"] == "open"
        too_large: dict[str, Any] = {"payload": (None, json.dumps(payload), "application/json"),
                     "thumb": ("thumb.jpg", b"\x00" * (11 * 1024 * 1024), "image/jpeg")}
        assert player.post(url, files=too_large).status_code == 413
