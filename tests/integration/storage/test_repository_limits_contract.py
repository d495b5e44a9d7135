"""The size limits of the port hold on every storage adapter alike (does I/O)."""

from __future__ import annotations

import pytest

from storage.limits import ITEM_MAX_BYTES, PARTITION_KEY_MAX_BYTES, SORT_KEY_MAX_BYTES
from storage.repository import InvalidItem, ItemRepository
from tests.integration.storage.samples import plain_item

PK = "USER#alice"
SK_AT_LIMIT = "EPISODE#" + "進" * 338 + "é"
"""Exactly 1,024 UTF-8 bytes: the limit counts bytes, not characters."""
SK_OVER = SK_AT_LIMIT + "x"
PK_AT_LIMIT = "USER#" + "u" * (PARTITION_KEY_MAX_BYTES - len("USER#"))


def test_keys_at_the_limit_are_stored(repository: ItemRepository) -> None:
    assert len(SK_AT_LIMIT.encode()) == SORT_KEY_MAX_BYTES
    assert repository.put_if_absent(plain_item(PK, SK_AT_LIMIT))
    assert repository.get(PK, SK_AT_LIMIT) == plain_item(PK, SK_AT_LIMIT)
    repository.put(plain_item(PK_AT_LIMIT, "SHOW#s"))
    assert [item["sk"] for item in repository.query_prefix(PK_AT_LIMIT)] == ["SHOW#s"]


def test_a_sort_key_over_the_limit_is_refused_by_every_write(repository: ItemRepository) -> None:
    writes = (
        lambda: repository.put(plain_item(PK, SK_OVER)),
        lambda: repository.put_if_absent(plain_item(PK, SK_OVER)),
        lambda: repository.put_many_if_absent([plain_item(PK, "SHOW#ok"), plain_item(PK, SK_OVER)]),
        lambda: repository.update(PK, SK_OVER, {"seen": True}, 1),
    )
    for write in writes:
        with pytest.raises(InvalidItem) as refused:
            write()
        assert (refused.value.attribute, refused.value.limit) == ("sk", SORT_KEY_MAX_BYTES)
        assert "1,024 bytes" in str(refused.value)
    # The batch was refused as a whole: its valid item was not written either.
    assert list(repository.query_prefix(PK)) == []


def test_a_partition_key_over_the_limit_is_refused(repository: ItemRepository) -> None:
    with pytest.raises(InvalidItem) as refused:
        repository.put(plain_item(PK_AT_LIMIT + "u", "SHOW#s"))
    assert (refused.value.attribute, refused.value.limit) == ("pk", PARTITION_KEY_MAX_BYTES)


def test_an_item_over_the_size_limit_is_refused(repository: ItemRepository) -> None:
    near = plain_item(PK, "SETTINGS#near", blob="x" * (ITEM_MAX_BYTES - 1_000))
    repository.put(near)
    assert repository.get(PK, "SETTINGS#near") == near
    over = plain_item(PK, "SETTINGS#over", blob="x" * ITEM_MAX_BYTES)
    for write in (repository.put, repository.put_if_absent):
        with pytest.raises(InvalidItem) as refused:
            write(over)
        assert (refused.value.attribute, refused.value.limit) == (None, ITEM_MAX_BYTES)
    assert repository.get(PK, "SETTINGS#over") is None


def test_an_update_whose_changes_alone_are_too_large_is_refused(
    repository: ItemRepository,
) -> None:
    repository.put(plain_item(PK, "SETTINGS#s", first="small"))
    half = "x" * (ITEM_MAX_BYTES // 2)
    with pytest.raises(InvalidItem):
        repository.update(PK, "SETTINGS#s", {"second": half, "third": half}, 1)
    assert repository.get(PK, "SETTINGS#s") == plain_item(PK, "SETTINGS#s", first="small")


def test_an_update_that_would_grow_the_item_past_the_limit_is_refused(
    repository: ItemRepository, request: pytest.FixtureRequest
) -> None:
    if "moto" in request.node.callspec.id:
        pytest.skip("moto does not check the size of an updated item; DynamoDB does")
    stored = plain_item(PK, "SETTINGS#s", first="x" * 300_000)
    repository.put(stored)
    with pytest.raises(InvalidItem):
        repository.update(PK, "SETTINGS#s", {"second": "y" * 150_000}, 1)
    assert repository.get(PK, "SETTINGS#s") == stored


def test_reads_by_a_key_no_store_could_hold_find_nothing(repository: ItemRepository) -> None:
    assert repository.get(PK, SK_OVER) is None
    assert repository.get_many(PK, [SK_OVER]) == {}
    assert list(repository.query_prefix(PK, SK_OVER)) == []
    assert not repository.delete(PK, SK_OVER)
