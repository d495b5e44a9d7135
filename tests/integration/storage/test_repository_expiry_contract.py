"""Items past their TTL are gone on every storage adapter alike (does I/O)."""

from __future__ import annotations

import pytest

from storage.repository import TTL_ATTRIBUTE, ItemRepository, VersionConflict
from tests.integration.storage.conftest import SettableClock
from tests.integration.storage.samples import plain_item

PK = "USER#alice"
CODE = "TELEGRAMCODE#abc"
LIFETIME = 600


def short_lived(clock: SettableClock, sk: str = CODE, **attributes: object) -> dict[str, object]:
    return plain_item(PK, sk, **{TTL_ATTRIBUTE: int(clock.now) + LIFETIME, **attributes})


def test_an_item_is_readable_until_it_expires(
    repository: ItemRepository, clock: SettableClock
) -> None:
    item = short_lived(clock)
    repository.put(item)
    repository.put(plain_item(PK, "SHOW#kept"))
    clock.now += LIFETIME - 1
    assert repository.get(PK, CODE) == item
    clock.now += 1
    assert repository.get(PK, CODE) is None
    assert repository.get_many(PK, [CODE, "SHOW#kept"]).keys() == {"SHOW#kept"}
    assert [i["sk"] for i in repository.query_prefix(PK)] == ["SHOW#kept"]


def test_an_expired_item_counts_as_absent_for_writes(
    repository: ItemRepository, clock: SettableClock
) -> None:
    repository.put(short_lived(clock, mark="old"))
    repository.put(short_lived(clock, "UNDO#1"))
    assert not repository.put_if_absent(short_lived(clock, mark="refused"))
    clock.now += LIFETIME
    with pytest.raises(VersionConflict):
        repository.update(PK, CODE, {"mark": "late"}, 1)
    with pytest.raises(VersionConflict):
        repository.delete(PK, CODE, expected_version=1)
    assert not repository.delete(PK, "UNDO#1")
    fresh = short_lived(clock, mark="new")
    assert repository.put_if_absent(fresh)
    assert repository.get(PK, CODE) == fresh
    assert repository.put_many_if_absent([short_lived(clock, "UNDO#1")]) == {(PK, "UNDO#1")}


def test_a_ttl_that_is_not_a_number_never_expires(
    repository: ItemRepository, clock: SettableClock
) -> None:
    for sk, value in (("SETTINGS#text", "soon"), ("SETTINGS#flag", True)):
        repository.put(plain_item(PK, sk, **{TTL_ATTRIBUTE: value}))
    clock.now += 10**9
    assert len(repository.get_many(PK, ["SETTINGS#text", "SETTINGS#flag"])) == 2


def test_a_limited_read_counts_live_items_only(
    repository: ItemRepository, clock: SettableClock
) -> None:
    for n in range(5):
        repository.put(short_lived(clock, f"UNDO#{n}"))
    repository.put(plain_item(PK, "UNDO#9"))
    clock.now += LIFETIME
    assert [i["sk"] for i in repository.query_prefix(PK, "UNDO#", limit=1)] == ["UNDO#9"]
    after = repository.query_prefix(PK, "UNDO#", start_after="UNDO#0", limit=2)
    assert [i["sk"] for i in after] == ["UNDO#9"]


def test_the_last_item_of_a_prefix_is_the_last_live_one(
    repository: ItemRepository, clock: SettableClock
) -> None:
    repository.put(plain_item(PK, "UNDO#0"))
    for n in range(1, 8):  # more than SQLite's first page of one row
        repository.put(short_lived(clock, f"UNDO#{n}"))
    last = repository.last_in_prefix(PK, "UNDO#")
    assert last is not None and last["sk"] == "UNDO#7"
    clock.now += LIFETIME
    last = repository.last_in_prefix(PK, "UNDO#")
    assert last is not None and last["sk"] == "UNDO#0"
    repository.put(short_lived(clock, "UNDO#00"))
    clock.now += LIFETIME
    assert repository.last_in_prefix(PK, "UNDO#0") == repository.get(PK, "UNDO#0")
