"""End to end on AWS's DynamoDB Local: ``immersion-tracker serve`` with ``dynamodb://<table>``."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest

from storage.dynamodb import create_table
from tests.fakes.providers import ProviderFake
from tests.support.api_server import RunningApi, running_api
from tests.support.aws_environment import FAKE_REGION

pytestmark = [pytest.mark.e2e, pytest.mark.dynamodb_local]


def aws_env(endpoint: str) -> dict[str, str]:
    return {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": FAKE_REGION,
        "AWS_REGION": FAKE_REGION,
        "AWS_ENDPOINT_URL_DYNAMODB": endpoint,
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    }


@pytest.fixture
def api(tmp_path: Path, dynamodb_local_endpoint: str) -> Iterator[RunningApi]:
    table = f"tracker-{uuid.uuid4().hex[:8]}"
    client = boto3.client(
        "dynamodb",
        endpoint_url=dynamodb_local_endpoint,
        region_name=FAKE_REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    create_table(client, table)
    with ProviderFake() as providers:
        env = {
            **providers.environment(),
            **aws_env(dynamodb_local_endpoint),
            "IMMERSION_TRACKER_STORAGE": f"dynamodb://{table}",
        }
        with running_api(tmp_path, env) as running:
            yield running


def test_a_whole_session_on_dynamodb_local(api: RunningApi) -> None:
    with api.client() as http:
        episodes = [
            {"folder_name": "ハイキュー!! [1080p]", "file_name": f"第{n}話 #1 [*?]"}
            for n in range(1, 31)
        ]
        assert http.post("/sync", json={"episodes": episodes}).json() == {"episodes_added": 30}
        assert http.post("/sync", json={"episodes": episodes}).json() == {"episodes_added": 0}
        assert (
            http.put(
                "/show", json={"folder_name": "ハイキュー!! [1080p]", "tvdb_id": 270065}
            ).json()
            == {}
        )
        assert http.post(
            "/syncyoutube", json={"video_ids": ["9bZkp7q19f0", "kJQP7kiw5Fk"]}
        ).json() == {"videos_added": 2}
        assert http.post(
            "/syncspotify", json={"episode_ids": ["4qjerzMw8jfD30VOG0tjpK"]}
        ).json() == {"episodes_added": 1}
        assert http.post(
            "/syncmovies", json={"movies": [{"file_name": "suzume", "tvdb_id": 331904}]}
        ).json() == {"movies_added": 1}
        failed = http.post("/syncyoutube", json={"video_ids": ["zzzzzzzzzzz"]})
        assert failed.status_code == 422
        progress = http.get("/progress").json()
        shows = http.get("/shows").json()["shows"]
    assert shows == [
        {
            "folder_name": "ハイキュー!! [1080p]",
            "tvdb_id": 270065,
            "tvdb_name": "ハイキュー!!",
            "tvdb_image": shows[0]["tvdb_image"],
        }
    ]
    assert progress["total_episodes_watched"] == 30
    assert progress["shows"][0]["episodes_watched"] == 30
    # 30 x 24 min + 252 s + 226 s + 388 s + 122 min = 51,386 s: summed exactly, floored once.
    assert progress["total_hours_watched"] == 51_386 // 3600
    assert progress["daily_activity"][-1]["minutes_watched"] == 51_386 // 60
