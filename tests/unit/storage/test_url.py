"""Choosing the store from its URL, and where the default SQLite file lives (touches tmp only)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from storage.dynamodb import DynamoDBItemRepository
from storage.memory import InMemoryItemRepository
from storage.url import STORAGE_VARIABLE, default_sqlite_path, default_storage_url, open_repository
from tests.support.aws_environment import use_fake_aws_environment


def test_dynamodb_url_names_the_table(monkeypatch: pytest.MonkeyPatch) -> None:
    use_fake_aws_environment(monkeypatch)
    repository = open_repository("dynamodb://immersion-tracker.prod_1")
    assert isinstance(repository, DynamoDBItemRepository)


def test_memory_url_opens_a_fresh_store_each_time() -> None:
    first = open_repository("memory://", clock=lambda: 100.0)
    assert isinstance(first, InMemoryItemRepository)
    first.put({"pk": "USER#a", "sk": "CODE", "expires_at": 100, "version": 1})
    assert first.get("USER#a", "CODE") is None  # expired by the clock it was given
    first.put({"pk": "USER#a", "sk": "SHOW#x", "version": 1})
    assert open_repository("memory://").get("USER#a", "SHOW#x") is None


@pytest.mark.parametrize(
    "url",
    [
        "",
        "memory://name",
        "tracker.sqlite3",
        "sqlite:///relative/file.sqlite3",
        "sqlite:///",
        "sqlite:////tmp/folder/",
        "sqlite://host/file",
        "dynamodb://",
        "dynamodb://ab",
        "dynamodb://bad/name",
        "dynamodb://名前のテーブル",
        "postgres://localhost/db",
    ],
)
def test_a_bad_url_is_refused_in_one_line_naming_the_variable(url: str) -> None:
    with pytest.raises(ValueError) as refused:  # noqa: PT011 - the message is checked below
        open_repository(url)
    message = str(refused.value)
    assert STORAGE_VARIABLE in message
    assert "sqlite:///" in message
    assert "dynamodb://" in message
    assert "memory://" in message
    assert "\n" not in message


def test_default_path_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    expected = tmp_path / "data" / "immersion-tracker" / "tracker.sqlite3"
    assert default_sqlite_path() == expected
    assert default_storage_url() == f"sqlite:///{expected}"


def test_default_path_without_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("HOME", str(tmp_path))
    for xdg in (None, "relative/data"):
        if xdg is None:
            monkeypatch.delenv("XDG_DATA_HOME", raising=False)
        else:
            monkeypatch.setenv("XDG_DATA_HOME", xdg)
        expected = tmp_path / ".local" / "share" / "immersion-tracker" / "tracker.sqlite3"
        assert default_sqlite_path() == expected


def test_default_path_on_macos_and_windows(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(sys, "platform", "darwin")
    support = tmp_path / "Library" / "Application Support" / "immersion-tracker"
    assert default_sqlite_path() == support / "tracker.sqlite3"
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "Local"))
    local = tmp_path / "Local" / "immersion-tracker"
    assert default_sqlite_path() == local / "tracker.sqlite3"
