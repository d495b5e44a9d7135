"""The rules of a transaction every adapter shares: checks, conditions and sums (no I/O)."""

from __future__ import annotations

import math

import pytest

from storage.repository import Add, Delete, InvalidItem, Op, Put, TransactionConflict
from storage.transaction import added_item, checked_ops, planned_writes

PK = "USER#alice"


@pytest.mark.parametrize(
    ("stored", "delta", "result"),
    [
        (1, 2, 3),
        (0.1, 0.2, 0.3),
        (2.5, -2.5, 0),
        (1, 0.5, 1.5),
        (0.75, 0.25, 1),
        (10**30, 1, 10**30 + 1),
    ],
)
def test_sums_are_decimal_and_integral_ones_are_ints(
    stored: float, delta: float, result: float
) -> None:
    added = added_item(Add(PK, "DAY#d", {"n": delta}), {"pk": PK, "sk": "DAY#d", "n": stored})
    assert added["n"] == result
    assert type(added["n"]) is type(result)


def test_an_add_over_nothing_is_its_key_deltas_and_fields() -> None:
    op = Add(PK, "DAY#d", {"minutes": 2.0, "count": 0}, {"day": "d", "gone": None})
    assert added_item(op, None) == {"pk": PK, "sk": "DAY#d", "minutes": 2, "count": 0, "day": "d"}
    assert type(added_item(op, None)["minutes"]) is int


@pytest.mark.parametrize(
    "op",
    [
        Put({"pk": PK, "sk": "LOG#a"}, if_absent=True, expected_version=1),
        Add(PK, "DAY#d", {}),
        Add(PK, "DAY#d", {"n": math.nan}),
        Add(PK, "DAY#d", {"n": math.inf}),
        Add(PK, "DAY#d", {"pk": 1}),
        Add(PK, "DAY#d", {"n": 1}, {"sk": "other"}),
    ],
)
def test_malformed_ops_are_refused(op: Op) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - each op's own message
        checked_ops([op])


def test_puts_are_checked_as_they_will_be_stored() -> None:
    [put] = checked_ops([Put({"pk": PK, "sk": "LOG#a", "note": None, "n": 1})])
    assert isinstance(put, Put)
    assert put.item == {"pk": PK, "sk": "LOG#a", "n": 1}
    with pytest.raises(InvalidItem):
        checked_ops([Delete(PK, "x" * 1_025)])


def test_the_first_failed_condition_is_the_conflict() -> None:
    stored = {(PK, "LOG#a"): {"pk": PK, "sk": "LOG#a", "version": 2}}
    ops: list[Op] = [
        Delete(PK, "LOG#b"),
        Put({"pk": PK, "sk": "LOG#a"}, if_absent=True),
        Delete(PK, "LOG#c", expected_version=1),
    ]
    with pytest.raises(TransactionConflict) as conflict:
        planned_writes(ops, stored)
    assert (conflict.value.index, conflict.value.pk, conflict.value.sk) == (1, PK, "LOG#a")
    assert "nothing" in str(conflict.value)


def test_a_transaction_is_refused_by_its_exact_bytes_not_by_the_cheap_bound() -> None:
    # 100 items of 39,000 ASCII characters: 3.9 MB exactly, though the per-character bound
    # (4 bytes each) says 15.6 MB; one of 11 items of 390,000 characters is over 4 MB.
    fitting = [Put({"pk": PK, "sk": f"LOG#{n:03d}", "a": "x" * 39_000}) for n in range(100)]
    assert len(checked_ops(fitting)) == 100
    over = [Put({"pk": PK, "sk": f"LOG#{n:03d}", "a": "x" * 390_000}) for n in range(11)]
    with pytest.raises(InvalidItem, match="transaction carries"):
        checked_ops(over)
    adds = [Add(PK, f"DAY#{n:03d}", {"n": 1}, {"a": "x" * 390_000}) for n in range(11)]
    with pytest.raises(InvalidItem, match="transaction carries"):
        checked_ops(adds)
