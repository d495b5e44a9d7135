"""When the local server gzips an API answer, and what the gzipped answer carries."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator

import pytest

from handlers.http.compression import MIN_BYTES, accepts_gzip, compressible, negotiated
from handlers.http.exchange import ApiResponse, api_headers

ORIGIN = "https://tracker.example"
BIG = json.dumps({"days": [{"date": f"2026-01-{d:02d}", "minutes": d} for d in range(1, 29)] * 4},
                 ensure_ascii=False)


def _json(body: str = BIG, status: int = 200, extra: dict[str, str] | None = None) -> (
    ApiResponse
):
    return ApiResponse(status, body, {**api_headers(ORIGIN), **(extra or {})})


@pytest.mark.parametrize(("header", "takes"), [
    ("gzip", True),
    ("gzip, deflate, br, zstd", True),
    ("br;q=1.0, GZIP;q=0.5", True),
    ("*", True),
    ("gzip;q=0", False),
    ("gzip;q=0.000, *", False),
    ("*;q=0", False),
    ("deflate, br", False),
    ("identity", False),
    ("", False),
    (None, False),
    ("gzip;q=nonsense", False),
])
def test_accept_encoding_is_read_with_its_weights(header: str | None, takes: bool) -> None:
    assert accepts_gzip(header) is takes


def test_a_large_json_answer_is_gzipped_for_a_client_that_takes_gzip() -> None:
    assert len(BIG) > MIN_BYTES
    sent = negotiated("GET", "gzip, br", _json())
    assert sent.status == 200 and sent.body == "" and sent.binary is not None
    assert sent.headers["Content-Encoding"] == "gzip"
    assert sent.headers["Vary"] == "Accept-Encoding"
    assert sent.headers["Content-Type"] == "application/json; charset=utf-8"
    assert json.loads(gzip.decompress(sent.binary)) == json.loads(BIG)
    assert len(sent.binary) < len(BIG) // 4


def test_without_gzip_the_answer_is_the_same_bytes_and_still_varies() -> None:
    sent = negotiated("GET", None, _json())
    assert sent.body == BIG and sent.binary is None and "Content-Encoding" not in sent.headers
    # A cache must not hand this plain copy to a client that asked for gzip (or back).
    assert sent.headers["Vary"] == "Accept-Encoding"


def test_an_existing_vary_is_kept_and_accept_encoding_added_once() -> None:
    sent = negotiated("GET", "gzip", _json(extra={"vary": "Origin"}))
    assert [v for k, v in sent.headers.items() if k.lower() == "vary"] == [
        "Origin, Accept-Encoding"]
    again = negotiated("GET", "gzip", _json(extra={"Vary": "origin, accept-encoding"}))
    assert again.headers["Vary"] == "origin, accept-encoding"


def test_a_strong_etag_becomes_weak_on_the_gzipped_bytes() -> None:
    sent = negotiated("GET", "gzip", _json(extra={"ETag": '"abc"'}))
    assert sent.headers["ETag"] == 'W/"abc"'
    plain = negotiated("GET", "", _json(extra={"ETag": '"abc"'}))
    assert plain.headers["ETag"] == '"abc"'
    weak = negotiated("GET", "gzip", _json(extra={"ETag": 'W/"abc"'}))
    assert weak.headers["ETag"] == 'W/"abc"'


def test_a_small_answer_is_left_alone() -> None:
    small = _json(json.dumps({"message": "x" * (MIN_BYTES - 20)}))
    assert not compressible("GET", small)
    assert negotiated("GET", "gzip", small) is small


def _lines() -> Iterator[str]:
    yield "{}\n"


@pytest.mark.parametrize(("method", "response"), [
    ("HEAD", _json()),
    ("GET", _json(status=304)),
    ("GET", _json(status=204)),
    # An export leaves chunk by chunk as it is produced; it is never gathered to compress.
    ("GET", ApiResponse(200, "", {"Content-Type": "application/x-ndjson"}, stream=_lines())),
    ("GET", ApiResponse(200, "", {"Content-Type": "image/png"}, binary=b"\x89PNG" * 1000)),
    ("GET", _json(extra={"Content-Encoding": "br"})),
    ("GET", ApiResponse(200, BIG, {"Content-Type": "application/octet-stream"})),
])
def test_answers_that_must_not_be_gzipped_are_passed_through(
    method: str, response: ApiResponse
) -> None:
    assert not compressible(method, response)
    assert negotiated(method, "gzip", response) is response


def test_an_error_body_large_enough_is_gzipped_like_any_json() -> None:
    sent = negotiated("POST", "gzip", _json(status=422))
    assert sent.status == 422 and sent.headers["Content-Encoding"] == "gzip"
