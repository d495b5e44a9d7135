"""The service's store marks a user's summary stale on each write of their entries (no I/O)."""

from __future__ import annotations

import os

import pytest

from handlers.service.day_totals import SUMMARY_SK
from handlers.service.summary_marks import SummaryMarking
from storage.memory import InMemoryItemRepository
from storage.repository import Add, Delete, Put, TransactionConflict

ALICE, BOB = "USER#alice", "USER#bob"


def test_a_transaction_of_entries_marks_each_user_touched() -> None:
    inner = InMemoryItemRepository()
    store = SummaryMarking(inner, os.urandom)
    store.transact([
        Put({"pk": ALICE, "sk": "LOG#2026-12-07T10:00:00Z#a", "minutes": 20}),
        Delete(BOB, "LOG#2026-12-06T09:00:00Z#b"),
        Add("USER#carol", "GOAL#daily", {"met": 1}),  # not an entry: no mark
    ])
    marked = {pk for pk in (ALICE, BOB, "USER#carol") if inner.get(pk, SUMMARY_SK)}
    assert marked == {ALICE, BOB}
    assert inner.get("USER#carol", "GOAL#daily") == {
        "pk": "USER#carol", "sk": "GOAL#daily", "met": 1
    }


def test_a_refused_transaction_still_leaves_the_mark() -> None:
    inner = InMemoryItemRepository()
    store = SummaryMarking(inner, os.urandom)
    entry = {"pk": ALICE, "sk": "LOG#2026-12-07T10:00:00Z#a", "version": 1}
    inner.put(entry)
    with pytest.raises(TransactionConflict):
        store.transact([Put(entry, if_absent=True)])
    assert inner.get(ALICE, SUMMARY_SK) is not None
