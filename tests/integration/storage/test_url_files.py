"""A sqlite:/// store URL opens its file, creating the folder (file I/O)."""

from __future__ import annotations

from pathlib import Path

from storage.sqlite import SQLiteItemRepository
from storage.url import open_repository


def test_sqlite_url_opens_the_file_creating_its_folder(tmp_path: Path) -> None:
    path = tmp_path / "new folder" / "tracker.sqlite3"
    repository = open_repository(f"sqlite:///{path}")
    assert isinstance(repository, SQLiteItemRepository)
    repository.put({"pk": "USER#a", "sk": "SHOW#x", "version": 1})
    repository.close()
    assert path.is_file()
