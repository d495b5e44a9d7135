"""Fixtures giving the contract tests one repository per storage adapter (does I/O)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from storage.repository import ItemRepository
from storage.sqlite import SQLiteItemRepository

ADAPTERS = [
    pytest.param("sqlite", id="sqlite"),
]


@pytest.fixture
def sqlite_repository(tmp_path: Path) -> Iterator[SQLiteItemRepository]:
    with SQLiteItemRepository(tmp_path / "store" / "tracker.sqlite3") as repository:
        yield repository


@pytest.fixture(params=ADAPTERS)
def repository(request: pytest.FixtureRequest) -> ItemRepository:
    """The same contract, once per adapter."""
    adapter: ItemRepository = request.getfixturevalue(f"{request.param}_repository")
    return adapter
