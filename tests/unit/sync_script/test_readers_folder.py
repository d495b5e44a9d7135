"""The sync client's readers folder: new or changed exports sent once, files never deleted."""

from __future__ import annotations

import gzip
import io
import json
import shutil
from pathlib import Path

import httpx
import pytest

from sync_script.api import ApiAuthError, ApiError, TrackerApi, open_client
from sync_script.console import Console
from sync_script.readers_folder import sync_readers
from sync_script.readers_plan import STATE_NAME, Sent, to_send

FIXTURES = Path(__file__).parents[2] / "fixtures" / "readers"


class Tracker:
    """Answers ``POST /import`` as the tracker would: a refusal for what it cannot read."""

    def __init__(self, status: int = 200) -> None:
        self.received: list[bytes] = []
        self.status = status

    def handle(self, request: httpx.Request) -> httpx.Response:
        assert (request.method, request.url.path) == ("POST", "/prod/import")
        body = gzip.decompress(request.content)
        self.received.append(body)
        if self.status != 200:
            return httpx.Response(self.status, json={"message": "try later"})
        if body.startswith(b"not"):
            return httpx.Response(400, json={"message": "This is not an export I know."})
        if body.startswith(b"huge"):
            return httpx.Response(413, json={"message": "An upload may hold at most 20 MB."})
        return httpx.Response(200, json={"format": "ttu", "added": 1, "replaced": 0,
                                         "skipped_duplicates": 0, "notes": []})


def api_for(tracker: Tracker) -> TrackerApi:
    client = open_client("https://tracker.example/prod", "alice", "pw",
                         transport=httpx.MockTransport(tracker.handle))
    return TrackerApi(client, sleep=lambda _s: None)


def console() -> tuple[Console, io.StringIO, io.StringIO]:
    out, err = io.StringIO(), io.StringIO()
    return Console(out, err), out, err


def folder_with_exports(tmp_path: Path) -> Path:
    folder = tmp_path / "readers"
    (folder / "ttu" / "本好きの下剋上").mkdir(parents=True)
    shutil.copy(FIXTURES / "ttu_statistics_old.json",
                folder / "ttu" / "本好きの下剋上" / "statistics_1_6_1_9000_1800.json")
    shutil.copy(FIXTURES / "exSTATic_stats.csv", folder / "exSTATic_stats.csv")
    (folder / "notes.txt").write_text("not an export")
    (folder / ".hidden.json").write_text("[]")
    return folder


def test_plan_sends_only_new_or_changed_content() -> None:
    sent = {"a.json": Sent("1", True), "b.csv": Sent("2", True)}
    found = [("a.json", "1"), ("b.csv", "3"), ("c.zip", "4"), ("d.txt", "5"),
             (STATE_NAME, "6"), ("x/statistics.sqlite3-journal", "7"),
             ("ttu-reader-data/本/bookdata_1_6_0_1.zip", "8"),
             ("ttu-reader-data/本/progress_1_6_1_0.5.json", "9")]
    assert to_send(found, sent) == ["b.csv", "c.zip"]


def test_first_run_sends_each_export_then_nothing_until_one_changes(tmp_path: Path) -> None:
    folder = folder_with_exports(tmp_path)
    tracker = Tracker()
    out, printed, _ = console()
    assert sync_readers(folder, api_for(tracker), out) == 0
    assert len(tracker.received) == 2
    assert "exSTATic_stats.csv: ttu, 1 day added" in printed.getvalue()
    assert sync_readers(folder, api_for(tracker), out) == 0
    assert len(tracker.received) == 2  # unchanged: nothing sent
    # The CSV grows, as exSTATic's does: only it goes again.
    shutil.copy(FIXTURES / "exSTATic_stats_grown.csv", folder / "exSTATic_stats.csv")
    assert sync_readers(folder, api_for(tracker), out) == 0
    assert tracker.received[2:] == [(FIXTURES / "exSTATic_stats_grown.csv").read_bytes()]
    assert sorted(p.name for p in folder.rglob("*") if p.is_file()) == sorted(
        [".hidden.json", STATE_NAME, "exSTATic_stats.csv", "notes.txt",
         "statistics_1_6_1_9000_1800.json"])


def test_a_refused_file_is_told_and_not_sent_again_until_it_changes(tmp_path: Path) -> None:
    folder = tmp_path / "readers"
    folder.mkdir()
    (folder / "broken.json").write_text("not json at all")
    tracker = Tracker()
    out, _, errors = console()
    assert sync_readers(folder, api_for(tracker), out) == 1
    assert "broken.json: 400 This is not an export I know." in errors.getvalue()
    assert sync_readers(folder, api_for(tracker), out) == 0
    assert len(tracker.received) == 1
    state = json.loads((folder / STATE_NAME).read_text("utf-8"))
    assert state["files"]["broken.json"]["accepted"] is False


def test_a_server_failure_records_nothing_so_the_next_run_sends_again(tmp_path: Path) -> None:
    folder = folder_with_exports(tmp_path)
    tracker = Tracker(status=503)
    out, _, _ = console()
    with pytest.raises(ApiError, match="try later"):
        sync_readers(folder, api_for(tracker), out)
    assert not (folder / STATE_NAME).exists()
    tracker.status = 200
    assert sync_readers(folder, api_for(tracker), out) == 0
    assert len(tracker.received) == 4 + 2  # four attempts at the first file, then both


def test_dry_run_names_the_files_and_sends_nothing(tmp_path: Path) -> None:
    folder = folder_with_exports(tmp_path)
    out, printed, _ = console()
    assert sync_readers(folder, None, out, dry_run=True) == 0
    assert "Would send exSTATic_stats.csv." in printed.getvalue()
    assert not (folder / STATE_NAME).exists()


@pytest.mark.parametrize("status", [401, 403])
def test_a_refused_password_records_nothing_so_every_file_goes_once_it_is_fixed(
        tmp_path: Path, status: int) -> None:
    folder = folder_with_exports(tmp_path)
    tracker = Tracker(status=status)
    out, _, _ = console()
    with pytest.raises(ApiAuthError):
        sync_readers(folder, api_for(tracker), out)
    assert len(tracker.received) == 1  # the run stopped at the first refusal
    assert not (folder / STATE_NAME).exists()
    tracker.status = 200
    assert sync_readers(folder, api_for(tracker), out) == 0
    assert len(tracker.received) == 1 + 2


@pytest.mark.parametrize("status", [404, 405, 429])
def test_an_answer_not_about_the_file_records_nothing(tmp_path: Path, status: int) -> None:
    folder = folder_with_exports(tmp_path)
    out, _, _ = console()
    with pytest.raises(ApiError):
        sync_readers(folder, api_for(Tracker(status=status)), out)
    assert not (folder / STATE_NAME).exists()


def test_a_file_over_the_upload_limit_is_told_and_the_others_still_go(tmp_path: Path) -> None:
    folder = tmp_path / "readers"
    folder.mkdir()
    (folder / "a_statistics.sqlite3").write_bytes(b"huge database")
    (folder / "b_stats.csv").write_text("a small export")
    tracker = Tracker()
    out, printed, errors = console()
    assert sync_readers(folder, api_for(tracker), out) == 1
    assert "a_statistics.sqlite3: 413 An upload may hold at most 20 MB." in errors.getvalue()
    assert "b_stats.csv: ttu, 1 day added" in printed.getvalue()
    state = json.loads((folder / STATE_NAME).read_text("utf-8"))
    assert state["files"]["a_statistics.sqlite3"]["accepted"] is False
    assert state["files"]["b_stats.csv"]["accepted"] is True
    # Not sent again until it changes; once smaller it goes.
    assert sync_readers(folder, api_for(tracker), out) == 0
    assert len(tracker.received) == 2
    (folder / "a_statistics.sqlite3").write_bytes(b"a database gzipped smaller")
    assert sync_readers(folder, api_for(tracker), out) == 0
    assert len(tracker.received) == 3
