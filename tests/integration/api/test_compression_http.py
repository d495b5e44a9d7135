"""``immersion-tracker serve`` gzips large JSON answers for clients that take gzip (sockets)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import httpx

from tests.support.api_server import running_api

YEAR = {"from": "2025-01-01", "to": "2025-12-31", "bucket": "day"}
"""A year of days, as the web page's first visit reads it: tens of kilobytes of JSON."""


def _raw(http: httpx.Client, path: str, params: dict[str, str], encoding: str) -> (
    tuple[httpx.Response, bytes]
):
    """The answer and its body as sent on the wire (httpx would otherwise unpack it)."""
    with http.stream("GET", path, params=params, headers={"Accept-Encoding": encoding}) as answer:
        return answer, b"".join(answer.iter_raw())


def test_a_year_of_stats_is_gzipped_with_accept_encoding_and_plain_without(
    tmp_path: Path,
) -> None:
    with running_api(tmp_path) as api, api.client() as http:
        for day, minutes in (("2025-02-03", 30), ("2025-07-14", 95), ("2025-12-30", 12)):
            http.post("/log", json={"activity": "reading", "minutes": minutes, "title": "Kino",
                                    "date": day}).raise_for_status()
        packed, wire = _raw(http, "/stats", YEAR, "gzip, deflate, br")
        plain, body = _raw(http, "/stats", YEAR, "identity")
        assert packed.status_code == plain.status_code == 200
        assert packed.headers["content-encoding"] == "gzip"
        assert "content-encoding" not in plain.headers
        assert packed.headers["vary"] == plain.headers["vary"] == "Accept-Encoding"
        assert packed.headers["content-type"] == plain.headers["content-type"] == (
            "application/json; charset=utf-8")
        assert int(packed.headers["content-length"]) == len(wire)
        assert int(plain.headers["content-length"]) == len(body) > 10_000
        assert gzip.decompress(wire) == body
        assert len(wire) * 5 < len(body)
        # A first-generation client (httpx, which unpacks gzip itself) reads the same JSON.
        assert http.get("/stats", params=YEAR).json() == json.loads(body)


def test_a_streamed_export_is_not_gzipped(tmp_path: Path) -> None:
    with running_api(tmp_path) as api, api.client() as http:
        for minutes in range(5, 60):
            http.post("/log", json={"activity": "anime", "minutes": minutes,
                                    "title": f"Show {minutes}", "date": "2025-03-01"},
                      ).raise_for_status()
        export, lines = _raw(http, "/export", {}, "gzip")
        assert export.status_code == 200
        assert "content-encoding" not in export.headers
        rows = [json.loads(line) for line in lines.decode().splitlines()]
        assert len([row for row in rows if row.get("activity") == "anime"]) == 55
