"""A file is not trusted: our own format is checked as a log is, exports carry only the record,
a CSV export never hands a spreadsheet a formula, and two people's files cannot both claim one
user."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from handlers.service.core.errors import InvalidInput
from handlers.service.facade import Service
from handlers.service.logbook import history_index
from handlers.service.logbook.writes import LogRequest
from handlers.service.portability.area import Portability
from handlers.service.portability.source_items import is_source
from handlers.settings import Settings
from storage.memory import InMemoryItemRepository
from storage.models import user_pk
from storage.repository import Item
from tests.unit.handlers.provider_doubles import fake_clients

FIXTURES = Path(__file__).parents[2] / "fixtures" / "imports"
NOW = datetime(2026, 12, 1, 22, 0, tzinfo=UTC)
GOOD = {"pk": "USER#old", "sk": "LOG#01JB0000000000000000000000", "user": "old",
        "log_id": "01JB0000000000000000000000", "activity": "anime", "title": "Frieren",
        "duration": 600, "timestamp": 1_780_000_000, "created_at": 1_780_000_000,
        "source": "api", "version": 1}


@pytest.fixture
def service() -> Iterator[Service]:
    made = Service(repo=InMemoryItemRepository(), providers=fake_clients(),
                   settings=Settings(timezone="UTC"), clock=lambda: NOW)
    yield made
    made.close()


def _file(*items: dict[str, Any]) -> io.BytesIO:
    return io.BytesIO("".join(json.dumps(item) + "\n" for item in items).encode())


def _bad(**changes: Any) -> dict[str, Any]:
    log_id = f"01JB{len(json.dumps(changes)):022d}"
    return {**GOOD, "sk": f"LOG#{log_id}", "log_id": log_id, **changes}


@pytest.mark.parametrize(
    ("item", "message"),
    [
        (_bad(duration=10**12), "duration: one entry covers at most 24 hours"),
        (_bad(duration="abc"), "duration: Input should be a valid integer"),
        (_bad(duration=0), "duration: must be at least one second"),
        (_bad(title="x" * 10_000), "title: longer than 200 characters"),
        (_bad(note="n" * 1001), "note: longer than 1,000 characters"),
        (_bad(activity="juggling"), "activity:"),
        (_bad(timestamp=1_900_000_000), "timestamp: is not a moment between 1970 and now"),
        (_bad(amount=-5.0), "amount: must be more than zero"),
        (_bad(amount=1.0, unit="bananas"), "unit: must be one of"),
        ({**GOOD, "sk": "LOG#other"}, "sk: does not match"),
        ({"pk": "USER#old", "sk": "MOVIE#m.mkv", "user": "old", "file_name": "m.mkv",
          "timestamp": 1_780_000_000, "movie_duration": 10**12},
         "movie_duration: a length is at most a week"),
        ({"pk": "USER#old", "sk": "SETTINGS", "user": "old", "timezone": "Mars/Olympus"},
         "timezone: is not a known time zone"),
    ],
)
def test_our_format_refuses_what_a_log_would_refuse(
    service: Service, item: dict[str, Any], message: str
) -> None:
    report = service.portability.import_file("alice", _file(GOOD, item), "ours")
    assert report.added == 1
    assert [(e.line, e.message[: len(message)]) for e in report.errors] == [(2, message)]
    assert service.repo.get(user_pk("alice"), item["sk"]) in (None, _as_imported(GOOD))
    # What was taken leaves every read of the account working.
    service.progress("alice")
    assert len(service.logbook.history("alice", limit=10, cursor=None).entries) == 1
    service.logbook.stats("alice", "2026-05-01", "2026-12-01", "month")
    assert len(list(csv.reader(io.StringIO("".join(service.portability.export_csv("alice")))))) == 2


def _botsu_row(row_id: str, when: str) -> str:
    return json.dumps({"id": row_id, "user_id": "1", "name": "Frieren", "primary_type":
                       "listening", "media_type": "anime", "duration": 600_000_000_000,
                       "date": when, "meta": None, "deleted_at": None}) + "\n"


def test_a_peers_row_dated_ahead_or_before_1970_is_reported_and_skipped(
    service: Service,
) -> None:
    # Now is 22:00 UTC on December 1st; the user's day is UTC's.
    kechimochi = ("Date,Log Name,Media Type,Duration,Characters,Notes\n"
                  "2026-12-02,Tomorrow,Reading,30,,\n1960-06-01,Long ago,Reading,30,,\n"
                  "2026-12-01,Today,Reading,30,,\n2026-11-30,Yesterday,Reading,30,,\n")
    report = service.portability.import_file("alice", io.BytesIO(kechimochi.encode()))
    assert [(error.line, error.message) for error in report.errors] == [
        (2, "the date is in the future; log what you already did."),
        (3, "the date is before 1970; the tracker records from 1970 on.")]
    assert report.added == 2
    # A moment may lie up to five minutes ahead (a fast clock), as a log's ``at`` may.
    botsu = (_botsu_row("a1", "2026-12-01T22:04:00Z") + _botsu_row("a2", "2026-12-01T22:06:00Z")
             + _botsu_row("a3", "2099-01-01T00:00:00Z"))
    report = service.portability.import_file("alice", io.BytesIO(botsu.encode()), "botsu")
    assert [(error.line, error.message) for error in report.errors] == [
        (2, "the date is in the future; log what you already did."),
        (3, "the date is in the future; log what you already did.")]
    assert report.added == 1
    # No entry lies ahead of now but by a fast clock's minutes: today's day is noon, passed.
    stamps = {item["title"]: item["timestamp"] for item in
              service.store.query_prefix(user_pk("alice"), "LOG#")}
    assert stamps["Today"] == datetime(2026, 12, 1, 12, tzinfo=UTC).timestamp()
    assert max(stamps.values()) <= NOW.timestamp() + 300


def test_a_readers_day_ahead_is_reported_and_skipped(service: Service) -> None:
    def day(key: str) -> dict[str, Any]:
        return {"title": "本", "dateKey": key, "charactersRead": 900, "readingTime": 600}

    ttu = json.dumps([day("2026-11-30"), day("2026-12-01"), day("2026-12-02")]).encode()
    report = service.portability.import_file("alice", io.BytesIO(ttu), "ttu")
    assert [error.message for error in report.errors] == [
        "本 on 2026-12-02: the date is in the future; log what you already did."]
    assert report.added == 2
    stamps = sorted(int(item["timestamp"]) for item in
                    service.store.query_prefix(user_pk("alice"), "LOG#"))
    assert stamps[-1] == datetime(2026, 12, 1, 12, tzinfo=UTC).timestamp()


def test_a_title_page_reads_an_entry_of_year_one_an_earlier_import_stored(
    service: Service,
) -> None:
    # Imports refuse such a day now; one stored before that still reads (it was a 500).
    first = datetime(1, 1, 1, 6, tzinfo=UTC)
    entry = {**GOOD, "pk": user_pk("alice"), "user": "alice", "title": "Ancient",
             "timestamp": int(first.timestamp())}
    with service.writing("alice") as writing:
        writing.add(entry)
    page = service.logbook.title("alice", "Ancient")
    assert (page["first_day"], page["total_minutes"]) == ("0001-01-01", 10)
    assert page["by_week"] == [{"start": "0001-01-01", "minutes": 10}]


def _as_imported(item: dict[str, Any]) -> dict[str, Any]:
    return {**item, "pk": user_pk("alice"), "user": "alice"}


def test_bookkeeping_in_a_file_is_never_recreated(service: Service) -> None:
    kinds: list[tuple[str, dict[str, Any]]] = [
        ("HISTORY#0001780000000#LOG#x", {"ref": "LOG#x"}),
        ("HISTORYINDEX#3", {}), ("DUE#reminder", {"due": 1}), ("UNDO#01", {"keys": []}),
        ("DAYTOTALS", {"stale": True}), ("PROGRESSSUMMARY", {"basis": 1}),
        ("IMPORT#01", {"status": "done"}), ("TELEGRAMLINK#42", {"chat_id": 42}),
        ("GOAL#MET#all#day#2026-01-01", {"met_at": 1}),
    ]
    derived = [{"pk": "USER#old", "sk": sk, "user": "old", "version": 1, "from_file": True,
                **extra} for sk, extra in kinds]
    report = service.portability.import_file("alice", _file(GOOD, *derived), "ours")
    assert (report.added, report.error_count) == (1, 0)
    # The import builds its own history index and summaries; none is the file's copy.
    assert [item["sk"] for item in service.repo.query_prefix(user_pk("alice"))
            if "from_file" in item] == []
    assert service.repo.get(user_pk("alice"), "HISTORY#0001780000000#LOG#x") is None


def test_the_jsonl_export_carries_only_the_record(service: Service) -> None:
    service.logbook.log_text("alice", "25m anime Frieren")
    service.set_timezone("alice", "Asia/Tokyo")
    stored = {str(item["sk"]) for item in service.repo.query_prefix(user_pk("alice"))}
    assert any(sk.startswith(("HISTORY#", "UNDO#")) for sk in stored)  # bookkeeping exists
    exported = [json.loads(line) for line in "".join(
        service.portability.export_jsonl("alice")).splitlines()]
    assert {item["sk"] for item in exported} == {sk for sk in stored if is_source(sk)}
    assert any(item["sk"].startswith("LOG#") for item in exported)
    assert any(item["sk"] == "SETTINGS" for item in exported)


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_csv_export_never_starts_a_cell_with_a_formula(service: Service, start: str) -> None:
    title = f"{start}HYPERLINK(\"https://evil.example\",\"x\")"
    request = LogRequest(activity="video", title=title, minutes=12, note=f"{start}1+1")
    service.logbook.log("alice", request, "api")
    (entry,) = service.logbook.history("alice", limit=10, cursor=None).entries
    text = "".join(service.portability.export_csv("alice"))
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert rows[0]["id"] == entry.id
    assert rows[0]["note"] == f"'{start}1+1"
    assert rows[0]["title"] in ("'" + title, title.strip())  # a log's title is trimmed
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r"))
                   for row in rows for cell in row.values())


def test_export_names_carry_the_user_and_their_day(service: Service) -> None:
    service.set_timezone("alice", "Asia/Tokyo")  # 22:00 UTC on the 1st is the 2nd there
    port = service.portability
    assert port.export_name("alice", "jsonl") == "immersion-alice-2026-12-02.jsonl"
    assert port.export_name('a"b/c', "csv") == "immersion-a_b_c-2026-12-01.csv"


class _Racing(InMemoryItemRepository):
    """A store where another import lands between a claim's read and its write."""

    def __init__(self) -> None:
        super().__init__()
        self.meanwhile: list[Any] = []

    def _race(self, item_sk: str) -> None:
        if item_sk == "SETTINGS" and self.meanwhile:
            self.meanwhile.pop()()

    def put_if_absent(self, item: Item) -> bool:
        self._race(str(item["sk"]))
        return super().put_if_absent(item)

    def update(self, pk: str, sk: str, changes: Any, expected_version: int) -> Item:
        self._race(sk)
        return super().update(pk, sk, changes, expected_version)


def test_two_peoples_exports_racing_cannot_both_be_imported() -> None:
    store = _Racing()
    port = Portability(store, lambda: NOW, lambda _user: ZoneInfo("UTC"))
    mine = (FIXTURES / "botsu.jsonl").read_bytes()
    theirs = mine.replace(b"219870045311", b"555")
    outcomes: list[str] = []

    def other_import() -> None:
        try:
            port.import_file("alice", io.BytesIO(theirs))
            outcomes.append("theirs imported")
        except InvalidInput:
            outcomes.append("theirs refused")

    store.meanwhile.append(other_import)
    try:
        port.import_file("alice", io.BytesIO(mine))
        outcomes.append("mine imported")
    except InvalidInput:
        outcomes.append("mine refused")
    assert sorted(outcomes) == ["mine refused", "theirs imported"]
    imports = {str(log["source"]) for log in store.query_prefix(user_pk("alice"), "LOG#")}
    assert len(imports) == 1


def _plant(service: Service, sk: str, **fields: Any) -> None:
    """A bad entry as an early import stored it: the entry and its history reference, as is."""
    log_id = sk.removeprefix("LOG#")
    at = int(NOW.timestamp()) - 3600
    service.repo.put({**GOOD, "pk": user_pk("alice"), "user": "alice", "sk": sk,
                      "log_id": log_id, "timestamp": at, **fields})
    service.repo.put(history_index.reference_item("alice", at, sk))


def test_reads_survive_a_bad_stored_entry(
    service: Service, caplog: pytest.LogCaptureFixture
) -> None:
    service.leaderboards.join(-100, "alice")
    service.leaderboards.join(-100, "bob")
    service.logbook.log_text("bob", "20m anime Frieren")
    kept = service.logbook.log_text("alice", "25m anime Frieren")
    _plant(service, "LOG#01BADDURATION", duration="abc")
    _plant(service, "LOG#01BADHUGE", duration=10**12)
    _plant(service, "LOG#01BADMOMENT", timestamp="soon")
    for _ in range(2):  # each read twice: the bad entries are logged once
        assert service.progress("alice")["today_minutes"] == 25
        page = service.logbook.history("alice", limit=10, cursor=None)
        assert [entry.minutes for entry in page.entries] == [25]
        stats = service.logbook.stats("alice", None, None, "day")
        assert stats is not None
        rows = "".join(service.portability.export_csv("alice")).splitlines()
        assert len(rows) == 2
        ranking = service.leaderboards.ranking(-100, "week")
        assert [(r.user, r.minutes) for r in ranking] == [("alice", 25), ("bob", 20)]
    skipped = [r.getMessage() for r in caplog.records if "cannot be read" in r.getMessage()]
    assert len(skipped) == 3 and all("LOG#01BAD" in message for message in skipped)
    # The bad entries stay stored: nothing recorded is lost.
    assert service.repo.get(user_pk("alice"), "LOG#01BADDURATION") is not None
    service.logbook.delete("alice", kept.entry.id)
    assert service.progress("alice")["today_minutes"] == 0


def test_an_import_that_stored_a_bad_entry_can_still_be_undone(service: Service) -> None:
    report = service.portability.import_file("alice", _file(GOOD), "ours")
    source = f"import:ours:{report.import_id}"
    _plant(service, "LOG#01BADMOMENT", timestamp="soon", source=source)
    _plant(service, "LOG#01BADDURATION", duration="abc", source=source)
    assert service.portability.undo_import("alice", report.import_id) == 3
    assert list(service.repo.query_prefix(user_pk("alice"), "LOG#")) == []
    assert service.logbook.history("alice", limit=10, cursor=None).entries == []


def test_an_item_the_store_cannot_hold_is_a_row_error_not_a_half_import(
    service: Service,
) -> None:
    long_names = {"pk": "USER#old", "sk": "EPISODE#" + "f" * 600 + "#" + "e" * 600,
                  "user": "old", "folder_name": "f" * 600, "file_name": "e" * 600,
                  "timestamp": 1_780_000_000}
    rows = [{**GOOD, "sk": f"LOG#01JB{n:022d}", "log_id": f"01JB{n:022d}"} for n in range(1500)]
    report = service.portability.import_file("alice", _file(*rows[:1200], long_names,
                                                               *rows[1200:]), "ours")
    assert report.added == 1500
    assert [(e.line, e.message[:30]) for e in report.errors] == [
        (1201, "The show folder and file name ")]


def test_an_entry_whose_history_reference_key_is_too_long_is_a_row_error(
    service: Service,
) -> None:
    # Its own key fits (1,004 bytes); its reference's, 34 bytes longer, does not.
    folder, file = "f" * 495, "e" * 500
    tight = {"pk": "USER#old", "sk": f"EPISODE#{folder}#{file}", "user": "old",
             "folder_name": folder, "file_name": file, "timestamp": 1_780_000_000}
    report = service.portability.import_file("alice", _file(GOOD, tight), "ours")
    assert report.added == 1
    assert [(e.line, e.message[:30]) for e in report.errors] == [
        (2, "The show folder and file name ")]
