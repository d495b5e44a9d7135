"""Imports from each tracker's documented export layout, with their edge cases."""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from handlers.service.core.errors import InvalidInput, NotFound
from handlers.service.portability.area import Portability
from handlers.service.portability.imports.rows import moment
from storage.memory import InMemoryItemRepository
from storage.models import LogEntry, user_pk
from storage.repository import ItemRepository

FIXTURES = Path(__file__).parents[2] / "fixtures" / "imports"
NOW = datetime(2026, 12, 1, 22, 0, tzinfo=UTC)
TOKYO = ZoneInfo("Asia/Tokyo")


@pytest.fixture
def repo() -> Iterator[InMemoryItemRepository]:
    with InMemoryItemRepository() as store:
        yield store


@pytest.fixture
def port(repo: ItemRepository) -> Portability:
    draws = iter(range(10**6))
    return Portability(repo, lambda: NOW, lambda _user: TOKYO, lambda n: next(draws).to_bytes(n))


def fixture(name: str) -> io.BytesIO:
    return io.BytesIO((FIXTURES / name).read_bytes())


def logs_of(repo: ItemRepository, user: str = "alice") -> dict[str, dict[str, object]]:
    return {str(i["title"]): i for i in repo.query_prefix(user_pk(user), "LOG#")}


def test_botsu_gzip_reads_nanoseconds_and_offsets_exactly(
    port: Portability, repo: ItemRepository
) -> None:
    report = port.import_file("alice", fixture("botsu.jsonl.gz"))
    assert report.format == "botsu"
    assert report.added == 5
    errors = [(e.line, e.message.split(":")[0]) for e in report.errors]
    assert errors == [(5, "duration"), (6, "date")]
    logs = logs_of(repo)
    assert "deleted one" not in logs
    frieren = logs["Frieren"]
    assert frieren["duration"] == 1501  # 1500.5 s rounds half up, from whole nanoseconds
    assert frieren["timestamp"] == int(datetime(2024, 3, 1, 14, 30, 0, 123456, UTC).timestamp())
    assert logs["Yotsuba&!"]["duration"] == 30 * 60  # 30 pages at one page a minute
    assert (logs["Yotsuba&!"]["amount"], logs["Yotsuba&!"]["unit"]) == (30, "pages")
    assert logs["Kanon"]["duration"] == 25000 * 60 // 250
    assert logs["Podcast talk"]["activity"] == "audio"
    assert logs["Podcast talk"]["url"] == "https://example.com/ep1"
    assert logs["A video"]["duration"] == 754
    assert str(frieren["source"]).startswith(f"import:botsu:{report.import_id}")
    assert report.first_date == "2024-03-01" and report.last_date == "2024-03-06"


def test_an_import_twice_adds_nothing_the_second_time(port: Portability) -> None:
    port.import_file("alice", fixture("botsu.jsonl"))
    again = port.import_file("alice", fixture("botsu.jsonl.gz"))
    assert (again.added, again.skipped_duplicates) == (0, 5)


@pytest.mark.parametrize(
    "name", ["botsu.jsonl.gz", "tmw_new.csv", "tmw_old.csv", "nihongotracker.csv", "kechimochi.csv"]
)
def test_imported_logs_are_stored_as_the_log_model_stores_them(
    port: Portability, repo: ItemRepository, name: str
) -> None:
    # The runner builds each row's item without the model: same attributes, same order.
    assert port.import_file("alice", fixture(name)).added
    for stored in repo.query_prefix(user_pk("alice"), "LOG#"):
        assert list(LogEntry.from_item(stored).to_item().items()) == list(stored.items())


def test_another_persons_botsu_export_is_refused_before_writing(
    port: Portability, repo: ItemRepository
) -> None:
    port.import_file("alice", fixture("botsu.jsonl"))
    other = (FIXTURES / "botsu.jsonl").read_text().replace("219870045311", "555")
    before = len(list(repo.query_prefix(user_pk("alice"))))
    with pytest.raises(InvalidInput, match="account 555, but your earlier imports were of"):
        port.import_file("alice", io.BytesIO(other.encode()))
    assert len(list(repo.query_prefix(user_pk("alice")))) == before


def test_a_truncated_gzip_is_refused_whole(port: Portability, repo: ItemRepository) -> None:
    packed = (FIXTURES / "botsu.jsonl.gz").read_bytes()
    with pytest.raises(InvalidInput, match="gzip file is truncated"):
        port.import_file("alice", io.BytesIO(packed[: len(packed) // 2]))
    assert list(repo.query_prefix(user_pk("alice"))) == []


def test_tmw_old_layout(port: Portability, repo: ItemRepository) -> None:
    report = port.import_file("alice", fixture("tmw_old.csv"))
    assert (report.format, report.added, report.error_count) == ("tmw", 7, 3)
    assert [e.line for e in report.errors] == [9, 10, 11]
    logs = logs_of(repo)
    assert logs["Frieren"]["duration"] == 3 * 24 * 60
    assert logs["Frieren"]["note"] == "rewatch, with subs"
    assert logs["Sakura no Uta"]["duration"] == 30000 * 60 // 250
    assert logs["Kiki"]["duration"] == 10 * 350 * 60 // 150
    assert logs["Podcast"]["duration"] == 45 * 60
    # A naive time is UTC: 20:00 UTC on the 2nd is the 3rd in Tokyo.
    sakura = datetime(2023, 5, 2, 20, tzinfo=UTC)
    assert logs["Sakura no Uta"]["timestamp"] == int(sakura.timestamp())


def test_tmw_new_layout_uses_its_log_ids(port: Portability, repo: ItemRepository) -> None:
    report = port.import_file("alice", fixture("tmw_new.csv"), "tmw")
    assert (report.added, report.error_count) == (5, 1)
    assert logs_of(repo)["Bocchi"]["external_id"] == "103"
    assert port.import_file("alice", fixture("tmw_new.csv")).skipped_duplicates == 5


def test_nihongotracker_counts_repeated_rows_and_lands_days_at_local_noon(
    port: Portability, repo: ItemRepository
) -> None:
    report = port.import_file("alice", fixture("nihongotracker.csv"))
    assert (report.format, report.added, [e.line for e in report.errors]) == (
        "nihongotracker", 5, [7, 8]
    )
    frieren = [i for i in repo.query_prefix(user_pk("alice"), "LOG#") if i["title"] == "Frieren"]
    assert len(frieren) == 2
    assert frieren[0]["timestamp"] == int(datetime(2024, 2, 1, 12, tzinfo=TOKYO).timestamp())
    assert frieren[0]["note"] == "anime, fantasy"
    assert logs_of(repo)["NHK articles"]["duration"] == 9000 * 60 // 150
    assert port.import_file("alice", fixture("nihongotracker.csv")).added == 0


def test_kechimochi_dates_in_both_spellings(port: Portability, repo: ItemRepository) -> None:
    report = port.import_file("alice", fixture("kechimochi.csv"))
    assert (report.format, report.added, [e.line for e in report.errors]) == ("kechimochi", 4, [5])
    logs = logs_of(repo)
    assert logs["ハイキュー"]["activity"] == "anime"
    assert logs["Kanon"]["activity"] == "visual_novel"
    assert logs["Something"]["activity"] == "other"


def test_dry_run_writes_nothing_and_tells_the_same(port: Portability, repo: ItemRepository) -> None:
    dry = port.import_file("alice", fixture("tmw_old.csv"), dry_run=True)
    assert list(repo.query_prefix(user_pk("alice"))) == []
    real = port.import_file("alice", fixture("tmw_old.csv"))
    assert (dry.added, dry.minutes_added, dry.first_date) == (
        real.added, real.minutes_added, real.first_date
    )


def test_undo_removes_exactly_that_import(port: Portability, repo: ItemRepository) -> None:
    first = port.import_file("alice", fixture("kechimochi.csv"))
    second = port.import_file("alice", fixture("tmw_new.csv"))
    assert port.undo_import("alice", second.import_id) == second.added
    assert set(logs_of(repo)) == {"ハイキュー", "Kanon", "Podcast", "Something"}
    assert not any(i["sk"].startswith("HISTORY#") and "tmw" in i["ref"]
                   for i in repo.query_prefix(user_pk("alice"), "HISTORY#"))
    with pytest.raises(NotFound):
        port.undo_import("alice", second.import_id)
    assert port.undo_import("alice", first.import_id) == 4


@pytest.mark.parametrize(
    ("content", "asked", "message"),
    [
        (b"hello,world\n1,2\n", "auto", "not an export I know"),
        (b"Date,Log Name\n2024-01-01,x\n", "kechimochi", "lacks the column Duration"),
        (b"date,type\n2024-01-01,anime\n", "nihongotracker", "lacks the column time"),
        (b"Log ID,Media Type\n1,Anime\n", "botsu", "looks like a TMW export"),
        (b"", "auto", "empty"),
        (b"x", "paper", "format: must be auto or one of"),
    ],
)
def test_whole_file_mistakes_are_one_sentence(
    port: Portability, content: bytes, asked: str, message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        port.import_file("alice", io.BytesIO(content), asked)


def test_only_the_first_hundred_errors_are_listed_but_all_are_counted(port: Portability) -> None:
    rows = "".join(f"2024-01-01,x,Anime,-{n},,\n" for n in range(150))
    data = gzip.compress(("Date,Log Name,Media Type,Duration,Characters,Notes\n" + rows).encode())
    report = port.import_file("alice", io.BytesIO(data))
    assert (len(report.errors), report.error_count, report.errors[-1].line) == (100, 150, 101)


class _DiesMidWay(InMemoryItemRepository):
    """The store of a process killed after its first batch of logs landed (while ``dying``)."""

    dying = True

    def transact(self, ops: Any) -> None:
        super().transact(ops)
        if self.dying and any(str(getattr(op, "item", {}).get("sk", "")).startswith("LOG#")
                              for op in ops):
            raise KeyboardInterrupt  # after the rows, before their undo list


def test_an_import_killed_mid_way_completes_without_duplicates_when_run_again() -> None:
    rows = "".join(
        f"2024-01-{1 + n % 28:02d},Book {n},Reading,{n % 600 + 1},,\n" for n in range(2500)
    )
    data = ("Date,Log Name,Media Type,Duration,Characters,Notes\n" + rows).encode()
    store = _DiesMidWay()
    port = Portability(store, lambda: NOW, lambda _user: TOKYO)
    with pytest.raises(KeyboardInterrupt):
        port.import_file("alice", io.BytesIO(data))
    written = len(list(store.query_prefix(user_pk("alice"), "LOG#")))
    assert 0 < written < 2500
    store.dying = False  # the process runs again on what the store kept
    report = Portability(store, lambda: NOW, lambda _user: TOKYO).import_file(
        "alice", io.BytesIO(data)
    )
    assert (report.added, report.skipped_duplicates) == (2500 - written, written)
    assert len(list(store.query_prefix(user_pk("alice"), "LOG#"))) == 2500


def test_our_own_summaries_in_a_file_are_not_recreated(
    port: Portability, repo: ItemRepository
) -> None:
    lines = [
        {"pk": "USER#old", "sk": "LOG#01JB0000000000000000000000", "user": "old",
         "log_id": "01JB0000000000000000000000", "activity": "anime", "duration": 600,
         "timestamp": 1_780_000_000, "created_at": 1_780_000_000, "source": "api"},
        # Built from the entries by the statistics: a file's copy would be trusted as theirs.
        {"pk": "USER#old", "sk": "DAYTOTALS", "user": "old", "version": 9, "stale": True},
        {"pk": "USER#old", "sk": "PROGRESSSUMMARY", "user": "old", "basis": 9, "days": "?"},
    ]
    data = "\n".join(json.dumps(line) for line in lines).encode()
    result = port.import_file("alice", io.BytesIO(data), "ours")
    assert result.added == 1
    assert repo.get(user_pk("alice"), "LOG#01JB0000000000000000000000") is not None
    # The import's own write moves the count of writes on; the file's item is not kept.
    assert repo.get(user_pk("alice"), "DAYTOTALS") is None
    assert repo.get(user_pk("alice"), "PROGRESSSUMMARY") is None


def test_a_row_the_store_cannot_hold_is_reported_and_the_rest_written(
    port: Portability, repo: ItemRepository
) -> None:
    # Its entry's key fits, its history reference's does not: the row is reported before
    # its batch is written, and the store never meets it.
    def log(log_id: str) -> dict[str, object]:
        return {"pk": "USER#old", "sk": f"LOG#{log_id}", "user": "old", "log_id": log_id,
                "activity": "anime", "duration": 600, "timestamp": 1_780_000_000,
                "created_at": 1_780_000_000, "source": "api"}

    lines = [log("a"), log("x" * 1_000), log("b")]
    data = "\n".join(json.dumps(line) for line in lines).encode()
    report = port.import_file("alice", io.BytesIO(data), "ours")
    assert (report.added, [error.line for error in report.errors]) == (2, [2])
    assert "too long" in report.errors[0].message
    assert {str(i["sk"]) for i in repo.query_prefix(user_pk("alice"), "LOG#")} == {
        "LOG#a", "LOG#b"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-01T14:30:00.123456789Z", datetime(2024, 3, 1, 14, 30, 0, 123456, UTC)),
        # Past microseconds the fraction is cut, never rounded up into the next second.
        ("2024-03-01T14:30:59.9999999+00:00", datetime(2024, 3, 1, 14, 30, 59, 999999, UTC)),
        ("2024-03-01 14:30:00", datetime(2024, 3, 1, 14, 30, tzinfo=UTC)),
        ("2024-03-01T23:30:00+09:00", datetime(2024, 3, 1, 14, 30, tzinfo=UTC)),
    ],
)
def test_a_moment_reads_zones_and_nanoseconds(text: str, expected: datetime) -> None:
    assert moment(text, "date") == expected

