"""Fixtures giving the contract tests one repository per storage adapter (does I/O)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from moto import mock_aws

from storage.backoff import Backoff
from storage.dynamodb import DynamoDBItemRepository, create_table
from storage.repository import ItemRepository
from storage.sqlite import SQLiteItemRepository
from tests.support.aws_environment import FAKE_REGION, use_fake_aws_environment

ADAPTERS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("moto", id="moto"),
    pytest.param("dynamodb_local", id="dynamodb_local", marks=pytest.mark.dynamodb_local),
]
CONCURRENT_ADAPTERS = [param for param in ADAPTERS if param.id != "moto"]
"""Moto's in-memory tables are not thread-safe, so races are run on the real stores only."""
TABLE = "immersion-tracker-test"


@pytest.fixture
def sqlite_repository(tmp_path: Path) -> Iterator[SQLiteItemRepository]:
    with SQLiteItemRepository(tmp_path / "store" / "tracker.sqlite3") as repository:
        yield repository


@pytest.fixture(params=ADAPTERS)
def repository(request: pytest.FixtureRequest) -> ItemRepository:
    """The same contract, once per adapter."""
    adapter: ItemRepository = request.getfixturevalue(f"{request.param}_repository")
    return adapter


@pytest.fixture
def moto_repository(monkeypatch: pytest.MonkeyPatch) -> Iterator[DynamoDBItemRepository]:
    use_fake_aws_environment(monkeypatch)
    with mock_aws():
        client = boto3.client("dynamodb")
        create_table(client, TABLE)
        # Moto never throttles; a no-op sleep keeps any retry instant.
        yield DynamoDBItemRepository(TABLE, client, backoff=Backoff(sleep=lambda _: None))


@pytest.fixture(params=CONCURRENT_ADAPTERS)
def concurrent_repository(request: pytest.FixtureRequest) -> ItemRepository:
    """The adapters whose store can be shared by racing threads."""
    adapter: ItemRepository = request.getfixturevalue(f"{request.param}_repository")
    return adapter


@pytest.fixture
def dynamodb_local_repository(
    dynamodb_local_endpoint: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[DynamoDBItemRepository]:
    """A fresh table per test in the run's DynamoDB Local (``tests/conftest.py``)."""
    use_fake_aws_environment(monkeypatch, endpoint_url=dynamodb_local_endpoint)
    client = boto3.client("dynamodb", endpoint_url=dynamodb_local_endpoint, region_name=FAKE_REGION)
    table = f"test-{uuid.uuid4().hex}"
    create_table(client, table)
    yield DynamoDBItemRepository(table, client)
    client.delete_table(TableName=table)
