"""Export streamed and files imported through the local server and the Lambda adapter (does I/O)."""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from handlers.aws.api_lambda import response_to_proxy
from handlers.http.api import Api, ApiResponse
from handlers.http.local_server import LocalServer
from handlers.service.facade import Service
from handlers.settings import Settings
from storage.sqlite import SQLiteItemRepository
from tests.support.local_server import serving
from tests.unit.handlers.provider_doubles import fake_clients

FIXTURES = Path(__file__).parents[2] / "fixtures" / "imports"


@pytest.fixture
def http(tmp_path: Path) -> Iterator[httpx.Client]:
    repo = SQLiteItemRepository(tmp_path / "t.sqlite3")
    settings = Settings(max_import_bytes=50_000)
    service = Service(repo=repo, providers=fake_clients(), settings=settings)
    service.accounts.add("alice", "correct horse")
    server = LocalServer(Api(service, service.accounts.authenticator), "127.0.0.1", 0)
    try:
        with serving(server):
            base = f"http://127.0.0.1:{server.address[1]}"
            with httpx.Client(base_url=base, auth=("alice", "correct horse")) as client:
                yield client
    finally:
        repo.close()


def test_import_then_export_both_formats_chunked(http: httpx.Client) -> None:
    packed = (FIXTURES / "botsu.jsonl.gz").read_bytes()
    dry = http.post("/import", content=packed, params={"dry_run": "true"}).json()
    assert (dry["format"], dry["added"], dry["error_count"]) == ("botsu", 5, 2)
    done = http.post("/import", content=packed).json()
    assert done["added"] == 5 and [e["line"] for e in done["errors"]] == [5, 6]
    exported = http.get("/export", params={"format": "csv"})
    assert exported.headers["transfer-encoding"] == "chunked"
    assert exported.headers["content-type"].startswith("text/csv")
    lines = exported.text.splitlines()
    assert lines[0].startswith("id,kind,activity,title") and len(lines) == 6
    items = [json.loads(line) for line in http.get("/export").text.splitlines()]
    assert sum(item["sk"].startswith("LOG#") for item in items) == 5
    assert http.delete(f"/imports/{done['import_id']}").json() == {"removed": 5, "restored": 0}
    assert http.delete(f"/imports/{done['import_id']}").status_code == 404


def test_a_file_over_the_limit_is_a_413_naming_it(http: httpx.Client) -> None:
    big = gzip.compress(b"x" * 10) + b"\0" * 60_000
    answer = http.post("/import", content=big)
    assert answer.status_code == 413
    assert "at most 50 kB" in answer.json()["message"]


def test_the_lambda_gathers_a_stream_and_refuses_past_six_megabytes() -> None:
    small = response_to_proxy(ApiResponse(200, "", {}, stream=iter(["a\n", "b\n"])))
    assert small["body"] == "a\nb\n"
    huge = response_to_proxy(ApiResponse(200, "", {}, stream=iter(["x" * 1_000_000] * 7)))
    assert huge["statusCode"] == 413
    assert "6 MB" in json.loads(huge["body"])["message"]


def test_export_is_named_after_the_user_and_the_day(http: httpx.Client) -> None:
    answer = http.get("/export", params={"format": "csv"})
    disposition = answer.headers["content-disposition"]
    assert re.fullmatch(r'attachment; filename="immersion-alice-\d{4}-\d{2}-\d{2}\.csv"',
                        disposition), disposition


def test_a_form_upload_is_told_to_send_the_bytes(http: httpx.Client) -> None:
    fixture = (FIXTURES / "kechimochi.csv").read_bytes()
    answer = http.post("/import", files={"file": ("k.csv", fixture)})
    assert answer.status_code == 400
    assert "--data-binary" in answer.json()["message"]
    plain = http.post("/import", content=fixture,
                      headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert plain.status_code == 200 and plain.json()["added"] == 4  # what curl -d sends


def test_a_gzip_bomb_is_a_413_naming_the_limit(http: httpx.Client) -> None:
    bomb = gzip.compress(b"Date,Log Name,Duration\n" + b"x" * 5_000_000)
    assert len(bomb) < 50_000
    answer = http.post("/import", content=bomb)
    assert answer.status_code == 413
    assert "longer than 65,536 bytes" in answer.json()["message"]
