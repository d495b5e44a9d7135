"""Fixtures giving the contract tests one repository per storage adapter (does I/O).

Every adapter reads the same settable clock, so tests decide when items expire.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from moto import mock_aws

from storage.backoff import Backoff
from storage.dynamodb import DynamoDBItemRepository, create_table
from storage.memory import InMemoryItemRepository
from storage.repository import ItemRepository
from storage.sqlite import SQLiteItemRepository
from tests.support.aws_environment import FAKE_REGION, use_fake_aws_environment

ADAPTERS = [
    pytest.param("memory", id="memory"),
    pytest.param("sqlite", id="sqlite"),
    pytest.param("moto", id="moto"),
    pytest.param("dynamodb_local", id="dynamodb_local", marks=pytest.mark.dynamodb_local),
]
CONCURRENT_ADAPTERS = [param for param in ADAPTERS if param.id != "moto"]
"""Moto's in-memory tables are not thread-safe, so races are run on the real stores only."""
TABLE = "immersion-tracker-test"
START_EPOCH = 1_700_000_000.0


class SettableClock:
    """Epoch seconds that move only when a test moves them."""

    def __init__(self, now: float = START_EPOCH) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> SettableClock:
    return SettableClock()


@pytest.fixture
def memory_repository(clock: SettableClock) -> InMemoryItemRepository:
    return InMemoryItemRepository(clock=clock)


@pytest.fixture
def sqlite_repository(tmp_path: Path, clock: SettableClock) -> Iterator[SQLiteItemRepository]:
    path = tmp_path / "store" / "tracker.sqlite3"
    with SQLiteItemRepository(path, clock=clock) as repository:
        yield repository


@pytest.fixture(params=ADAPTERS)
def repository(request: pytest.FixtureRequest) -> ItemRepository:
    """The same contract, once per adapter."""
    adapter: ItemRepository = request.getfixturevalue(f"{request.param}_repository")
    return adapter


@pytest.fixture
def moto_repository(
    monkeypatch: pytest.MonkeyPatch, clock: SettableClock
) -> Iterator[DynamoDBItemRepository]:
    use_fake_aws_environment(monkeypatch)
    with mock_aws():
        client = boto3.client("dynamodb")
        create_table(client, TABLE)
        # Moto never throttles; a no-op sleep keeps any retry instant.
        backoff = Backoff(sleep=lambda _: None)
        yield DynamoDBItemRepository(TABLE, client, backoff=backoff, clock=clock)


@pytest.fixture(params=CONCURRENT_ADAPTERS)
def concurrent_repository(request: pytest.FixtureRequest) -> ItemRepository:
    """The adapters whose store can be shared by racing threads."""
    adapter: ItemRepository = request.getfixturevalue(f"{request.param}_repository")
    return adapter


@pytest.fixture
def dynamodb_local_repository(
    dynamodb_local_endpoint: str, monkeypatch: pytest.MonkeyPatch, clock: SettableClock
) -> Iterator[DynamoDBItemRepository]:
    """A fresh table per test in the run's DynamoDB Local (``tests/conftest.py``)."""
    use_fake_aws_environment(monkeypatch, endpoint_url=dynamodb_local_endpoint)
    client = boto3.client("dynamodb", endpoint_url=dynamodb_local_endpoint, region_name=FAKE_REGION)
    table = f"test-{uuid.uuid4().hex}"
    create_table(client, table)
    yield DynamoDBItemRepository(table, client, clock=clock)
    client.delete_table(TableName=table)
