"""Any bytes sent to the import are read or refused in one sentence, never a server error."""

from __future__ import annotations

import gzip
import io
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handlers.service.core.errors import InvalidInput, TooLarge
from handlers.service.portability.area import Portability
from handlers.service.portability.imports import detect
from handlers.service.portability.imports.limits import ImportLimits
from storage.memory import InMemoryItemRepository
from tests.unit.handlers.router_harness import call, router
from tests.unit.handlers.test_reader_imports import days, figures, portability

EXSTATIC_HEADER = "client,uuid,name,given_identifier,type,date,lines_read,chars_read,time_read"
EXSTATIC_ROW = "pc,4c1d,Summer Pockets,SiglusEngine.exe,vn,2026-12-01,120,3600,1800"
NIHONGOTRACKER = "date,type,mediaId,time\r2026-12-01,reading,x,30\r"


@pytest.fixture
def port() -> Portability:
    return portability(InMemoryItemRepository())


def test_a_csv_with_old_mac_line_endings_is_read_like_any_other() -> None:
    # Excel for Mac's "CSV (Macintosh)" still ends lines with a bare CR.
    with InMemoryItemRepository() as repo:
        body = ("\ufeff" + EXSTATIC_HEADER + "\r" + EXSTATIC_ROW + "\r").encode()
        report = portability(repo).import_file("alice", io.BytesIO(gzip.compress(body)))
        assert (report.format, report.added, report.errors) == ("exstatic", 1, [])
        assert figures(days(repo)[("Summer Pockets", "2026-12-01")]) == (1800, 3600)


def test_a_peer_csv_with_old_mac_line_endings_is_read_like_any_other(port: Portability) -> None:
    report = port.import_file("alice", io.BytesIO(NIHONGOTRACKER.encode()), dry_run=True)
    assert (report.format, report.added, report.minutes_added) == ("nihongotracker", 1, 30)


def test_a_stray_carriage_return_in_a_row_is_refused_naming_its_line(port: Portability) -> None:
    body = f"{EXSTATIC_HEADER}\n{EXSTATIC_ROW}\npc,a\rb,x,y,vn,2026-12-02,1,1,1\n".encode()
    with pytest.raises(InvalidInput, match="Line 3 of this exSTATic file cannot be read"):
        port.import_file("alice", io.BytesIO(body))


@pytest.mark.parametrize(
    ("body", "asked", "words"),
    [
        (b"[" * 5000, "auto", "not valid JSON"),
        (b'{"v": {"progress": 1, "x": ' + b"[" * 5000, "mokuro", "not valid JSON"),
        (b"\r".join([b"a,\"b\rc"] * 3), "auto", "not an export I know"),
    ],
)
def test_a_damaged_file_is_refused_in_one_sentence(port: Portability, body: bytes, asked: str,
                                                   words: str) -> None:
    with pytest.raises(InvalidInput, match=re.escape(words)):
        port.import_file("alice", io.BytesIO(body), asked)


def test_a_deeply_nested_line_of_ours_is_that_lines_error(port: Portability) -> None:
    first = b'{"pk": "USER#alice", "sk": "SETTINGS"}\n'
    report = port.import_file("alice", io.BytesIO(first + b'{"a": ' + b"[" * 5000 + b"\n"),
                              dry_run=True)
    assert [error.line for error in report.errors] == [2]


def test_an_endless_mokuro_total_is_that_volumes_error(port: Portability) -> None:
    body = (b'{"v1": {"series_title": "s", "volume_title": "v", "chars": 1e999,'
            b' "timeReadInMinutes": 5, "lastProgressUpdate": "2026-12-01T10:00:00Z"}}')
    report = port.import_file("alice", io.BytesIO(body), dry_run=True)
    assert (report.format, report.added, report.error_count) == ("mokuro", 0, 1)
    assert "chars" in report.errors[0].message


_STARTS = st.sampled_from([
    b"", b"\xef\xbb\xbf", b"SQLite format 3\x00", b"PK\x03\x04", b"[", b'{"v": {',
    (EXSTATIC_HEADER + "\n").encode(), b'{"pk": "USER#alice", "sk": "SETTINGS"}\n',
    b"date,type,mediaId,time\n", b"Date,Activity,Title,Duration,Log ID\n",
])
_BYTES = st.binary(max_size=500) | st.lists(
    st.sampled_from([b"\r", b"\n", b",", b'"', b"[", b"{", b"}", b":", b"1", b"a", b"\x00",
                     b"\xff", b"2026-12-01"]), max_size=80).map(b"".join)


def test_any_bytes_get_an_answer_never_a_server_error() -> None:
    with router() as api:
        @settings(max_examples=150, deadline=None,
                  suppress_health_check=[HealthCheck.too_slow])
        @given(start=_STARTS, rest=_BYTES, packed=st.booleans(), dry=st.booleans())
        def check(start: bytes, rest: bytes, packed: bool, dry: bool) -> None:
            body = gzip.compress(start + rest) if packed else start + rest
            answer = call(api, "POST", "/import", raw=body,
                          query={"format": "auto", "dry_run": "true" if dry else "false"})
            assert answer.status in (200, 400, 413), answer.body

        check()


_LINE_TEXT = st.text(st.sampled_from("ab,\"x\u3042"), max_size=12)


@settings(max_examples=100, deadline=None)
@given(rows=st.lists(st.tuples(_LINE_TEXT, st.sampled_from(["\r", "\n", "\r\n"])),
                     min_size=1, max_size=30))
def test_lines_of_an_old_mac_file_are_its_lines_however_they_fall_in_chunks(
        rows: list[tuple[str, str]]) -> None:
    body = "first\rsecond" + "".join(text + end for text, end in rows)
    found = list(detect.lines(io.BytesIO(body.encode()), ImportLimits(max_line_bytes=40)))
    assert found == body.splitlines(keepends=True)


def test_a_line_of_an_old_mac_file_past_the_line_limit_is_refused() -> None:
    body = b"first\r" + b"x" * 100 + b"\rlast\r"
    with pytest.raises(TooLarge, match="Line 2 is longer than 40 bytes"):
        list(detect.lines(io.BytesIO(body), ImportLimits(max_line_bytes=40)))
