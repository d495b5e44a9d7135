"""Reader exports (ttu, mokuro, exSTATic) import in place: one entry per title and day."""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from handlers.service.core.errors import InvalidInput
from handlers.service.logbook import history
from handlers.service.logbook.area import Logbook
from handlers.service.logbook.history_entries import entry_id
from handlers.service.logbook.writes import EntryChanges, LogRequest, edit, log
from handlers.service.portability.area import Portability
from storage.memory import InMemoryItemRepository
from storage.models import user_pk
from storage.repository import Op, Put, TransactionConflict
from tests.support.counting_repository import CountingRepository

FIXTURES = Path(__file__).parents[2] / "fixtures" / "readers"
NOW = datetime(2026, 12, 3, 3, 0, tzinfo=UTC)
TOKYO = ZoneInfo("Asia/Tokyo")
WRITES = ("put", "put_if_absent", "put_many_if_absent", "write_many", "update", "delete",
          "transact")


@pytest.fixture
def repo() -> Iterator[InMemoryItemRepository]:
    with InMemoryItemRepository() as store:
        yield store


def portability(repo: Any) -> Portability:
    draws = iter(range(10**6))
    return Portability(repo, lambda: NOW, lambda _user: TOKYO, lambda n: next(draws).to_bytes(n))


@pytest.fixture
def port(repo: InMemoryItemRepository) -> Portability:
    return portability(repo)


def fixture(name: str) -> io.BytesIO:
    return io.BytesIO((FIXTURES / name).read_bytes())


Days = dict[tuple[str, str], dict[str, Any]]


def days(repo: InMemoryItemRepository, user: str = "alice") -> Days:
    """Entries by (title, local day)."""
    out = {}
    for item in repo.query_prefix(user_pk(user), "LOG#"):
        day = datetime.fromtimestamp(int(item["timestamp"]), TOKYO).date().isoformat()
        out[(str(item["title"]), day)] = item
    return out


def figures(item: dict[str, Any]) -> tuple[int, int | None]:
    characters = item.get("characters")
    return int(item["duration"]), None if characters is None else int(characters)


BOOK = "本好きの下剋上 第一部 I"


def test_ttu_file_gives_one_entry_per_book_and_date_key(
    port: Portability, repo: InMemoryItemRepository
) -> None:
    report = port.import_file("alice", fixture("ttu_statistics_old.json"))
    assert (report.format, report.added, report.replaced) == ("ttu", 2, 0)
    found = days(repo)
    # The reader's own day (dateKey) holds the figures, whatever its modification time's zone.
    assert figures(found[(BOOK, "2026-12-01")]) == (1800, 9000)
    assert figures(found[(BOOK, "2026-11-30")]) == (1200, 6000)
    entry = found[(BOOK, "2026-12-01")]
    assert (entry["activity"], entry["amount"], entry["unit"]) == ("book", 9000, "characters")


def test_newer_export_replaces_the_day_instead_of_adding(
    port: Portability, repo: InMemoryItemRepository
) -> None:
    port.import_file("alice", fixture("ttu_statistics_old.json"))
    report = port.import_file("alice", fixture("ttu_statistics_new.json"), "ttu")
    assert (report.added, report.replaced, report.skipped_duplicates) == (1, 1, 1)
    assert report.minutes_added == 20  # 10 more on 12-01, 10 on 12-02
    found = days(repo)
    assert len(found) == 3
    assert figures(found[(BOOK, "2026-12-01")]) == (2400, 12000)


def test_unchanged_file_makes_no_store_write(repo: InMemoryItemRepository) -> None:
    portability(repo).import_file("alice", fixture("ttu_statistics_new.json"))
    counting = CountingRepository(repo)
    report = portability(counting).import_file("alice", fixture("ttu_statistics_new.json"))
    assert (report.added, report.replaced, report.skipped_duplicates) == (0, 0, 3)
    assert sum(counting.calls[name] for name in WRITES) == 0


def test_undo_restores_exactly_what_the_import_replaced(
    port: Portability, repo: InMemoryItemRepository
) -> None:
    port.import_file("alice", fixture("ttu_statistics_old.json"))
    before = {key: figures(item) for key, item in days(repo).items()}
    newer = port.import_file("alice", fixture("ttu_statistics_new.json"))
    port.undo_import("alice", newer.import_id)
    assert {key: figures(item) for key, item in days(repo).items()} == before
    assert not list(repo.query_prefix(user_pk("alice"), f"IMPORTED#{newer.import_id}"))


def test_an_edited_day_is_left_as_the_learner_made_it(
    port: Portability, repo: InMemoryItemRepository
) -> None:
    port.import_file("alice", fixture("ttu_statistics_old.json"))
    item = days(repo)[(BOOK, "2026-12-01")]
    edit(repo, "alice", entry_id(str(item["sk"])), EntryChanges(minutes=45), now=NOW, zone=TOKYO)
    report = port.import_file("alice", fixture("ttu_statistics_new.json"))
    assert report.edited_kept == 1
    assert int(days(repo)[(BOOK, "2026-12-01")]["duration"]) == 45 * 60


def test_ttu_export_zip_reads_every_book(port: Portability, repo: InMemoryItemRepository) -> None:
    buffer = io.BytesIO()
    second = json.loads((FIXTURES / "ttu_statistics_old.json").read_text("utf-8"))
    for element in second:
        element["title"] = "かがみの孤城"
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(f"{BOOK}/statistics_1_6_1764540000000_12000_2400_0_0_0_0_0.json",
                         (FIXTURES / "ttu_statistics_new.json").read_bytes())
        archive.writestr("かがみの孤城/statistics_1_6_1_9000_1800_0_0_0_0_0.json",
                         json.dumps(second, ensure_ascii=False))
        archive.writestr("かがみの孤城/progress_1_6_1_0.5.json", "{}")
    report = port.import_file("alice", io.BytesIO(buffer.getvalue()))
    assert (report.format, report.added) == ("ttu", 5)


def test_mokuro_totals_become_days_by_growth(
    port: Portability, repo: InMemoryItemRepository
) -> None:
    first = port.import_file("alice", fixture("mokuro_volume-data_old.json"))
    assert (first.format, first.added) == ("mokuro", 1)  # the deleted volume is skipped
    port.import_file("alice", fixture("mokuro_volume-data_new.json"))
    found = days(repo)
    title = "よつばと！ 第1巻"
    assert figures(found[(title, "2026-11-30")]) == (30 * 60, 2000)
    # 16:30 UTC is 01:30 the next day in Tokyo: the growth lands on the learner's day.
    assert figures(found[(title, "2026-12-02")]) == (45 * 60, 3000)
    assert int(found[(title, "2026-12-02")]["pages"]) == 50
    again = port.import_file("alice", fixture("mokuro_volume-data_new.json"))
    assert (again.added, again.replaced, again.skipped_duplicates) == (0, 0, 1)
    # The older file sent again after the newer one changes nothing either.
    older = port.import_file("alice", fixture("mokuro_volume-data_old.json"))
    assert (older.added, older.replaced, older.skipped_duplicates) == (0, 0, 1)
    assert len(days(repo)) == 2


def test_exstatic_csv_with_bom_and_crlf_adds_up_clients(
    port: Portability, repo: InMemoryItemRepository
) -> None:
    report = port.import_file("alice", fixture("exSTATic_stats.csv"))
    assert (report.format, report.added) == ("exstatic", 3)
    found = days(repo)
    summer = found[("Summer Pockets", "2026-12-01")]
    assert figures(summer) == (2400, 4500)
    assert (summer["activity"], int(summer["lines"])) == ("visual_novel", 150)
    assert found[("ttu-book", "2026-12-01")]["activity"] == "book"
    grown = port.import_file("alice", fixture("exSTATic_stats_grown.csv"))
    assert (grown.added, grown.skipped_duplicates) == (1, 3)


@pytest.mark.parametrize(
    ("body", "asked", "words"),
    [
        (b"[{\"title\": \"x\", ", "ttu", "not valid JSON"),
        (b"{\"vol\": ", "mokuro", "not valid JSON"),
        (b"PK\x03\x04 broken zip", "auto", "zip file is damaged"),
        (b"SQLite format 3\x00" + b"\x00" * 200, "auto", "damaged"),
        (b"date,type,mediaId,time,characters,episodes,pages,description,tags\n", "ttu",
         "looks like a NihongoTracker export"),
        ((FIXTURES / "ttu_statistics_old.json").read_bytes(), "exstatic",
         "looks like a ッツ Ebook Reader (ttu) export"),
        ((FIXTURES / "exSTATic_stats.csv").read_bytes(), "tmw", "exSTATic"),
        (b"SQLite format 3\x00" + b"\x00" * 200, "ttu", "but this file is a SQLite database"),
        (b"PK\x03\x04 a zip", "koreader", "but this file is a zip file"),
        (b'[{"id": 1, "name": "not a day"}]', "auto", "not a ttu statistics file"),
        (b'{"settings": {"theme": "dark"}}', "auto", "not mokuro volume data"),
    ],
)
def test_bad_input_is_refused_whole_and_writes_nothing(
    repo: InMemoryItemRepository, body: bytes, asked: str, words: str
) -> None:
    counting = CountingRepository(repo)
    with pytest.raises(InvalidInput, match=re.escape(words)):
        portability(counting).import_file("alice", io.BytesIO(body), asked)
    assert sum(counting.calls[name] for name in WRITES) == 0


def test_dry_run_counts_without_writing(repo: InMemoryItemRepository) -> None:
    portability(repo).import_file("alice", fixture("ttu_statistics_old.json"))
    counting = CountingRepository(repo)
    report = portability(counting).import_file(
        "alice", fixture("ttu_statistics_new.json"), dry_run=True)
    assert (report.added, report.replaced, report.skipped_duplicates) == (1, 1, 1)
    assert sum(counting.calls[name] for name in WRITES) == 0


def test_replaced_figures_show_in_the_history(
    port: Portability, repo: InMemoryItemRepository
) -> None:
    port.import_file("alice", fixture("ttu_statistics_old.json"))
    port.import_file("alice", fixture("ttu_statistics_new.json"))
    shown = {(e.title, e.minutes) for e in history.page(repo, "alice", limit=10).entries}
    assert shown == {(BOOK, 20.0), (BOOK, 40.0), (BOOK, 10.0)}


def test_a_log_giving_minutes_beside_its_characters_is_a_measured_reading_speed(
    repo: InMemoryItemRepository,
) -> None:
    # The Log form's "45 minutes, 9,000 characters": the learner timed it, so the overview
    # charts it; characters alone (minutes from the speed setting) are not a measurement,
    # and an edit of the minutes keeps the characters, read in the minutes now given.
    def typed(log_id: str, minutes: int | None, amount: int) -> None:
        request = LogRequest(activity="book", title="Kino", minutes=minutes, amount=amount,
                             unit="characters", date="2026-12-01")
        log(repo, "alice", request, now=NOW, zone=TOKYO, reading_speed=lambda: {"book": 100},
            source="web", log_id=log_id)

    typed("01TIMED", 45, 9000)
    typed("02DERIVED", None, 5000)
    typed("03EDITED", 30, 3000)
    edited = history.page(repo, "alice", limit=10).entries
    edit(repo, "alice", next(e.id for e in edited if e.minutes == 30), EntryChanges(minutes=20),
         now=NOW, zone=TOKYO)
    logbook = Logbook(repo, lambda: NOW, lambda _user: TOKYO)
    body = logbook.stats("alice", "2026-12-01", "2026-12-01", "day")
    assert [(s["activity"], s["characters"], s["minutes"], s["characters_per_minute"])
            for s in body["reading_speed"]] == [("book", 9000 + 3000, 45.0 + 20, 184.6)]


def test_stats_chart_the_measured_reading_speed(
    port: Portability, repo: InMemoryItemRepository
) -> None:
    port.import_file("alice", fixture("ttu_statistics_new.json"))
    port.import_file("alice", fixture("exSTATic_stats.csv"))
    # Characters typed by hand turn into minutes by the learner's setting: not a measurement.
    typed = LogRequest(activity="book", title="typed", amount=5000, unit="characters",
                       date="2026-12-01")
    log(repo, "alice", typed, now=NOW, zone=TOKYO, reading_speed=dict, source="api",
        log_id="01TYPED")
    logbook = Logbook(repo, lambda: NOW, lambda _user: TOKYO)
    body = logbook.stats("alice", "2026-12-01", "2026-12-02", "week")
    assert [(s["date"], s["activity"], s["characters_per_minute"])
            for s in body["reading_speed"]] == [
        ("2026-12-01", "book", (12000 + 1200) / 50),  # ttu 40 min, exSTATic's ttu 10 min
        ("2026-12-01", "visual_novel", 4500 / 40),
        ("2026-12-02", "book", 300.0),
        ("2026-12-02", "visual_novel", 120.0),
    ]
    assert body["by_activity"][0]["activity"] == "book"  # the existing fields are unchanged


class RacedRepository(CountingRepository):
    """A store where another writer changes every entry between our read and our update."""

    def transact(self, ops: Sequence[Op]) -> None:
        for index, op in enumerate(ops):
            if (isinstance(op, Put) and op.expected_version is not None
                    and str(op.item["sk"]).startswith("LOG#")):
                raise TransactionConflict(index)
        self.inner.transact(ops)


def test_a_day_changed_meanwhile_keeps_the_other_writers_version(
    repo: InMemoryItemRepository,
) -> None:
    portability(repo).import_file("alice", fixture("ttu_statistics_old.json"))
    report = portability(RacedRepository(repo)).import_file(
        "alice", fixture("ttu_statistics_new.json"))
    assert (report.added, report.replaced, report.edited_kept) == (1, 0, 0)
    assert report.skipped_duplicates == 2
    assert figures(days(repo)[(BOOK, "2026-12-01")]) == (1800, 9000)


def test_an_older_mokuro_file_after_a_newer_one_counts_nothing_twice(
    port: Portability, repo: InMemoryItemRepository
) -> None:
    port.import_file("alice", fixture("mokuro_volume-data_new.json"))
    older = port.import_file("alice", fixture("mokuro_volume-data_old.json"))
    assert (older.added, older.replaced, older.skipped_duplicates) == (0, 0, 1)
    (only,) = days(repo).values()
    assert figures(only) == (75 * 60, 5000)  # the newer totals, once
