"""Uploaded files on disk, within the import limits: spooling, zip members, SQLite (file I/O).

SQLite can only open a file, and a zip's directory sits at its end; both are copied to a
temporary file in chunks, so a large database never sits whole in memory.
"""

from __future__ import annotations

import contextlib
import gzip
import sqlite3
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from handlers.service.core.errors import TooLarge
from handlers.service.portability.imports.limits import ImportLimits
from handlers.service.portability.imports.rows import ImportFormatError

CHUNK = 1 << 20
SQLITE_MAGIC = b"SQLite format 3\x00"
ZIP_MAGIC = b"PK\x03\x04"
GZIP_MAGIC = b"\x1f\x8b"


def head(stream: IO[bytes], size: int = 4096) -> bytes:
    """The first bytes of the file (gunzipped), leaving the stream at its start."""
    stream.seek(0)
    start = stream.read(2)
    stream.seek(0)
    try:
        if start == GZIP_MAGIC:
            with gzip.GzipFile(fileobj=stream, mode="rb") as unpacked:
                return unpacked.read(size)
        return stream.read(size)
    except (EOFError, gzip.BadGzipFile, zlib.error):
        raise ImportFormatError(
            "The gzip file is truncated or damaged; download the export again."
        ) from None
    finally:
        stream.seek(0)


def copy_bounded(
    source: IO[bytes] | gzip.GzipFile, target: IO[bytes], limits: ImportLimits
) -> None:
    """Copy in chunks, stopping at the import's byte limit."""
    total = 0
    while chunk := source.read(CHUNK):
        total += len(chunk)
        if total > limits.max_decompressed_bytes:
            raise TooLarge(limits.bytes_text())
        target.write(chunk)


@contextlib.contextmanager
def on_disk(stream: IO[bytes], limits: ImportLimits) -> Iterator[Path]:
    """The upload (gunzipped) as a temporary file, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="it-import-") as folder:
        path = Path(folder) / "upload"
        stream.seek(0)
        start = stream.read(2)
        stream.seek(0)
        with path.open("wb") as target:
            try:
                if start == GZIP_MAGIC:
                    with gzip.GzipFile(fileobj=stream, mode="rb") as unpacked:
                        copy_bounded(unpacked, target, limits)
                else:
                    copy_bounded(stream, target, limits)
            except (EOFError, gzip.BadGzipFile, zlib.error):
                raise ImportFormatError(
                    "The gzip file is truncated or damaged; download the export again."
                ) from None
        stream.seek(0)
        yield path


def open_zip(path: Path, limits: ImportLimits) -> zipfile.ZipFile:
    """A zip whose members unpack within the byte limit; a damaged zip is named as such."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise ImportFormatError("The zip file is damaged or incomplete; export it again.") from None
    if sum(info.file_size for info in archive.infolist()) > limits.max_decompressed_bytes:
        archive.close()
        raise TooLarge(limits.bytes_text())
    return archive


def member_bytes(archive: zipfile.ZipFile, name: str, limits: ImportLimits) -> bytes:
    """One member read whole (a JSON file), never past the byte limit."""
    try:
        with archive.open(name) as member:
            data = member.read(limits.max_decompressed_bytes + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError):
        raise ImportFormatError(f"The zip's {name!r} is damaged; export it again.") from None
    if len(data) > limits.max_decompressed_bytes:
        raise TooLarge(limits.bytes_text())
    return data


def extract(archive: zipfile.ZipFile, name: str, target: Path, limits: ImportLimits) -> None:
    """One member to a file, in chunks."""
    try:
        with archive.open(name) as member, target.open("wb") as out:
            copy_bounded(member, out, limits)
    except (zipfile.BadZipFile, zlib.error, EOFError):
        raise ImportFormatError(f"The zip's {name!r} is damaged; export it again.") from None


@contextlib.contextmanager
def database(path: Path, what: str) -> Iterator[sqlite3.Connection]:
    """A SQLite file opened read-only and immutable (nothing of it is ever changed)."""
    with path.open("rb") as file:
        if file.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise ImportFormatError(f"This file is not a SQLite database, as a {what} is.")
    try:
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error:
        raise ImportFormatError(f"The {what} cannot be opened; copy it again.") from None
    try:
        yield connection
    except sqlite3.DatabaseError as error:
        raise ImportFormatError(f"The {what} is damaged ({error}); copy it again.") from None
    finally:
        connection.close()


def tables(connection: sqlite3.Connection, what: str) -> set[str]:
    """The database's tables and views (reading them is the first check of its health)."""
    try:
        rows = connection.execute("SELECT name FROM sqlite_master").fetchall()
    except sqlite3.DatabaseError:
        raise ImportFormatError(f"The {what} is damaged; copy it again.") from None
    return {str(name) for (name,) in rows}


