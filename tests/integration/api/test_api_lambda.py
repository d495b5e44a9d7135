"""The API and authorizer Lambda entries, invoked with complete recorded API Gateway events."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws

from handlers.aws import api_lambda, authorizer
from handlers.aws.secret import load_service_secret
from handlers.service.accounts.credentials import AccountStore
from handlers.service.accounts.passwords import hash_password
from storage.sqlite import SQLiteItemRepository
from tests.fakes.providers import ProviderFake

EVENTS = Path(__file__).resolve().parents[2] / "events"


def event(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((EVENTS / f"{name}.json").read_text("utf-8"))
    return loaded


@pytest.fixture(scope="module")
def providers() -> Iterator[ProviderFake]:
    with ProviderFake() as fake:
        yield fake


@pytest.fixture
def lambda_env(
    tmp_path: Path, providers: ProviderFake, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    db = tmp_path / "tracker.sqlite3"
    monkeypatch.setenv("IMMERSION_TRACKER_STORAGE", f"sqlite:///{db}")
    monkeypatch.setenv("IMMERSION_TRACKER_WEB_ORIGIN", "https://immersion.example.com")
    monkeypatch.delenv("IMMERSION_TRACKER_SECRET_ID", raising=False)
    for name, value in providers.environment().items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(api_lambda, "_wired", None)
    monkeypatch.setattr(authorizer, "_authenticator", None)
    load_service_secret.cache_clear()
    yield db
    if api_lambda._wired is not None:
        api_lambda._wired.service.close()


def invoke(name: str, **changes: Any) -> tuple[int, dict[str, str], Any]:
    ev = event(name)
    ev.update(changes)
    result = api_lambda.lambda_handler(ev, None)
    assert set(result) == {"statusCode", "headers", "body", "isBase64Encoded"}
    return result["statusCode"], result["headers"], json.loads(result["body"])


def test_progress_of_a_new_user_has_the_contract_shape(lambda_env: Path) -> None:
    status, headers, body = invoke("api_get_progress")
    assert status == 200
    assert headers["Content-Type"] == "application/json; charset=utf-8"
    assert headers["Access-Control-Allow-Origin"] == "https://immersion.example.com"
    assert list(body)[:3] == [
        "total_episodes_watched",
        "total_movies_watched",
        "total_hours_watched",
    ]
    assert len(body["daily_activity"]) == 7 and len(body["all_time_progress"]) == 1


def test_old_clients_user_parameter(lambda_env: Path) -> None:
    assert invoke("api_get_progress_old_client_user_param")[0] == 200
    status, _, body = invoke("api_get_progress_other_user_param")
    assert status == 403 and body["message"]


def test_sync_then_show_then_progress_through_the_lambda(lambda_env: Path) -> None:
    status, _, body = invoke("api_post_sync")
    assert (status, body) == (200, {"episodes_added": 2})
    assert invoke("api_post_sync")[2] == {"episodes_added": 0}
    assert invoke("api_put_show") == (200, invoke("api_put_show")[1], {})
    _, _, shows = invoke("api_get_shows")
    assert shows["shows"][0] == {
        "folder_name": "Free! [1080p]",
        "tvdb_id": None,
        "tvdb_name": None,
        "tvdb_image": None,
    }
    assert shows["shows"][1]["tvdb_name"] == "ハイキュー!!"
    _, _, progress = invoke("api_get_progress")
    assert progress["total_episodes_watched"] == 2
    assert progress["shows"][0]["name"] == "ハイキュー!!"


def test_base64_body_tmdb_movie_and_spotify_backfill(lambda_env: Path) -> None:
    assert invoke("api_post_syncyoutube_base64")[2] == {"videos_added": 2}
    assert invoke("api_post_syncmovies_tmdb")[2] == {"movies_added": 1}
    status, _, body = invoke("api_post_syncspotify_backfill")
    assert status == 200 and body["episodes_added"] >= 1


def test_malformed_body_is_a_400_naming_the_problem(lambda_env: Path) -> None:
    status, _, body = invoke("api_post_sync_malformed")
    assert status == 400 and "JSON" in body["message"]
    ev = event("api_post_sync")
    ev["body"] = json.dumps({"episodes": [{"folder_name": 5, "file_name": "x"}]})
    result = api_lambda.lambda_handler(ev, None)
    assert result["statusCode"] == 400
    assert "episodes.0.folder_name" in json.loads(result["body"])["message"]


def test_options_and_openapi_need_no_credentials(lambda_env: Path) -> None:
    status, headers, _ = invoke("api_options_sync")
    assert status == 200
    assert headers["Access-Control-Allow-Methods"] == "GET,POST,PUT,OPTIONS"
    assert headers["Access-Control-Allow-Headers"] == "Authorization,Content-Type"
    status, _, document = invoke("api_get_openapi")
    assert status == 200 and "/syncspotify" in document["paths"]


def test_no_authorizer_and_no_header_is_401_with_basic_challenge(lambda_env: Path) -> None:
    ev = event("api_get_progress")
    ev["requestContext"].pop("authorizer")
    ev["headers"].pop("Authorization")
    result = api_lambda.lambda_handler(ev, None)
    assert result["statusCode"] == 401
    assert result["headers"]["WWW-Authenticate"].startswith("Basic")
    assert json.loads(result["body"]) == {"message": "Unauthorized"}


def test_the_container_keeps_one_service_between_invocations(lambda_env: Path) -> None:
    invoke("api_get_progress")
    first = api_lambda._wired
    invoke("api_get_shows")
    assert api_lambda._wired is first is not None


@pytest.fixture
def secret_env(lambda_env: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "ap-southeast-2")
    with mock_aws():
        boto3.client("secretsmanager").create_secret(
            Name="immersion-tracker",
            SecretString=json.dumps(
                {
                    "users": [
                        {"user": "alice", "password": "secret:pass"},
                        {"user": "carol", "password_hash": hash_password("carol's password")},
                    ],
                    "tvdb_api_key": "x",
                }
            ),
        )
        monkeypatch.setenv("IMMERSION_TRACKER_SECRET_ID", "immersion-tracker")
        load_service_secret.cache_clear()
        yield
    load_service_secret.cache_clear()


def authorize(header: str | None) -> dict[str, Any]:
    ev = event("authorizer_request")
    if header is None:
        ev["headers"].pop("Authorization")
    else:
        ev["headers"]["Authorization"] = header
    return authorizer.lambda_handler(ev, None)


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def test_authorizer_reads_the_first_generation_secret_and_hashed_users(secret_env: None) -> None:
    allowed = authorize(basic("alice", "secret:pass"))
    assert allowed["principalId"] == "alice"
    statement = allowed["policyDocument"]["Statement"][0]
    assert statement["Effect"] == "Allow" and statement["Action"] == "execute-api:Invoke"
    assert (
        statement["Resource"] == "arn:aws:execute-api:ap-southeast-2:123456789012:x1y2z3w4v5/prod/*"
    )
    assert (
        authorize(basic("carol", "carol's password"))["policyDocument"]["Statement"][0]["Effect"]
        == "Allow"
    )
    assert authorize(basic("alice", "wrong"))["policyDocument"]["Statement"][0]["Effect"] == "Deny"
    assert (
        authorize(basic("mallory", "secret:pass"))["policyDocument"]["Statement"][0]["Effect"]
        == "Deny"
    )
    assert authorize("Digest abc")["policyDocument"]["Statement"][0]["Effect"] == "Deny"
    with pytest.raises(Exception, match=r"^Unauthorized$"):
        authorize(None)


def test_authorizer_accepts_accounts_created_in_the_store(
    secret_env: None, lambda_env: Path
) -> None:
    repo = SQLiteItemRepository(lambda_env)
    AccountStore(repo).add("dave", "dave's long password")
    repo.close()
    assert authorize(basic("dave", "dave's long password"))["principalId"] == "dave"
