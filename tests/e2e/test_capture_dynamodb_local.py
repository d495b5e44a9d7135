"""Capture end to end on AWS's DynamoDB Local: sessions, entries, ignored ones, revocation."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import boto3
import httpx
import pytest

from storage.dynamodb import create_table
from tests.e2e.test_api_dynamodb_local import aws_env
from tests.support.api_server import RunningApi, running_api
from tests.support.aws_environment import FAKE_REGION

pytestmark = [pytest.mark.e2e, pytest.mark.dynamodb_local]


@pytest.fixture
def api(tmp_path: Path, dynamodb_local_endpoint: str) -> Iterator[RunningApi]:
    table = f"capture-{uuid.uuid4().hex[:8]}"
    client = boto3.client("dynamodb", endpoint_url=dynamodb_local_endpoint,
                          region_name=FAKE_REGION, aws_access_key_id="testing",
                          aws_secret_access_key="testing")
    create_table(client, table)
    env = {**aws_env(dynamodb_local_endpoint), "IMMERSION_TRACKER_STORAGE": f"dynamodb://{table}"}
    with running_api(tmp_path, env) as running:
        yield running


def test_capture_on_dynamodb_local(api: RunningApi) -> None:
    now = time.time()
    with api.client() as http:
        assert http.put("/settings", json={"languages": ["ja"]}).status_code == 200
        made = http.post("/integrations", json={"name": "mpv", "source": "generic"}).json()
    url = made["capture_url"]
    with httpx.Client(timeout=30) as player:
        for session, language in (("ja-1", "jpn"), ("en-1", "eng")):
            for event, ago, position in (("start", 700, 0), ("progress", 400, 300.5),
                                         ("pause", 390, 310), ("stop", 100, 310)):
                body = {"session_id": session, "event": event, "position_seconds": position,
                        "duration_seconds": 1440.0, "at": now - ago, "kind": "movie",
                        "title": f"Film {session}", "audio_language": language}
                answer = player.post(url, json=body)
                assert answer.status_code == 202, answer.text
        # Played to 95 %: the session's log becomes a movie in one transaction with it.
        for event, ago, position in (("start", 1500, 0), ("progress", 800, 700),
                                     ("stop", 100, 1400)):
            body = {"session_id": "ja-2", "event": event, "position_seconds": position,
                    "duration_seconds": 1440.0, "at": now - ago, "kind": "movie",
                    "title": "Film ja-2", "audio_language": "jpn"}
            assert player.post(url, json=body).status_code == 202
    with api.client() as http:
        entries = http.get("/history").json()["entries"]
        assert [(e["kind"], e["title"], round(e["minutes"] * 60)) for e in entries] == [
            ("log", "Film ja-1", 310), ("movie", "Film ja-2", 1440)]
        assert http.get("/progress").json()["total_movies_watched"] == 1
        [ignored] = http.get("/captures", params={"state": "ignored"}).json()["captures"]
        accepted = http.post(f"/captures/{ignored['id']}/accept").json()
        assert accepted["state"] == "closed" and accepted["counted_seconds"] == 310
        assert len(http.get("/history").json()["entries"]) == 3
        assert http.delete(f"/integrations/{made['id']}").status_code == 204
    with httpx.Client(timeout=30) as player:
        assert player.post(url, json=body).status_code == 401


def test_autoplay_and_a_replaced_session_on_dynamodb_local(api: RunningApi) -> None:
    """The writes an event makes without reading them: the previous session closed by an
    Add, the replaced one moved under its id, the token's use."""
    now = time.time()
    with api.client() as http:
        made = http.post("/integrations", json={"name": "tv", "source": "jellyfin"}).json()

    def at(ago: float) -> str:
        return time.strftime("%Y-%m-%dT%H:%M:%S.0000000Z", time.gmtime(now - ago))

    base = {"DeviceId": "tv", "ItemType": "Episode", "SeriesName": "Free!",
            "SeasonNumber": "1", "RunTimeTicks": "14400000000", "IsPaused": "False"}
    steps = [("PlaybackStart", "e3", "3", 0, 3000), ("PlaybackProgress", "e3", "3", 300, 2700),
             ("PlaybackStart", "e4", "4", 0, 2690), ("PlaybackProgress", "e4", "4", 120, 2570),
             # e3 again after e4 went quiet for 30 minutes: a new session replaces the first.
             ("PlaybackStart", "e3", "3", 0, 600), ("PlaybackProgress", "e3", "3", 200, 400)]
    with httpx.Client(timeout=30) as player:
        for kind, item, number, position, ago in steps:
            body = {**base, "NotificationType": kind, "ItemId": item, "EpisodeNumber": number,
                    "PlaybackPositionTicks": str(position * 10_000_000), "UtcTimestamp": at(ago)}
            assert player.post(made["capture_url"], json=body).status_code == 202
    with api.client() as http:
        captures = http.get("/captures").json()["captures"]
        assert sorted((c["title"], c["state"], c["counted_seconds"]) for c in captures) == [
            ("Free! S1E3", "closed", 300), ("Free! S1E3", "open", 200),
            ("Free! S1E4", "closed", 120)]
        [listed] = http.get("/integrations").json()
        assert listed["sessions"] == 3
        entries = http.get("/history").json()["entries"]
        assert sorted(round(e["minutes"] * 60) for e in entries) == [120, 200, 300]


def test_an_episode_of_a_show_marked_anime_on_dynamodb_local(api: RunningApi) -> None:
    """The show record read in the event's one batch (another partition than the
    session's): the log is anime, and the episode it becomes weighs the show's runtime and
    counts as anime too (the user marked the show through ``PUT /show``)."""
    env = api.env
    table = boto3.resource(
        "dynamodb", endpoint_url=env["AWS_ENDPOINT_URL_DYNAMODB"], region_name=FAKE_REGION,
        aws_access_key_id="testing", aws_secret_access_key="testing",
    ).Table(env["IMMERSION_TRACKER_STORAGE"].removeprefix("dynamodb://"))
    table.put_item(Item={"pk": "USER#alice", "sk": "SHOW#Free!", "user": "alice",
                         "folder_name": "Free!", "tvdb_average_runtime": 1500, "version": 1})
    now = time.time()
    with api.client() as http:
        marked = http.put("/show", json={"folder_name": "Free!", "activity": "anime"})
        assert (marked.status_code, marked.json()) == (200, {})
        made = http.post("/integrations", json={"name": "mpv", "source": "generic"}).json()
    seen: list[list[tuple[str, str | None, int]]] = []
    with httpx.Client(timeout=30) as player, api.client() as http:
        for event, ago, position in (("start", 1500, 0), ("progress", 1380, 120),
                                     ("stop", 100, 1400)):
            body = {"session_id": "ep-1", "event": event, "position_seconds": position,
                    "duration_seconds": 1440.0, "at": now - ago, "kind": "episode",
                    "series": "Free!", "season": 1, "episode": 1, "title": "Episode 1"}
            assert player.post(made["capture_url"], json=body).status_code == 202
            seen.append([(e["kind"], e.get("activity"), round(e["minutes"]))
                         for e in http.get("/history").json()["entries"]])
    assert seen == [[], [("log", "anime", 2)], [("episode", "anime", 25)]]
