"""KOReader and Anki databases import in place, read-only, and bad ones are refused whole."""

from __future__ import annotations

import io
import sqlite3
import subprocess
import sys
import zipfile
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from handlers.service.core.errors import InvalidInput, TooLarge
from handlers.service.portability.area import Portability
from storage.memory import InMemoryItemRepository
from storage.models import user_pk
from tests.support import reader_databases
from tests.support.counting_repository import CountingRepository

NOW = datetime(2026, 12, 3, 3, 0, tzinfo=UTC)
TOKYO = ZoneInfo("Asia/Tokyo")
WRITES = ("put", "put_if_absent", "put_many_if_absent", "write_many", "update", "delete",
          "transact")


def at(text: str) -> int:
    """Epoch seconds of a Tokyo wall-clock time."""
    return int(datetime.fromisoformat(text).replace(tzinfo=TOKYO).timestamp())


@pytest.fixture
def repo() -> Iterator[InMemoryItemRepository]:
    with InMemoryItemRepository() as store:
        yield store


def portability(repo: Any) -> Portability:
    draws = iter(range(10**6))
    return Portability(repo, lambda: NOW, lambda _user: TOKYO, lambda n: next(draws).to_bytes(n))


def days(repo: InMemoryItemRepository) -> dict[tuple[str, str], dict[str, Any]]:
    out = {}
    for item in repo.query_prefix(user_pk("alice"), "LOG#"):
        day = datetime.fromtimestamp(int(item["timestamp"]), TOKYO).date().isoformat()
        out[(str(item["title"]), day)] = item
    return out


def import_path(repo: Any, path: Path, asked: str = "auto") -> Any:
    with path.open("rb") as stream:
        return portability(repo).import_file("alice", stream, asked)


def koreader_file(tmp_path: Path, extra: Sequence[tuple[int, int, int]] = ()) -> Path:
    pages = [
        (1, at("2026-12-01T23:58:00"), 60),  # a session across midnight: two days
        (2, at("2026-12-01T23:59:00"), 50),
        (3, at("2026-12-02T00:00:30"), 40),
        (3, at("2026-12-02T00:01:30"), 20),  # the same page again: one page, both times
        *extra,
    ]
    return reader_databases.koreader(tmp_path / "statistics.sqlite3", {"三体": pages})


def test_koreader_days_split_at_local_midnight(
    tmp_path: Path, repo: InMemoryItemRepository
) -> None:
    report = import_path(repo, koreader_file(tmp_path))
    assert (report.format, report.added) == ("koreader", 2)
    found = days(repo)
    first, second = found[("三体", "2026-12-01")], found[("三体", "2026-12-02")]
    assert (int(first["duration"]), int(first["pages"]), first["unit"]) == (110, 2, "pages")
    assert (int(second["duration"]), int(second["pages"])) == (60, 1)


def test_koreader_copied_again_replaces_only_the_grown_day(
    tmp_path: Path, repo: InMemoryItemRepository
) -> None:
    first = koreader_file(tmp_path)
    import_path(repo, first)
    grown = tmp_path / "grown"
    grown.mkdir()
    counting = CountingRepository(repo)
    again = import_path(counting, first)
    assert (again.added, again.replaced, again.skipped_duplicates) == (0, 0, 2)
    assert sum(counting.calls[name] for name in WRITES) == 0
    later = import_path(repo, koreader_file(grown, [(4, at("2026-12-02T08:00:00"), 100)]))
    assert (later.added, later.replaced, later.skipped_duplicates) == (0, 1, 1)
    assert int(days(repo)[("三体", "2026-12-02")]["duration"]) == 160


def test_a_database_without_statistics_tables_is_named(
    tmp_path: Path, repo: InMemoryItemRepository
) -> None:
    path = reader_databases.koreader(tmp_path / "settings.sqlite3", {}, schema=False)
    counting = CountingRepository(repo)
    with pytest.raises(InvalidInput, match="no KOReader statistics tables"):
        import_path(counting, path, "koreader")
    assert sum(counting.calls[name] for name in WRITES) == 0


def test_a_truncated_database_is_refused(tmp_path: Path, repo: InMemoryItemRepository) -> None:
    whole = koreader_file(tmp_path).read_bytes()
    cut = tmp_path / "cut.sqlite3"
    cut.write_bytes(whole[: len(whole) // 3])
    with pytest.raises(InvalidInput, match="damaged"):
        import_path(repo, cut)
    assert not list(repo.query_prefix(user_pk("alice"), "LOG#"))


def test_the_database_is_opened_read_only(tmp_path: Path, repo: InMemoryItemRepository) -> None:
    path = koreader_file(tmp_path)
    before = path.read_bytes()
    import_path(repo, path)
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("statistics.sqlite3-*"))  # no journal left beside it


def anki_reviews() -> list[tuple[int, int, int]]:
    ms = 1000
    return [
        (at("2026-12-01T21:00:00") * ms, 3, 8000),
        (at("2026-12-02T02:00:00") * ms, 1, 12000),  # before 4 am: still Anki's 12-01
        (at("2026-12-02T02:00:05") * ms, 0, 0),  # a manual reschedule: no review
        (at("2026-12-02T09:00:00") * ms, 4, 40000),
    ]


def test_anki_days_roll_over_at_four(tmp_path: Path, repo: InMemoryItemRepository) -> None:
    path = reader_databases.anki(tmp_path / "collection.anki2", anki_reviews())
    report = import_path(repo, path)
    assert (report.format, report.added) == ("anki", 2)
    found = days(repo)
    first = found[("Anki", "2026-12-01")]
    assert (int(first["duration"]), int(first["reviews"]), first["activity"]) == (20, 2, "anki")
    assert int(found[("Anki", "2026-12-02")]["duration"]) == 40


def test_anki_package_reads_its_plain_collection(
    tmp_path: Path, repo: InMemoryItemRepository
) -> None:
    path = reader_databases.anki(tmp_path / "collection.anki21", anki_reviews())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(path, "collection.anki21")
        archive.writestr("media", "{}")
    report = portability(repo).import_file("alice", io.BytesIO(buffer.getvalue()), "anki")
    assert (report.format, report.added) == ("anki", 2)


def test_anki_package_with_only_a_compressed_collection_says_how_to_export(
    tmp_path: Path, repo: InMemoryItemRepository
) -> None:
    placeholder = reader_databases.anki(tmp_path / "collection.anki2", [])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.write(placeholder, "collection.anki2")
        archive.writestr("collection.anki21b", b"\x28\xb5\x2f\xfd compressed")
        archive.writestr("meta", b"\x08\x03")
    with pytest.raises(InvalidInput, match="Support older Anki versions"):
        portability(repo).import_file("alice", io.BytesIO(buffer.getvalue()))


def test_anki_collection_of_a_newer_schema_is_refused(
    tmp_path: Path, repo: InMemoryItemRepository
) -> None:
    path = reader_databases.anki(tmp_path / "collection.anki2", anki_reviews(), version=19)
    counting = CountingRepository(repo)
    with pytest.raises(InvalidInput, match="schema 19"):
        import_path(counting, path)
    assert sum(counting.calls[name] for name in WRITES) == 0


def test_a_koreader_database_asked_as_anki_is_refused(
    tmp_path: Path, repo: InMemoryItemRepository
) -> None:
    with pytest.raises(InvalidInput, match="not an Anki collection"):
        import_path(repo, koreader_file(tmp_path), "anki")


_MEASURE = """
import resource, sys
from datetime import UTC, datetime
from zoneinfo import ZoneInfo
from handlers.service.portability.area import Portability
from storage.memory import InMemoryItemRepository
port = Portability(InMemoryItemRepository(), lambda: datetime(2026, 12, 3, tzinfo=UTC),
                   lambda _u: ZoneInfo("Asia/Tokyo"))
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
with open(sys.argv[1], "rb") as stream:
    report = port.import_file("alice", stream, "koreader")
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(report.added, (after - before) // 1024)
"""


def test_a_50_mb_database_streams_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "statistics.sqlite3"
    reader_databases.koreader(path, {})
    start = at("2022-01-01T08:00:00")
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO book (title, md5) VALUES ('長い本', 'md5-long')")
        db.executemany(
            "INSERT INTO page_stat_data VALUES (1, ?, ?, 30, 100000)",
            ((n % 100_000, start + n * 97) for n in range(900_000)))
    assert path.stat().st_size > 50_000_000
    done = subprocess.run([sys.executable, "-c", _MEASURE, str(path)], capture_output=True,
                          text=True, check=True, timeout=300)
    added, grown_mb = map(int, done.stdout.split())
    assert added > 0
    assert grown_mb < 100


def test_reading_past_the_time_limit_stops_before_any_write(
    tmp_path: Path, repo: InMemoryItemRepository
) -> None:
    ticks = iter(range(0, 10**6, 45))  # every look at the clock finds 45 s more gone
    counting = CountingRepository(repo)
    port = Portability(counting, lambda: NOW, lambda _u: TOKYO,
                       ticker=lambda: float(next(ticks)))
    with koreader_file(tmp_path).open("rb") as stream, pytest.raises(TooLarge, match="60"):
        port.import_file("alice", stream)
    assert sum(counting.calls[name] for name in WRITES) == 0


def test_a_koreader_database_from_before_the_page_log_says_to_open_it_once(
    tmp_path: Path, repo: InMemoryItemRepository
) -> None:
    path = tmp_path / "statistics.sqlite3"
    with sqlite3.connect(path) as db:
        # KOReader's schema before 2020-10-22: page times in page_stat, no page_stat_data.
        db.executescript("CREATE TABLE book (id integer PRIMARY KEY, title text, authors text,"
                         " md5 text); CREATE TABLE page_stat (id_book integer, page integer,"
                         " start_time integer, period integer); PRAGMA user_version = 20180101;")
    with pytest.raises(InvalidInput, match="schema version 20180101"):
        import_path(repo, path)
