"""A journaled change cut short on every store is finished from what it kept (does I/O)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.service.kept import journal, upkeep
from handlers.service.kept.writing import Writing
from storage.models import Episode, LogEntry, user_pk
from storage.repository import Item, ItemRepository, Op
from tests.support.counting_repository import CountingRepository

NOW = datetime(2026, 3, 29, 12, 0, tzinfo=UTC)
BERLIN = ZoneInfo("Europe/Berlin")
PK = user_pk("alice")


class Crash(BaseException):
    """The process died here."""


class _DiesAfterTwo(CountingRepository):
    """Applies the journal and the first part of a journaled change, then dies."""

    def transact_many(self, transactions: Sequence[Sequence[Op]]) -> None:
        for ops in transactions[:2]:
            self.inner.transact(ops)
        raise Crash


def _entries() -> list[Item]:
    at = int(NOW.timestamp())
    episodes = [Episode(user="alice", folder_name="Free!", file_name=f"{n:04d}",
                        timestamp=at - n * 5_400).to_item() for n in range(150)]
    # Fractions and nested copies travel through the journal as the store holds them.
    logs = [LogEntry(user="alice", log_id=f"log{n}", activity="book", title="Kokoro",
                     duration=600, amount=2.5 + n, unit="pages", timestamp=at - n * 60,
                     created_at=at, source="api").to_item() for n in range(3)]
    return episodes + logs


def test_a_change_cut_between_its_parts_is_finished_by_the_next_write(
    repository: ItemRepository,
) -> None:
    with Writing(repository, "alice", BERLIN) as writing:
        for entry in _entries():
            writing.add(entry)
    stored = [*repository.query_prefix(PK, "EPISODE#"), *repository.query_prefix(PK, "LOG#")]
    writing = Writing(_DiesAfterTwo(repository), "alice", BERLIN)
    for entry in stored:
        writing.remove(entry)
    with pytest.raises(Crash):
        writing.commit()
    assert list(repository.query_prefix(PK, journal.HEAD_SK))
    assert upkeep.verify(repository, "alice", BERLIN) == []
    with Writing(repository, "alice", BERLIN) as writing:  # any later write
        writing.put({"pk": PK, "sk": "SETTINGS#x", "user": "alice"})
    assert list(repository.query_prefix(PK, "EPISODE#")) == []
    assert list(repository.query_prefix(PK, "LOG#")) == []
    assert list(repository.query_prefix(PK, journal.HEAD_SK)) == []
    assert upkeep.verify(repository, "alice", BERLIN) == []
