"""Transactions of conditional writes and counters, all or nothing, on every adapter (does I/O)."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from storage.dynamodb import DynamoDBItemRepository
from storage.limits import ITEM_MAX_BYTES
from storage.repository import (
    MAX_TRANSACTION_OPS,
    TTL_ATTRIBUTE,
    Add,
    Delete,
    InvalidItem,
    Item,
    ItemRepository,
    Op,
    Put,
    TransactionConflict,
)
from tests.integration.storage.conftest import SettableClock
from tests.integration.storage.test_repository_limits_contract import SK_OVER

PK = "USER#alice"
LIFETIME = 600


def everything(repository: ItemRepository) -> list[Item]:
    return list(repository.scan())


def item(sk: str, pk: str = PK, **attributes: Any) -> Item:
    return {"pk": pk, "sk": sk, **attributes}


def versioned(sk: str, version: int, **attributes: Any) -> Item:
    return item(sk, version=version, **attributes)


@pytest.fixture
def seeded(repository: ItemRepository) -> ItemRepository:
    repository.put(versioned("LOG#kept", 3, minutes=20))
    repository.put(versioned("LOG#gone", 5, minutes=10))
    repository.put(item("DAY#2026-12-07", minutes=30, count=2))
    return repository


def test_every_op_of_a_transaction_is_applied_together(seeded: ItemRepository) -> None:
    seeded.transact([
        Put(versioned("LOG#new", 1, minutes=15), if_absent=True),
        Put(versioned("LOG#kept", 4, minutes=25), expected_version=3),
        Delete(PK, "LOG#gone", expected_version=5),
        Delete(PK, "LOG#never"),
        Add(PK, "DAY#2026-12-07", {"minutes": 15 + 5 - 10, "count": 0}),
        Add(PK, "DAY#2026-12-08", {"minutes": 15, "count": 1}, {"day": "2026-12-08"}),
    ])
    assert everything(seeded) == [
        item("DAY#2026-12-07", minutes=40, count=2),
        item("DAY#2026-12-08", minutes=15, count=1, day="2026-12-08"),
        versioned("LOG#kept", 4, minutes=25),
        versioned("LOG#new", 1, minutes=15),
    ]


FAILING: dict[str, Op] = {
    "put if absent over an item": Put(versioned("LOG#kept", 1), if_absent=True),
    "put of another version": Put(versioned("LOG#kept", 5), expected_version=2),
    "put of a version over nothing": Put(versioned("LOG#none", 2), expected_version=1),
    "delete of another version": Delete(PK, "LOG#gone", expected_version=4),
    "delete of a version over nothing": Delete(PK, "LOG#none", expected_version=1),
}


@pytest.mark.parametrize("failing", FAILING.values(), ids=FAILING.keys())
def test_one_failed_condition_writes_nothing_and_names_its_op(
    seeded: ItemRepository, failing: Op
) -> None:
    before = everything(seeded)
    ops: list[Op] = [
        Add(PK, "DAY#2026-12-07", {"minutes": 5}),
        Put(versioned("LOG#new", 1), if_absent=True),
        Delete(PK, "LOG#kept" if isinstance(failing, Delete) else "LOG#gone"),
        failing,
        Add(PK, "DAY#2026-12-09", {"minutes": 5}),
    ]
    with pytest.raises(TransactionConflict) as conflict:
        seeded.transact(ops)
    assert conflict.value.index == 3
    assert everything(seeded) == before


def test_add_creates_an_item_and_adds_to_its_counters(repository: ItemRepository) -> None:
    repository.transact([Add(PK, "DAY#d", {"minutes": 90, "ratio": 0.1}, {"label": "one"})])
    assert repository.get(PK, "DAY#d") == item("DAY#d", minutes=90, ratio=0.1,
                                                     label="one")
    repository.transact([Add(PK, "DAY#d", {"minutes": -90, "ratio": 0.2, "new": 2.5},
                             {"label": "two"})])
    stored = repository.get(PK, "DAY#d")
    # Decimal sums, as DynamoDB adds: 0.1 + 0.2 is 0.3 on every store.
    assert stored == item("DAY#d", minutes=0, ratio=0.3, new=2.5, label="two")
    assert stored is not None and type(stored["minutes"]) is int
    repository.transact([Add(PK, "DAY#d", {"ratio": 0.7, "minutes": 1.5}, {"label": None})])
    stored = repository.get(PK, "DAY#d")
    assert stored == item("DAY#d", minutes=1.5, ratio=1, new=2.5)
    assert stored is not None and type(stored["ratio"]) is int


def test_add_keeps_the_attributes_it_does_not_name(repository: ItemRepository) -> None:
    repository.put(versioned("SHOW#s", 7, title="Frieren", watched=3))
    repository.transact([Add(PK, "SHOW#s", {"watched": 1, "minutes": 24})])
    assert repository.get(PK, "SHOW#s") == versioned("SHOW#s", 7, title="Frieren", watched=4,
                                                     minutes=24)


def test_an_expired_item_counts_as_absent(
    repository: ItemRepository, clock: SettableClock
) -> None:
    expiring: dict[str, Any] = {TTL_ATTRIBUTE: int(clock.now) + LIFETIME}
    for sk in ("CODE#a", "CODE#b", "CODE#c"):
        repository.put(versioned(sk, 1, **expiring))
    repository.put(item("DAY#d", minutes=50, old="stale", **expiring))
    clock.now += LIFETIME
    for refused in (Put(versioned("CODE#a", 2), expected_version=1),
                    Delete(PK, "CODE#b", expected_version=1)):
        with pytest.raises(TransactionConflict):
            repository.transact([refused])
    repository.transact([
        Put(versioned("CODE#c", 1, fresh=True), if_absent=True),
        Add(PK, "DAY#d", {"minutes": 5}, {"day": "d"}),
        Delete(PK, "CODE#b"),
    ])
    assert repository.get(PK, "CODE#c") == versioned("CODE#c", 1, fresh=True)
    assert repository.get(PK, "DAY#d") == item("DAY#d", minutes=5, day="d")
    assert [item["sk"] for item in everything(repository)] == ["CODE#c", "DAY#d"]


def test_an_add_may_set_its_own_expiry(repository: ItemRepository, clock: SettableClock) -> None:
    for _ in range(2):
        expiry: dict[str, Any] = {TTL_ATTRIBUTE: int(clock.now) + LIFETIME}
        repository.transact([Add(PK, "TRIES#x", {"tries": 1}, expiry)])
        clock.now += LIFETIME - 1
    assert repository.get(PK, "TRIES#x") == item("TRIES#x", tries=2, **expiry)
    clock.now += 1
    repository.transact([Add(PK, "TRIES#x", {"tries": 1})])
    assert repository.get(PK, "TRIES#x") == item("TRIES#x", tries=1)


def test_a_transaction_of_the_most_ops_is_applied(repository: ItemRepository) -> None:
    ops: list[Op] = [Add(f"USER#u{n:03}", "DAY#d", {"minutes": n}) for n in range(50)]
    ops += [Put(item("LOG#l", f"USER#u{n:03}", n=n), if_absent=True) for n in range(50)]
    assert len(ops) == MAX_TRANSACTION_OPS
    repository.transact(ops)
    assert len(everything(repository)) == MAX_TRANSACTION_OPS
    repository.transact([])


def test_racing_transactions_each_apply_whole(concurrent_repository: ItemRepository) -> None:
    repository = concurrent_repository

    def claim(n: int) -> bool:
        try:
            repository.transact([Put(item("CLAIM", owner=n), if_absent=True),
                                 Add(PK, "DAY#d", {"claims": 1})])
        except TransactionConflict:
            return False
        return True

    def log(n: int) -> bool:
        repository.transact([Put(item(f"LOG#{n:03}")), Add(PK, "DAY#d", {"minutes": 1.5})])
        return False

    with ThreadPoolExecutor(max_workers=4) as pool:
        outcomes = list(pool.map(lambda n: claim(n) if n % 3 == 0 else log(n), range(30)))
    assert sum(outcomes) == 1
    assert repository.get(PK, "DAY#d") == item("DAY#d", claims=1, minutes=20 * 1.5)
    assert len(list(repository.query_prefix(PK, "LOG#"))) == 20


REFUSED: dict[str, tuple[Callable[[], list[Op]], type[Exception]]] = {
    "more than the most ops": (
        lambda: [Add(PK, f"DAY#{n:03}", {"m": 1}) for n in range(MAX_TRANSACTION_OPS + 1)],
        ValueError,
    ),
    "a key twice": (lambda: [Put(item("LOG#a")), Delete(PK, "LOG#a")], ValueError),
    "a key twice by an add": (
        lambda: [Add(PK, "DAY#d", {"m": 1}), Add(PK, "DAY#d", {"m": 2})], ValueError,
    ),
    "an add setting what it adds to": (
        lambda: [Add(PK, "DAY#d", {"m": 1}, {"m": 5})], ValueError,
    ),
    "an add of no number": (lambda: [Add(PK, "DAY#d", {"m": True})], ValueError),
    "a sort key over the limit": (lambda: [Put(item(SK_OVER))], InvalidItem),
    "an item over the limit": (
        lambda: [Put(item("BIG", text="x" * ITEM_MAX_BYTES))], InvalidItem,
    ),
    "an add over the limit": (
        lambda: [Add(PK, "DAY#d", {"m": 1}, {"text": "x" * ITEM_MAX_BYTES})], InvalidItem,
    ),
    "a transaction over the limit": (
        lambda: [Put(item(f"BIG#{n}", text="x" * 300_000)) for n in range(14)],
        InvalidItem,
    ),
    "an add to a text": (lambda: [Add(PK, "SHOW#s", {"title": 1})], InvalidItem),
}


@pytest.mark.parametrize(("ops", "error"), REFUSED.values(), ids=REFUSED.keys())
def test_a_refused_transaction_writes_nothing(
    repository: ItemRepository, ops: Callable[[], list[Op]], error: type[Exception]
) -> None:
    repository.put(item("SHOW#s", title="Frieren"))
    before = everything(repository)
    with pytest.raises(error):
        repository.transact([Put(item("LOG#fine")), *ops()])
    assert everything(repository) == before


def test_a_transaction_is_one_dynamodb_request(repository: ItemRepository) -> None:
    if not isinstance(repository, DynamoDBItemRepository):
        pytest.skip("counts DynamoDB requests")
    calls: list[str] = []
    repository._client.meta.events.register(
        "before-call.dynamodb.*", lambda model, **_: calls.append(model.name)
    )
    repository.transact([Add(PK, "DAY#d", {"minutes": n}) if n == 0 else
                         Put(item(f"LOG#{n:03}"), if_absent=True) for n in range(100)])
    repository.transact([Add(PK, "DAY#d", {"minutes": 3.25}, {"day": "d"}),
                         Delete(PK, "LOG#001", expected_version=None)])
    with pytest.raises(TransactionConflict):
        repository.transact([Put(item("LOG#002"), if_absent=True)])
    assert calls == ["TransactWriteItems"] * 3


def test_transactions_applied_together_each_see_the_ones_before(
    seeded: ItemRepository,
) -> None:
    seeded.transact_many([
        [Put(versioned("LOG#new", 1), if_absent=True), Add(PK, "DAY#2026-12-07", {"count": 1})],
        [Put(versioned("LOG#new", 2), expected_version=1), Delete(PK, "LOG#gone"),
         Add(PK, "DAY#2026-12-07", {"count": 1, "minutes": -10})],
        [Delete(PK, "LOG#new", expected_version=2), Add(PK, "DAY#2026-12-07", {"count": -1})],
        [],
    ])
    assert {i["sk"]: i for i in everything(seeded)} == {
        "DAY#2026-12-07": item("DAY#2026-12-07", minutes=20, count=3),
        "LOG#kept": versioned("LOG#kept", 3, minutes=20),
    }


def test_a_conflict_among_transactions_says_how_many_stand(seeded: ItemRepository) -> None:
    with pytest.raises(TransactionConflict) as conflict:
        seeded.transact_many([
            [Put(versioned("LOG#new", 1), if_absent=True)],
            [Put(versioned("LOG#kept", 4), expected_version=2)],
            [Delete(PK, "LOG#gone")],
        ])
    # Those before the failing one stand, or (SQLite: one transaction) none does; never after.
    standing = {i["sk"] for i in everything(seeded)}
    assert conflict.value.sk == "LOG#kept"
    assert ("LOG#new" in standing) == (conflict.value.applied == 1)
    assert conflict.value.applied in (0, 1)
    assert "LOG#gone" in standing
    assert seeded.get(PK, "LOG#kept") == versioned("LOG#kept", 3, minutes=20)
