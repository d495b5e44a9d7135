"""Copying a whole store between SQLite and DynamoDB Local, killed and resumed (does I/O)."""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

import pytest

from storage.dynamodb import DynamoDBItemRepository
from storage.migrate import copy_all, differences
from storage.repository import Item, ItemRepository
from storage.sqlite import SQLiteItemRepository
from tests.integration.storage.samples import AWKWARD_NAMES, every_kind, plain_item


class Killed(Exception):
    """Stands for the process dying at that point."""


class DyingStore:
    """A real store that dies after its ``writes_left``-th batch write lands."""

    def __init__(self, store: ItemRepository, writes_left: int) -> None:
        self.store = store
        self.writes_left = writes_left

    def __getattr__(self, name: str) -> object:
        return getattr(self.store, name)

    def put_many_if_absent(self, items: Sequence[Item]) -> set[tuple[str, str]]:
        created = self.store.put_many_if_absent(items)
        self.writes_left -= 1
        if self.writes_left == 0:
            raise Killed  # after the write, before the checkpoint: the worst moment
        return created


def fill(store: ItemRepository) -> list[Item]:
    items = [model.to_item() for name in AWKWARD_NAMES for model in every_kind(name, name)]
    items += [plain_item(f"USER#u{n % 7}", f"LOG#{n:05d}", duration=n) for n in range(450)]
    items += [plain_item("ACCOUNTS", "ACCOUNT#u1", user="u1", password_hash="scrypt$x")]
    store.put_many_if_absent(items)
    return items


def everything(store: ItemRepository) -> list[Item]:
    return sorted(store.scan(), key=lambda item: (item["pk"], item["sk"]))


@pytest.mark.dynamodb_local
def test_sqlite_to_dynamodb_and_back_is_equal(
    sqlite_repository: SQLiteItemRepository,
    dynamodb_local_repository: DynamoDBItemRepository,
    tmp_path: Path,
) -> None:
    fill(sqlite_repository)
    first = copy_all(sqlite_repository, dynamodb_local_repository, tmp_path / "a.json")
    assert first.copied == first.created == len(everything(sqlite_repository))
    assert differences(sqlite_repository, dynamodb_local_repository) == []
    with SQLiteItemRepository(tmp_path / "back.sqlite3") as back:
        copy_all(dynamodb_local_repository, back, tmp_path / "b.json")
        assert everything(back) == everything(sqlite_repository)
    again = copy_all(sqlite_repository, dynamodb_local_repository, tmp_path / "a.json")
    assert again.created == 0
    assert not (tmp_path / "a.json").exists()


@pytest.mark.parametrize("seed", range(3))
def test_a_copy_killed_anywhere_resumes_to_the_same_store(
    sqlite_repository: SQLiteItemRepository, tmp_path: Path, seed: int
) -> None:
    fill(sqlite_repository)
    checkpoint = tmp_path / "copy.json"
    with SQLiteItemRepository(tmp_path / "target.sqlite3") as target:
        rng = random.Random(seed)
        kills = 0
        for _ in range(100):
            dying = DyingStore(target, rng.randint(1, 3))
            try:
                copy_all(sqlite_repository, dying, checkpoint)  # type: ignore[arg-type]
                break
            except Killed:
                kills += 1
        assert kills >= 1
        assert everything(target) == everything(sqlite_repository)
        assert differences(sqlite_repository, target) == []


def test_differences_name_the_partition_and_kind(
    sqlite_repository: SQLiteItemRepository, tmp_path: Path
) -> None:
    fill(sqlite_repository)
    with SQLiteItemRepository(tmp_path / "target.sqlite3") as target:
        copy_all(sqlite_repository, target, tmp_path / "c.json")
        target.delete("USER#u3", "LOG#00003")
        assert differences(sqlite_repository, target) == [
            "USER#u3 LOG: 64 in the source, 63 in the target"
        ]


def test_differences_find_an_item_of_other_content(
    sqlite_repository: SQLiteItemRepository, tmp_path: Path
) -> None:
    # A target holding an older copy of an item: the copy never overwrites it, and the
    # counts agree.
    fill(sqlite_repository)
    with SQLiteItemRepository(tmp_path / "target.sqlite3") as target:
        target.put(plain_item("USER#u3", "LOG#00003", duration=999))
        copy_all(sqlite_repository, target, tmp_path / "c.json")
        assert differences(sqlite_repository, target) == [
            "USER#u3 LOG: 64 in each store, but their contents differ"
        ]
        target.put(plain_item("USER#u3", "LOG#00003", duration=3))
        assert differences(sqlite_repository, target) == []


def test_a_checkpoint_of_a_deleted_target_starts_the_copy_over(
    sqlite_repository: SQLiteItemRepository, tmp_path: Path
) -> None:
    fill(sqlite_repository)
    checkpoint = tmp_path / "copy.json"
    with SQLiteItemRepository(tmp_path / "first.sqlite3") as first, pytest.raises(Killed):
        copy_all(sqlite_repository, DyingStore(first, 3), checkpoint)  # type: ignore[arg-type]
    assert checkpoint.exists()
    for leftover in tmp_path.glob("first.sqlite3*"):
        leftover.unlink()
    with SQLiteItemRepository(tmp_path / "first.sqlite3") as fresh:
        done = copy_all(sqlite_repository, fresh, checkpoint)
        assert done.created == done.copied == len(everything(sqlite_repository))
        assert everything(fresh) == everything(sqlite_repository)
        assert differences(sqlite_repository, fresh) == []
