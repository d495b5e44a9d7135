"""A put if absent over a taken key fails first, whatever follows it, on every adapter (does I/O).

A store may create such a row without reading it first (SQLite does); what follows in the
same call must then still be decided over what is stored, not over the put assumed done.
"""

from __future__ import annotations

from typing import Any

import pytest

from storage.repository import Add, Item, ItemRepository, Op, Put, TransactionConflict

PK = "USER#alice"


def item(sk: str, **attributes: Any) -> Item:
    return {"pk": PK, "sk": sk, **attributes}


@pytest.fixture
def taken(repository: ItemRepository) -> ItemRepository:
    repository.put(item("LOG#kept", version=3, minutes=20))
    repository.put(item("DAY#d", count=2, label="text"))
    return repository


FOLLOWING: dict[str, list[Op]] = {
    "a put of the version the failed put would make": [
        Put(item("LOG#kept", version=2), expected_version=1)],
    "a condition failing on another key": [
        Put(item("LOG#other", version=2), expected_version=1)],
    "an add over the item the failed put would make": [Add(PK, "DAY#d", {"label": 1})],
}


@pytest.mark.parametrize("following", FOLLOWING.values(), ids=FOLLOWING.keys())
def test_the_put_over_a_taken_key_is_the_conflict(taken: ItemRepository,
                                                  following: list[Op]) -> None:
    before = list(taken.scan())
    with pytest.raises(TransactionConflict) as conflict:
        taken.transact_many([
            [Put(item("LOG#new", version=1), if_absent=True), Add(PK, "DAY#e", {"count": 1})],
            [Put(item("LOG#kept", version=1), if_absent=True),
             Put(item("DAY#d", count=0, label="zero"), if_absent=True)],
            following,
        ])
    assert (conflict.value.index, conflict.value.sk) == (0, "LOG#kept")
    standing = list(taken.scan())
    # The transaction before stands or (SQLite: one transaction for all) does not.
    assert conflict.value.applied in (0, 1)
    assert len(standing) == len(before) + 2 * conflict.value.applied
    assert [i for i in standing if i["sk"] in ("LOG#kept", "DAY#d")] == before


def test_a_put_over_a_taken_key_alone_is_the_conflict(taken: ItemRepository) -> None:
    with pytest.raises(TransactionConflict) as conflict:
        taken.transact([Add(PK, "DAY#e", {"count": 1}),
                        Put(item("LOG#new", version=1), if_absent=True),
                        Put(item("DAY#d", count=1), if_absent=True)])
    assert (conflict.value.index, conflict.value.sk) == (2, "DAY#d")
    assert taken.get(PK, "LOG#new") is None
    assert taken.get(PK, "DAY#d") == item("DAY#d", count=2, label="text")
