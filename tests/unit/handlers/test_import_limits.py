"""Every import reads its file within bounds, and a file it cannot read whole writes nothing."""

from __future__ import annotations

import gzip
import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from handlers.service.core.errors import InvalidInput, ServiceUnavailable, TooLarge
from handlers.service.portability.area import Portability
from handlers.service.portability.imports.limits import DEFAULT_LIMITS, ImportLimits
from handlers.service.portability.imports.records import KEYS_PER_LIST
from handlers.service.portability.imports.runner import BATCH
from storage.memory import InMemoryItemRepository
from storage.models import user_pk
from storage.repository import Put, StorageUnavailable

FIXTURES = Path(__file__).parents[2] / "fixtures" / "imports"
NOW = datetime(2026, 12, 1, 22, 0, tzinfo=UTC)
HEADER = b"Date,Log Name,Media Type,Duration,Characters,Notes\n"


@pytest.fixture
def repo() -> Iterator[InMemoryItemRepository]:
    with InMemoryItemRepository() as store:
        yield store


def _port(repo: InMemoryItemRepository, limits: ImportLimits = DEFAULT_LIMITS,
          ticker: Iterator[float] | None = None) -> Portability:
    zone = ZoneInfo("Asia/Tokyo")
    if limits is DEFAULT_LIMITS and ticker is None:
        return Portability(repo, lambda: NOW, lambda _user: zone)
    ticks = ticker or iter(lambda: 0.0, 1.0)  # a clock that stands still
    return Portability(repo, lambda: NOW, lambda _user: zone, limits=limits,
                       ticker=lambda: next(ticks))


def _rows(count: int) -> bytes:
    return b"".join(b"2024-01-%02d,Book %d,Reading,%d,,\n" % (1 + n % 28, n, 1 + n % 600)
                    for n in range(count))


def _stored(repo: InMemoryItemRepository) -> list[object]:
    return list(repo.query_prefix(user_pk("alice")))


def test_a_gzip_bomb_stops_at_the_decompressed_limit(repo: InMemoryItemRepository) -> None:
    bomb = gzip.compress(HEADER + _rows(5000))
    port = _port(repo, ImportLimits(max_decompressed_bytes=50_000))
    with pytest.raises(TooLarge, match=r"at most 50 kB of text \(after unzipping\)"):
        port.import_file("alice", io.BytesIO(bomb))
    assert _stored(repo) == []


def test_one_endless_line_stops_at_the_line_limit(repo: InMemoryItemRepository) -> None:
    # A megabyte of gzip holding one line of a gigabyte grew a worker past 2 GiB.
    endless = gzip.compress(b'{"pk": "USER#x", "sk": "LOG#1", "t": "' + b"0" * 2_000_000)
    with pytest.raises(TooLarge, match="Line 1 is longer than 65,536 bytes"):
        _port(repo).import_file("alice", io.BytesIO(endless))


def test_blank_lines_count_against_the_row_limit(repo: InMemoryItemRepository) -> None:
    newlines = HEADER + _rows(3) + b"\n" * 5000
    with pytest.raises(TooLarge, match="at most 1,000 lines"):
        _port(repo, ImportLimits(max_rows=1000)).import_file("alice", io.BytesIO(newlines))
    assert _stored(repo) == []


def test_reading_stops_at_the_time_limit(repo: InMemoryItemRepository) -> None:
    def seconds() -> Iterator[float]:
        return iter(float(n) for n in range(10**6))  # a second passes at each look

    port = _port(repo, ImportLimits(max_seconds=50), seconds())
    with pytest.raises(TooLarge, match="longer than 50 seconds"):
        port.import_file("alice", io.BytesIO(HEADER + _rows(200)))
    assert _stored(repo) == []
    assert _port(repo, ImportLimits(max_seconds=500), seconds()).import_file(
        "alice", io.BytesIO(HEADER + _rows(200))).added == 200


def test_invalid_utf8_after_good_rows_writes_nothing(repo: InMemoryItemRepository) -> None:
    data = HEADER + _rows(2500) + b"2024-01-01,\xff\xfe,Reading,5,,\n"
    with pytest.raises(InvalidInput, match="not UTF-8 text") as refused:
        _port(repo).import_file("alice", io.BytesIO(data))
    assert _stored(repo) == []
    assert str(refused.value).startswith("Line 2,502 ")


def test_a_csv_cell_past_the_csv_limit_writes_nothing(repo: InMemoryItemRepository) -> None:
    # A quoted cell may span lines: each line is short, the cell is over 128 KiB.
    cell = b"\n".join([b"y" * 1000] * 140)
    data = HEADER + _rows(2500) + b'2024-01-01,"' + cell + b'",Reading,5,,\n'
    with pytest.raises(InvalidInput, match="cannot be read as CSV"):
        _port(repo).import_file("alice", io.BytesIO(data))
    assert _stored(repo) == []


def test_a_truncated_gzip_after_good_rows_writes_nothing(repo: InMemoryItemRepository) -> None:
    packed = gzip.compress(HEADER + _rows(3000))
    with pytest.raises(InvalidInput, match="gzip file is truncated"):
        _port(repo).import_file("alice", io.BytesIO(packed[:-20]))
    assert _stored(repo) == []


@pytest.mark.parametrize("name", ["botsu.jsonl", "tmw_old.csv", "kechimochi.csv"])
def test_a_byte_order_mark_does_not_cost_the_first_row(
    repo: InMemoryItemRepository, name: str
) -> None:
    plain = (FIXTURES / name).read_bytes()
    without = _port(InMemoryItemRepository()).import_file("alice", io.BytesIO(plain))
    marked = _port(repo).import_file("alice", io.BytesIO("\ufeff".encode() + plain))
    assert (marked.added, marked.error_count) == (without.added, without.error_count)


class _FailsMidWay(InMemoryItemRepository):
    """A store that stops answering once the first batch of logs has landed."""

    def transact(self, ops: Any) -> None:
        logs = self.query_prefix(user_pk("alice"), "LOG#")
        new_logs = any(isinstance(op, Put) and str(op.item["sk"]).startswith("LOG#") for op in ops)
        if new_logs and len(list(logs)) >= BATCH:
            raise StorageUnavailable("busy")
        super().transact(ops)


def test_a_store_failing_part_way_answers_the_import_id_to_undo() -> None:
    store = _FailsMidWay()
    port = _port(store)
    with pytest.raises(ServiceUnavailable, match=f"after {BATCH:,} entries") as stop:
        port.import_file("alice", io.BytesIO(HEADER + _rows(2 * BATCH + 500)))
    import_id = re.search(r"undo import (\S+) to remove", str(stop.value))
    assert import_id is not None
    assert port.undo_import("alice", import_id.group(1)) == BATCH
    assert list(store.query_prefix(user_pk("alice"), "LOG#")) == []


def test_a_batch_lists_its_keys_in_items_of_at_most_a_thousand(
    repo: InMemoryItemRepository,
) -> None:
    """A batch creates more keys than one ``IMPORTED#`` item may carry (DynamoDB's 400 KB
    with long sort keys): they are listed in parts, and undo finds every one."""
    port = _port(repo)
    report = port.import_file("alice", io.BytesIO(HEADER + _rows(KEYS_PER_LIST + 700)))
    assert report.added == KEYS_PER_LIST + 700
    lists = list(repo.query_prefix(user_pk("alice"), "IMPORTED#"))
    assert sorted(len(item["keys"]) for item in lists) == [700, KEYS_PER_LIST]
    assert port.undo_import("alice", report.import_id) == KEYS_PER_LIST + 700
    assert list(repo.query_prefix(user_pk("alice"), "LOG#")) == []


def _botsu(count: int, user: str = "u1") -> bytes:
    return b"".join(
        b'{"id": "a%d", "user_id": "%s", "primary_type": "reading", "media_type": "book",'
        b' "duration": %d, "date": "2024-01-%02dT10:00:00Z"}\n'
        % (n, user.encode(), (1 + n % 600) * 1_000_000_000, 1 + n % 28) for n in range(count))


def test_a_botsu_file_is_held_to_the_limits_after_its_account_is_known(
    repo: InMemoryItemRepository,
) -> None:
    # Once the first row names the account, the other rows are not parsed before the
    # writing (each is its own row there), but every line is still read within the limits
    # first: a bad line past the first batch writes nothing.
    line = f"Line {BATCH + 2:,}"
    cases: list[tuple[bytes, type[Exception], str]] = [
        (b"\xff\xfe\n", InvalidInput, f"{line} is not UTF-8 text"),
        (b"x" * 70_000 + b"\n", TooLarge, f"{line} is longer than 65,536 bytes")]
    for tail, error, message in cases:
        with pytest.raises(error, match=message):
            _port(repo).import_file("alice", io.BytesIO(_botsu(BATCH + 1) + tail))
        assert _stored(repo) == []
    # A later row of another account, or no JSON at all, is that row's error alone.
    data = _botsu(3) + _botsu(1, user="u2") + b"{not json\n"
    report = _port(repo).import_file("alice", io.BytesIO(data))
    assert report.added == 3
    assert [(error.line, error.message) for error in report.errors] == [
        (4, "the row belongs to another account (u2)."), (5, "the line is not JSON.")]
