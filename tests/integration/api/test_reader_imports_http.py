"""Reader statistics through the local server: in place, undone, edited days kept (does I/O)."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from handlers.http.api import Api
from handlers.http.local_server import LocalServer
from handlers.service.facade import Service
from handlers.settings import Settings
from storage.sqlite import SQLiteItemRepository
from tests.support import reader_databases
from tests.support.local_server import serving
from tests.unit.handlers.provider_doubles import fake_clients

FIXTURES = Path(__file__).parents[2] / "fixtures" / "readers"


@pytest.fixture
def http(tmp_path: Path) -> Iterator[httpx.Client]:
    repo = SQLiteItemRepository(tmp_path / "t.sqlite3")
    service = Service(repo=repo, providers=fake_clients(), settings=Settings())
    service.accounts.add("alice", "correct horse")
    server = LocalServer(Api(service, service.accounts.authenticator), "127.0.0.1", 0)
    try:
        with serving(server):
            base = f"http://127.0.0.1:{server.address[1]}"
            with httpx.Client(base_url=base, auth=("alice", "correct horse")) as client:
                yield client
    finally:
        repo.close()


def minutes_by_title(http: httpx.Client) -> list[tuple[str, float]]:
    entries = http.get("/history", params={"limit": 50}).json()["entries"]
    return sorted((e["title"], e["minutes"]) for e in entries)


def test_newer_export_replaces_days_and_undo_puts_them_back(http: httpx.Client) -> None:
    old = http.post("/import", content=(FIXTURES / "ttu_statistics_old.json").read_bytes())
    assert (old.status_code, old.json()["format"], old.json()["added"]) == (200, "ttu", 2)
    before = minutes_by_title(http)
    new = http.post("/import", params={"format": "ttu"},
                    content=(FIXTURES / "ttu_statistics_new.json").read_bytes()).json()
    assert (new["added"], new["replaced"], new["skipped_duplicates"]) == (1, 1, 1)
    assert new["notes"] == ["1 day got the export's newer figures."]
    assert http.delete(f"/imports/{new['import_id']}").json() == {"removed": 1, "restored": 1}
    assert minutes_by_title(http) == before


def test_an_edited_day_stays_and_the_answer_says_so(http: httpx.Client) -> None:
    http.post("/import", content=(FIXTURES / "exSTATic_stats.csv").read_bytes())
    entries = http.get("/history").json()["entries"]
    summer = next(e for e in entries if e["title"] == "Summer Pockets" and e["minutes"] == 40)
    assert http.patch(f"/history/{summer['id']}", json={"minutes": 55}).status_code == 200
    changed = (FIXTURES / "exSTATic_stats.csv").read_bytes().replace(b",3600,1800,", b",4000,2000,")
    answer = http.post("/import", content=changed).json()
    assert (answer["edited_kept"], answer["replaced"]) == (1, 0)
    assert "1 entry you edited was left as you made it." in answer["notes"]
    assert ("Summer Pockets", 55.0) in minutes_by_title(http)


def test_a_gzipped_koreader_database_imports(http: httpx.Client, tmp_path: Path) -> None:
    path = reader_databases.koreader(tmp_path / "statistics.sqlite3",
                                     {"三体": [(1, 1_764_600_000, 90), (2, 1_764_600_100, 30)]})
    answer = http.post("/import", content=gzip.compress(path.read_bytes()))
    assert (answer.status_code, answer.json()["format"], answer.json()["added"]) == (
        200, "koreader", 1)


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b"PK\x03\x04\x14\x00 not really a zip", "zip file is damaged"),
        (b"SQLite format 3\x00" + b"\x07" * 300, "damaged"),
        (b'[{"title": "x", "dateKey": ', "not valid JSON"),
    ],
)
def test_bad_reader_files_are_400s_naming_the_problem(
    http: httpx.Client, body: bytes, words: str
) -> None:
    answer = http.post("/import", content=body)
    assert answer.status_code == 400
    assert words in answer.json()["message"]
    assert http.get("/history").json()["entries"] == []
