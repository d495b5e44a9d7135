"""Opening the store that ``IMMERSION_TRACKER_STORAGE`` names; the default SQLite path (no I/O)."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from storage.repository import EpochClock, ItemRepository, system_epoch_clock

STORAGE_VARIABLE = "IMMERSION_TRACKER_STORAGE"
ACCEPTED_FORMS = "sqlite:///<absolute path>, dynamodb://<table name> or memory:// (kept until exit)"
_SQLITE_SCHEME = "sqlite:///"
_DYNAMODB_SCHEME = "dynamodb://"
_MEMORY_URL = "memory://"
_APP_DIRECTORY = "immersion-tracker"
_DATABASE_FILE = "tracker.sqlite3"
_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:[/\\]")


class StoreMissing(ValueError):
    """A store that must exist (one to read from) is not there; nothing was created."""


def _refuse(url: str, why: str) -> ValueError:
    return ValueError(f"{STORAGE_VARIABLE}={url!r} {why}; use {ACCEPTED_FORMS}")


def open_repository(
    url: str, clock: EpochClock = system_epoch_clock, *, existing: bool = False
) -> ItemRepository:
    """The repository a storage URL names (the SQLite file is created on first use).

    ``clock`` decides when items with a TTL expire; it is the service's clock. An
    ``existing`` store (one to read from) is never created: a SQLite file that is not there
    is :class:`StoreMissing` naming it, and its folder is left alone.
    """
    if url == _MEMORY_URL:
        from storage.memory import InMemoryItemRepository

        return InMemoryItemRepository(clock=clock)
    if url.startswith(_SQLITE_SCHEME):
        path = url[len(_SQLITE_SCHEME) :]
        absolute = path.startswith("/") or _WINDOWS_DRIVE.match(path) is not None
        if not absolute or path.endswith(("/", "\\")):
            raise _refuse(url, "needs an absolute file path")
        # Imported here so a DynamoDB deployment never loads the other adapter, and back.
        from storage.sqlite import SQLiteItemRepository

        if existing and not Path(path).is_file():
            raise StoreMissing(f"there is no SQLite file at {path}")
        return SQLiteItemRepository(path, clock=clock, create=not existing)
    if url.startswith(_DYNAMODB_SCHEME):
        table = url[len(_DYNAMODB_SCHEME) :]
        if not _is_table_name(table):
            raise _refuse(url, "needs a table name (3-255 of A-Z a-z 0-9 _ - .)")
        from storage.dynamodb import DynamoDBItemRepository

        return DynamoDBItemRepository(table, clock=clock)
    raise _refuse(url, "is not a storage URL")


def _is_table_name(name: str) -> bool:
    allowed = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.")
    return 3 <= len(name) <= 255 and set(name) <= allowed


def default_sqlite_path() -> Path:
    """Where the embedded store lives when no storage URL is given: the user's data folder."""
    return _user_data_directory() / _APP_DIRECTORY / _DATABASE_FILE


def default_storage_url() -> str:
    """The storage URL of the default SQLite file."""
    return _SQLITE_SCHEME + default_sqlite_path().as_posix()


def _user_data_directory() -> Path:
    home = Path.home()
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA")
        return Path(local) if local else home / "AppData" / "Local"
    if sys.platform == "darwin":
        return home / "Library" / "Application Support"
    xdg = os.environ.get("XDG_DATA_HOME")
    # The XDG spec says a relative value is invalid and must be ignored.
    if xdg and Path(xdg).is_absolute():
        return Path(xdg)
    return home / ".local" / "share"
