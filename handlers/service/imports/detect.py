"""Opening an uploaded file (plain or gzipped), telling which tracker wrote it (reads the file)."""

from __future__ import annotations

import gzip
import io
import json
import zlib
from collections.abc import Iterator
from typing import IO

from handlers.service.imports import kechimochi, nihongotracker, tmw
from handlers.service.imports.csv_table import header_of
from handlers.service.imports.rows import ImportFormatError

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
_CHUNK = 1 << 20


def lines(stream: IO[bytes]) -> Iterator[str]:
    """The text lines of a seekable file, gunzipped if it is gzip; a broken gzip is refused
    before any line is read, so an import never stops half-way on it."""
    head = stream.read(2)
    stream.seek(0)
    source: IO[bytes] | gzip.GzipFile = stream
    if head == _GZIP_MAGIC:
        _check_gzip(stream)
        source = gzip.GzipFile(fileobj=stream, mode="rb")
    text = io.TextIOWrapper(source, encoding="utf-8", errors="strict", newline="")
    try:
        yield from text
    except UnicodeDecodeError:
        raise ImportFormatError("The file is not UTF-8 text.") from None


def _check_gzip(stream: IO[bytes]) -> None:
    try:
        with gzip.GzipFile(fileobj=stream, mode="rb") as packed:
            while packed.read(_CHUNK):
                pass
    except (EOFError, gzip.BadGzipFile, zlib.error):
        raise ImportFormatError(
            "The gzip file is truncated or damaged; download the export again."
        ) from None
    finally:
        stream.seek(0)


def detect(first_line: str) -> str | None:
    """The format whose layout the first line shows, or ``None``."""
    text = first_line.strip().lstrip("\ufeff")
    if text.startswith("{"):
        try:
            record = json.loads(text)
        except ValueError:
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
        raise ImportFormatError(f"format: must be auto or one of {', '.join(FORMATS)}.")
    found = detect(first_line)
    if asked == "auto":
        if found is None:
            start = first_line.strip()[:60]
            raise ImportFormatError(
                "This is not an export I know (ours, Botsu, TMW, NihongoTracker, Kechimochi);"
                f" it starts with {start!r}."
            )
        return found
    if found is not None and found != asked:
        raise ImportFormatError(
            f"You chose {NAMES[asked]}, but this file looks like a {NAMES[found]} export."
        )
    return asked
