"""Reads of many keys across partitions and unconditional batches of writes, on every adapter."""

from __future__ import annotations

import pytest

from storage.limits import ITEM_MAX_BYTES
from storage.repository import TTL_ATTRIBUTE, InvalidItem, ItemRepository
from tests.integration.storage.conftest import SettableClock
from tests.integration.storage.samples import AWKWARD_NAMES, plain_item
from tests.integration.storage.test_repository_limits_contract import SK_OVER


def _users(count: int) -> list[str]:
    return [f"USER#u{n:04d}" for n in range(count)]


def test_get_keys_reads_items_of_many_partitions(repository: ItemRepository) -> None:
    items = [plain_item(pk, sk, n=n) for n, pk in enumerate(_users(130))
             for sk in ("SETTINGS", "DUE#reminder")]
    repository.put_many_if_absent(items)
    wanted = [(item["pk"], item["sk"]) for item in items[::2]]
    missing = [("USER#nobody", "SETTINGS"), ("USER#u0001", "DAYTOTALS")]
    found = repository.get_keys([*wanted, *missing, *wanted[:5]])  # repeats are harmless
    assert found == {(item["pk"], item["sk"]): item for item in items[::2]}


def test_get_keys_of_nothing_and_of_impossible_keys_finds_nothing(
    repository: ItemRepository,
) -> None:
    repository.put(plain_item("USER#alice", "SETTINGS"))
    assert repository.get_keys([]) == {}
    assert repository.get_keys([("USER#alice", SK_OVER)]) == {}


@pytest.mark.parametrize("name", AWKWARD_NAMES)
def test_get_keys_round_trips_awkward_keys(repository: ItemRepository, name: str) -> None:
    item = plain_item(f"USER#{name}", f"LOG#{name}", title=name)
    repository.put(item)
    assert repository.get_keys([(item["pk"], item["sk"])]) == {(item["pk"], item["sk"]): item}


def test_get_keys_hides_expired_items(repository: ItemRepository, clock: SettableClock) -> None:
    repository.put(plain_item("USER#a", "CODE", **{TTL_ATTRIBUTE: int(clock.now) + 10}))
    repository.put(plain_item("USER#b", "SETTINGS"))
    clock.now += 10
    assert set(repository.get_keys([("USER#a", "CODE"), ("USER#b", "SETTINGS")])) == {
        ("USER#b", "SETTINGS")
    }


def test_write_many_puts_and_deletes_across_partitions(repository: ItemRepository) -> None:
    old = [plain_item(pk, "DUE#reminder", at=1) for pk in _users(90)]
    repository.put_many_if_absent(old)
    puts = [plain_item(pk, sk, at=2) for pk in _users(70) for sk in ("DUE#reminder", "CLAIM")]
    deletes = [(pk, "DUE#reminder") for pk in _users(90)[70:]] + [("USER#none", "X")]
    repository.write_many(puts, deletes)  # 140 puts and 21 deletes: more than one request
    keys = [(pk, sk) for pk in _users(90) for sk in ("DUE#reminder", "CLAIM")]
    stored = repository.get_keys(keys)
    assert stored == {(item["pk"], item["sk"]): item for item in puts}


def test_write_many_replaces_an_expired_item_and_writes_nothing_when_empty(
    repository: ItemRepository, clock: SettableClock
) -> None:
    repository.put(plain_item("USER#a", "LEASE", **{TTL_ATTRIBUTE: int(clock.now) + 1}))
    clock.now += 5
    repository.write_many([plain_item("USER#a", "LEASE", state="sent")])
    repository.write_many([], [])
    assert repository.get("USER#a", "LEASE") == plain_item("USER#a", "LEASE", state="sent")


def test_write_many_refuses_a_key_named_twice_before_writing(repository: ItemRepository) -> None:
    first = plain_item("USER#a", "DUE#reminder", at=1)
    with pytest.raises(ValueError, match="only once"):
        repository.write_many([first, plain_item("USER#a", "DUE#reminder", at=2)])
    with pytest.raises(ValueError, match="only once"):
        repository.write_many([first], [("USER#a", "DUE#reminder")])
    assert repository.get("USER#a", "DUE#reminder") is None


def test_write_many_refuses_an_item_over_the_limits_before_writing(
    repository: ItemRepository,
) -> None:
    fine = plain_item("USER#a", "SETTINGS")
    too_big = plain_item("USER#a", "BIG", text="x" * ITEM_MAX_BYTES)
    for bad in (plain_item("USER#a", SK_OVER), too_big):
        with pytest.raises(InvalidItem):
            repository.write_many([fine, bad])
    assert repository.get("USER#a", "SETTINGS") is None
