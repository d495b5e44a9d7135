"""A sqlite:/// store URL opens its file, creating the folder (file I/O)."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.repository import StorageUnavailable
from storage.sqlite import SQLiteItemRepository
from storage.url import StoreMissing, open_repository


def test_sqlite_url_opens_the_file_creating_its_folder(tmp_path: Path) -> None:
    path = tmp_path / "new folder" / "tracker.sqlite3"
    repository = open_repository(f"sqlite:///{path}")
    assert isinstance(repository, SQLiteItemRepository)
    repository.put({"pk": "USER#a", "sk": "SHOW#x", "version": 1})
    repository.close()
    assert path.is_file()


def test_an_existing_store_is_opened_as_it_is_and_a_missing_one_never_made(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old folder" / "tracker.sqlite3"
    with pytest.raises(StoreMissing, match="there is no SQLite file at"):
        open_repository(f"sqlite:///{path}", existing=True)
    with pytest.raises(StorageUnavailable):  # the open itself never creates it either
        SQLiteItemRepository(path, create=False)
    assert not path.parent.exists()
    with open_repository(f"sqlite:///{path}") as made:  # type: ignore[attr-defined]
        made.put({"pk": "USER#a", "sk": "SHOW#x", "version": 1})
    with SQLiteItemRepository(path, create=False) as kept:
        assert kept.get("USER#a", "SHOW#x") is not None
