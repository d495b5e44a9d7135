"""A change needing several transactions: journaled, finished after a crash by the next write."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.service.facade import Service
from handlers.service.kept import journal
from handlers.service.kept.writing import Writing, updated
from handlers.service.logbook.writes import LogRequest
from handlers.service.portability.export import jsonl
from handlers.settings import Settings
from storage.memory import InMemoryItemRepository
from storage.models import Episode, Show, user_pk
from storage.repository import InvalidItem, Item, ItemRepository, Op, Put
from tests.support.counting_repository import CountingRepository
from tests.unit.handlers.history_truth import Crash, Crashing
from tests.unit.handlers.provider_doubles import fake_clients

NOW = datetime(2026, 3, 29, 12, 0, tzinfo=UTC)
BERLIN = ZoneInfo("Europe/Berlin")
PK = user_pk("alice")
EPISODES = 250
"""Removing them is 500 source writes and their totals: six parts, the journal a seventh."""


def _service(store: ItemRepository) -> Service:
    return Service(repo=store, providers=fake_clients(), settings=Settings(timezone=BERLIN.key),
                   clock=lambda: NOW)


def _episodes(count: int) -> list[Item]:
    at = int(NOW.timestamp())
    return [Episode(user="alice", folder_name="Free!", file_name=f"{n:04d}",
                    timestamp=at - n * 5_400).to_item() for n in range(count)]


def _stored(store: ItemRepository, prefix: str) -> list[Item]:
    return list(store.query_prefix(PK, prefix))


def _synced(store: Crashing) -> Service:
    service = _service(store)
    with Writing(store, "alice", BERLIN) as writing:
        for entry in _episodes(EPISODES):
            writing.add(entry)
    assert _stored(store, journal.HEAD_SK) == []  # the journal of that change is gone
    return service


def _remove_all(store: ItemRepository) -> None:
    with Writing(store, "alice", BERLIN) as writing:
        for entry in _stored(store, "EPISODE#"):
            writing.remove(entry)


def _crashed_after(writes: int) -> tuple[Crashing, Service]:
    store = Crashing(clock=NOW.timestamp)
    service = _synced(store)
    store.budget = writes
    with pytest.raises(Crash):
        _remove_all(store)
    store.budget = None
    return store, service


class _Recording(Crashing):
    def __init__(self) -> None:
        super().__init__(clock=NOW.timestamp)
        self.transactions: list[list[Op]] = []

    def transact(self, ops: Sequence[Op]) -> None:
        self.transactions.append(list(ops))
        super().transact(ops)


def _recorded_removal() -> list[list[Op]]:
    store = _Recording()
    _synced(store)
    store.transactions.clear()
    _remove_all(store)
    assert _stored(store, "EPISODE#") == _stored(store, journal.HEAD_SK) == []
    return store.transactions


def test_a_big_change_is_a_journal_then_parts_each_deleting_its_journal_item() -> None:
    first, *parts = _recorded_removal()
    assert _sk(first[0]) == journal.HEAD_SK
    assert len(first) == 1 + len(parts) and len(parts) >= 6
    assert all(_sk(ops[0]).startswith(journal.PART_PREFIX) for ops in parts)
    assert _sk(parts[-1][-1]) == journal.HEAD_SK  # the head goes with the last part


def _sk(op: Op) -> str:
    return str(op.item["sk"]) if isinstance(op, Put) else op.sk


def test_a_crash_between_parts_is_finished_by_the_next_write_and_no_read() -> None:
    writes = len(_recorded_removal())
    for allowed in range(1, writes):
        store, service = _crashed_after(allowed)
        assert _stored(store, journal.HEAD_SK)
        assert 0 < len(_stored(store, "EPISODE#")) <= EPISODES
        # Every part is whole changes with their totals: the kept items are true meanwhile.
        assert service.kept.verify("alice") == [], f"crash before write {allowed + 1}"
        before = _stored(store, "")
        service.progress("alice")
        service.logbook.history("alice")
        assert _stored(store, "") == before  # reads never write
        service.logbook.log("alice", LogRequest(activity="book", minutes=5), "api")
        assert _stored(store, "EPISODE#") == []
        assert _stored(store, journal.HEAD_SK) == []
        assert service.kept.verify("alice") == []


def test_a_crash_before_the_journal_landed_changed_nothing() -> None:
    store, service = _crashed_after(0)
    assert len(_stored(store, "EPISODE#")) == EPISODES
    service.logbook.log("alice", LogRequest(activity="book", minutes=5), "api")
    assert len(_stored(store, "EPISODE#")) == EPISODES  # never acknowledged, never done
    assert service.kept.verify("alice") == []


def test_rebuild_finishes_a_journaled_change_and_verify_stays_clean() -> None:
    store, service = _crashed_after(2)
    service.kept.rebuild("alice")
    assert _stored(store, "EPISODE#") == _stored(store, journal.HEAD_SK) == []
    assert service.kept.verify("alice") == []


def test_the_resumed_state_equals_the_uninterrupted_one() -> None:
    whole = Crashing(clock=NOW.timestamp)
    _synced(whole)
    _remove_all(whole)
    store = _crashed_after(3)[0]
    assert journal.resume(store, PK) == 4  # what the next write does first

    def kept(repo: ItemRepository) -> list[Item]:
        return [{k: v for k, v in item.items() if k != "version"} for item in _stored(repo, "")]

    assert kept(store) == kept(whole)


def test_a_renamed_show_crashed_between_its_copies_is_whole_after_the_next_write() -> None:
    store = Crashing(clock=NOW.timestamp)
    service = _service(store)
    show = Show(user="alice", folder_name="Free!").to_item()
    with Writing(store, "alice", BERLIN) as writing:
        writing.put_record(show, if_absent=True)
        for entry in _episodes(EPISODES):
            writing.add(entry)
    stored_show = store.get(PK, "SHOW#Free!")
    assert stored_show is not None
    named = updated(stored_show, {"tvdb_id": 278157, "tvdb_name": "Free!",
                                  "tvdb_average_runtime": 1440})
    store.budget = 2  # the journal and one part of copies
    with pytest.raises(Crash), Writing(store, "alice", BERLIN) as writing:
        writing.put_record(named, expected_version=stored_show["version"])
    store.budget = None
    assert service.kept.verify("alice") != []  # copies of the old record, until resumed
    service.logbook.log("alice", LogRequest(activity="book", minutes=5), "api")
    assert service.kept.verify("alice") == []
    copies = [r["entry"] for r in _stored(store, "HISTORY#") if r["entry"]["kind"] == "episode"]
    assert {(c["subtitle"], c["seconds"]) for c in copies} == {("Free!", 1440)}


class _HidingJournal(CountingRepository):
    """A writer of an older version: it never reads the journal, so never resumes it."""

    def get_many(self, pk: str, sks: Sequence[str]) -> dict[str, Item]:
        return {sk: item for sk, item in self.inner.get_many(pk, sks).items()
                if sk != journal.HEAD_SK}


def test_a_part_whose_entry_changed_meanwhile_is_dropped_and_the_rest_applied() -> None:
    store, service = _crashed_after(1)  # the journal only
    last = max(_stored(store, "EPISODE#"), key=lambda entry: str(entry["sk"]))
    with Writing(_HidingJournal(store), "alice", BERLIN) as writing:
        writing.change(last, updated(last, {"timestamp": int(last["timestamp"]) - 60}))
    its_part = next(
        {op["delete"] for op in part["ops"] if str(op.get("delete", "")).startswith("EPISODE#")}
        for part in _stored(store, journal.PART_PREFIX)
        if any(op.get("delete") == last["sk"] for op in part["ops"]))
    service.logbook.log("alice", LogRequest(activity="book", minutes=5), "api")
    # The newer write stands, and so does the rest of its part; every other part applied.
    assert {str(entry["sk"]) for entry in _stored(store, "EPISODE#")} == its_part
    assert 1 < len(its_part) < EPISODES / 4
    assert _stored(store, journal.HEAD_SK) == []
    assert service.kept.verify("alice") == []


class _RacedByAResumer(Crashing):
    """Another process finishes the journal just as the writer applies its first part."""

    raced = False

    def transact(self, ops: Sequence[Op]) -> None:
        first = ops[0]
        if not self.raced and not isinstance(first, Put) and first.sk.startswith(
                journal.PART_PREFIX):
            self.raced = True
            journal.resume(InMemoryView(self), PK)
        super().transact(ops)


class InMemoryView(CountingRepository):
    """The same store, reached as another process reaches it (not through the race)."""

    def transact(self, ops: Sequence[Op]) -> None:
        InMemoryItemRepository.transact(self.inner, ops)  # type: ignore[arg-type]


def test_a_part_another_process_applied_is_not_applied_twice() -> None:
    store = _RacedByAResumer(clock=NOW.timestamp)
    service = _synced(store)
    store.raced = False
    _remove_all(store)  # its parts are refused by their journal items: no error
    assert store.raced
    assert _stored(store, "EPISODE#") == _stored(store, journal.HEAD_SK) == []
    assert service.kept.verify("alice") == []  # no total taken twice


def test_a_journal_past_one_transaction_is_not_written() -> None:
    store = InMemoryItemRepository()
    parts = [[Put({"pk": PK, "sk": f"LOG#{n:03d}"}, if_absent=True)] for n in range(100)]
    assert not journal.apply(store, PK, parts, marked=False)
    assert _stored(store, "") == []


def test_a_pending_journal_is_never_exported() -> None:
    store = _crashed_after(1)[0]
    assert _stored(store, journal.HEAD_SK)
    assert journal.HEAD_SK not in "".join(jsonl(store, "alice"))


def test_a_change_with_an_item_the_store_refuses_is_never_journaled() -> None:
    store = Crashing(clock=NOW.timestamp)
    service = _synced(store)
    # Small enough for the journal to hold, refused by the store: its key is too long.
    refused = {"pk": PK, "sk": "SETTINGS#" + "x" * 1_100, "user": "alice"}
    writing = Writing(store, "alice", BERLIN)
    for entry in _stored(store, "EPISODE#"):
        writing.remove(entry)
    writing.put(refused)
    with pytest.raises(InvalidItem):
        writing.commit()
    assert _stored(store, journal.HEAD_SK) == []  # nothing written, no journal to meet
    assert len(_stored(store, "EPISODE#")) == EPISODES
    service.logbook.log("alice", LogRequest(activity="book", minutes=5), "api")
    assert service.kept.verify("alice") == []


def test_a_journaled_part_the_store_refuses_is_dropped_not_met_by_every_write() -> None:
    store = _crashed_after(1)[0]  # the journal only
    head = store.get(PK, journal.HEAD_SK)
    assert head is not None
    first = journal.part_sk(int(head["version"]), 1)
    part = store.get(PK, first)
    assert part is not None
    # As if the store's limits had narrowed since: its first op's key is now too long.
    poisoned = [{"put": {"pk": PK, "sk": "SETTINGS#" + "x" * 1_100}}]
    store.put({**part, "ops": poisoned + part["ops"][1:]})
    service = _service(store)
    service.logbook.log("alice", LogRequest(activity="book", minutes=5), "api")
    assert _stored(store, journal.HEAD_SK) == []
    assert service.kept.verify("alice") == []
