"""Opening an uploaded file (plain or gzipped), telling which tracker wrote it (reads the file)."""

from __future__ import annotations

import gzip
import itertools
import json
import re
import time
import zlib
from collections.abc import Callable, Iterator
from functools import partial
from typing import IO

from handlers.service.core.errors import TooLarge
from handlers.service.portability.imports import kechimochi, nihongotracker, tmw
from handlers.service.portability.imports.csv_table import header_of
from handlers.service.portability.imports.limits import DEFAULT_LIMITS, ImportLimits
from handlers.service.portability.imports.readers.figures import FORMATS as READER_FORMATS
from handlers.service.portability.imports.rows import ImportFormatError

FORMATS = ("ours", "botsu", "tmw", "nihongotracker", "kechimochi")
NAMES = {
    "ours": "Immersion Tracker",
    "botsu": "Botsu",
    "tmw": "TMW",
    "nihongotracker": "NihongoTracker",
    "kechimochi": "Kechimochi",
}
_CSV_COLUMNS = {
    "tmw": (*tmw.OLD_COLUMNS, *tmw.NEW_COLUMNS),
    "nihongotracker": nihongotracker.COLUMNS,
    "kechimochi": (*kechimochi.COLUMNS, "Activity Type"),
}
_GZIP_MAGIC = b"\x1f\x8b"
_BARE_CR = re.compile(rb"\r[^\n]")


def lines(
    stream: IO[bytes],
    limits: ImportLimits = DEFAULT_LIMITS,
    clock: Callable[[], float] = time.monotonic,
    deadline: float | None = None,
) -> Iterator[str]:
    """The text lines of a seekable file from its start, gunzipped if it is gzip, each read
    within ``limits`` (and before ``deadline`` on ``clock``): a line never grows past the
    line limit in memory, and unpacking stops at the byte limit. A byte-order mark is dropped."""
    stream.seek(0)
    head = stream.read(2)
    stream.seek(0)
    source: IO[bytes] | gzip.GzipFile = stream
    if head == _GZIP_MAGIC:
        source = gzip.GzipFile(fileobj=stream, mode="rb")
    total = number = 0
    try:
        for raw in _raw_lines(source, limits.max_line_bytes + 1):
            number += 1
            total += len(raw)
            if total > limits.max_decompressed_bytes:
                raise TooLarge(limits.bytes_text())
            if len(raw.rstrip(b"\r\n")) > limits.max_line_bytes:
                raise TooLarge(limits.line_text(number))
            if number > limits.max_rows:
                raise TooLarge(limits.rows_text())
            if deadline is not None and clock() > deadline:
                raise TooLarge(limits.time_text())
            yield _decoded(raw, number)
    except (EOFError, gzip.BadGzipFile, zlib.error):
        raise ImportFormatError(
            "The gzip file is truncated or damaged; download the export again."
        ) from None


def _raw_lines(source: IO[bytes] | gzip.GzipFile, size: int) -> Iterator[bytes]:
    """The file's lines of at most ``size`` bytes (a longer one comes in pieces), each with
    its end: LF or CRLF; or, in a file whose first line ends in a bare CR (classic Mac OS,
    and Excel for Mac's "CSV (Macintosh)"), any of CR, LF and CRLF."""
    first = source.readline(size)
    if _BARE_CR.search(first) is None:
        return itertools.chain((first,) if first else (), iter(partial(source.readline, size), b""))
    return _universal_lines(first, source, size)


def _universal_lines(start: bytes, source: IO[bytes] | gzip.GzipFile, size: int
                     ) -> Iterator[bytes]:
    pending = start
    while True:
        chunk = source.read(size)
        pieces = (pending + chunk).splitlines(keepends=True)
        # The last piece may go on in the next chunk (a CR too: its LF may follow there).
        pending = pieces.pop() if chunk and pieces and not pieces[-1].endswith(b"\n") else b""
        if len(pending) >= size:
            pieces.append(pending)  # too long for a line: the caller says so
            pending = b""
        yield from pieces
        if not chunk:
            return


def _decoded(raw: bytes, number: int) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ImportFormatError(f"Line {number:,} is not UTF-8 text.") from None
    # Excel and Notepad start UTF-8 files with a byte-order mark; it is no part of the row.
    return text.removeprefix("\ufeff") if number == 1 else text


def detect(first_line: str) -> str | None:
    """The format whose layout the first line shows, or ``None``."""
    text = first_line.strip().lstrip("\ufeff")
    if text.startswith("{"):
        try:
            record = json.loads(text)
        except (ValueError, RecursionError):  # not JSON, or nested too deep to read
            return None
        if not isinstance(record, dict):
            return None
        if "pk" in record and "sk" in record:
            return "ours"
        if "primary_type" in record or {"user_id", "duration", "date"} <= set(record):
            return "botsu"
        return None
    header = set(header_of(text))
    scores = {name: len(header & set(columns)) for name, columns in _CSV_COLUMNS.items()}
    best = max(scores, key=lambda name: scores[name])
    return best if scores[best] >= 2 else None


def resolve(asked: str, first_line: str) -> str:
    """The format to read with: the one asked for, or the one detected for ``auto``."""
    if asked != "auto" and asked not in FORMATS:
        raise ImportFormatError(
            f"format: must be auto or one of {', '.join((*FORMATS, *READER_FORMATS))}.")
    found = detect(first_line)
    if asked == "auto":
        if found is None:
            start = first_line.strip()[:60]
            raise ImportFormatError(
                "This is not an export I know (ours, Botsu, TMW, NihongoTracker, Kechimochi,"
                " ttu, mokuro, exSTATic, KOReader, Anki);"
                f" it starts with {start!r}."
            )
        return found
    if found is not None and found != asked:
        raise ImportFormatError(
            f"You chose {NAMES[asked]}, but this file looks like a {NAMES[found]} export."
        )
    return asked
