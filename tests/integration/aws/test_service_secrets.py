"""Reading the service secrets split per function, against moto's Secrets Manager (in-process)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from handlers.aws.secret import SecretUnreadable, load_service_secret
from tests.support.aws_environment import use_fake_aws_environment

USERS = {"users": [{"user": "alice", "password_hash": "scrypt$..."}]}
PROVIDERS = {"tvdb_api_key": "tvdb", "youtube_api_key": "yt"}
TELEGRAM = {"telegram_bot_token": "123:abc", "telegram_webhook_secret": "w" * 32}


@pytest.fixture
def secrets(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    use_fake_aws_environment(monkeypatch)
    load_service_secret.cache_clear()
    with mock_aws():
        client = boto3.client("secretsmanager")
        arns = {
            name: client.create_secret(Name=f"tracker/{name}", SecretString=json.dumps(value))[
                "ARN"
            ]
            for name, value in [("users", USERS), ("providers", PROVIDERS), ("telegram", TELEGRAM)]
        }
        yield arns
    load_service_secret.cache_clear()


def test_one_id_reads_one_secret(secrets: dict[str, str]) -> None:
    assert load_service_secret(secrets["users"]) == USERS


def test_several_ids_are_read_as_one_document(secrets: dict[str, str]) -> None:
    both = f"{secrets['users']},{secrets['providers']}"
    assert load_service_secret(both) == {**USERS, **PROVIDERS}


def test_a_function_sees_nothing_of_the_secrets_it_is_not_given(secrets: dict[str, str]) -> None:
    document: dict[str, Any] = load_service_secret(secrets["users"])
    assert not document.keys() & (PROVIDERS.keys() | TELEGRAM.keys())


def test_a_key_in_two_secrets_is_refused(secrets: dict[str, str]) -> None:
    boto3.client("secretsmanager").put_secret_value(
        SecretId=secrets["telegram"], SecretString=json.dumps({**TELEGRAM, **USERS})
    )
    with pytest.raises(SecretUnreadable, match="Two service secrets both hold 'users'"):
        load_service_secret(f"{secrets['users']},{secrets['telegram']}")


def test_no_id_reads_nothing() -> None:
    assert load_service_secret(None) == {} == load_service_secret(" , ")


def test_a_secret_without_a_value_fails_unless_it_may_be_unset(secrets: dict[str, str]) -> None:
    client = boto3.client("secretsmanager")
    unset = client.create_secret(Name="tracker/discord")["ARN"]  # created, never given a value
    both = f"{secrets['telegram']},{unset}"
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        load_service_secret(both)
    assert load_service_secret(both, unset_is_empty=True) == TELEGRAM
    client.put_secret_value(SecretId=unset, SecretString="  ")
    assert load_service_secret(both, unset_is_empty=True) == TELEGRAM
    # Something that is no JSON object is still refused: a mistake, not an unused secret.
    client.put_secret_value(SecretId=unset, SecretString="discord token")
    load_service_secret.cache_clear()
    with pytest.raises(SecretUnreadable):
        load_service_secret(both, unset_is_empty=True)
