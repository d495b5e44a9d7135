"""Reading an uploaded reader export into day figures, whatever its container (file I/O)."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import IO
from zoneinfo import ZoneInfo

from handlers.service.portability.imports import detect
from handlers.service.portability.imports.limits import ImportLimits
from handlers.service.portability.imports.readers import (
    anki,
    exstatic,
    koreader,
    mokuro,
    spool,
    ttu,
)
from handlers.service.portability.imports.readers.figures import DayFigure
from handlers.service.portability.imports.readers.sniff import mismatch
from handlers.service.portability.imports.rows import ImportFormatError, RowError

Read = list[DayFigure | RowError]
Check = Callable[[], None]


def figures(stream: IO[bytes], kind: str, asked: str, zone: ZoneInfo, limits: ImportLimits,
            check: Check = lambda: None) -> tuple[str, Read]:
    """The format found and every figure of the file (read whole before any write);
    ``check`` raises once the import's time is up (called between chunks)."""
    if kind == "exstatic":
        return kind, list(exstatic.read(detect.lines(stream, limits)))
    with spool.on_disk(stream, limits) as path:
        if kind == "ttu":
            return kind, list(ttu.read([("The file", ttu.parse(path.read_bytes(), "The file"))]))
        if kind == "mokuro":
            return kind, list(mokuro.read(mokuro.parse(path.read_bytes()), zone))
        if kind == "zip":
            return _zip(path, asked, zone, limits, check)
        return _database(path, asked, zone, check)


def _zip(path: Path, asked: str, zone: ZoneInfo, limits: ImportLimits,
         check: Check) -> tuple[str, Read]:
    with spool.open_zip(path, limits) as archive:
        names = archive.namelist()
        members = {name.rsplit("/", 1)[-1]: name for name in names}
        if anki.COMPRESSED_MEMBER in members or any(m in members for m in anki.PACKAGE_MEMBERS):
            mismatch(asked, "anki")
            return "anki", _package(archive, members, path.parent, zone, limits, check)
        books = [name for name in names if ttu.is_statistics_name(name)]
        if not books:
            raise ImportFormatError(
                "This zip holds neither ttu statistics (statistics_….json) nor an Anki"
                " collection.")
        mismatch(asked, "ttu")
        files = [(name, ttu.parse(spool.member_bytes(archive, name, limits), name))
                 for name in books]
        return "ttu", list(ttu.read(files))


def _package(archive: zipfile.ZipFile, members: dict[str, str], folder: Path, zone: ZoneInfo,
             limits: ImportLimits, check: Check) -> Read:
    """A ``.colpkg``/``.apkg``: its plain SQLite collection (a current package's
    ``collection.anki2`` is a placeholder beside the compressed one, never read)."""
    plain = next((members[m] for m in anki.PACKAGE_MEMBERS if m in members), None)
    if anki.COMPRESSED_MEMBER in members and (plain is None or plain.endswith(".anki2")):
        raise ImportFormatError(
            "This Anki package holds only a compressed collection (collection.anki21b);"
            " export it again with \"Support older Anki versions\" ticked, or send"
            " collection.anki2 from your Anki profile folder.")
    assert plain is not None
    target = folder / "collection"
    spool.extract(archive, plain, target, limits)
    return _read_anki(target, zone, check)


def _database(path: Path, asked: str, zone: ZoneInfo, check: Check) -> tuple[str, Read]:
    what = {"koreader": koreader.WHAT, "anki": anki.WHAT}.get(asked, "reader's database")
    with spool.database(path, what) as connection:
        found = spool.tables(connection, what)
        if asked == "anki" or (asked == "auto" and "revlog" in found):
            pass
        elif asked in ("koreader", "auto"):
            koreader.check(connection)
            return "koreader", list(koreader.read(connection, zone, check))
        else:
            raise ImportFormatError(f"This SQLite database is no {asked} export.")
    return "anki", _read_anki(path, zone, check)


def _read_anki(path: Path, zone: ZoneInfo, check: Check) -> Read:
    with spool.database(path, anki.WHAT) as connection:
        anki.check(connection)
        return list(anki.read(connection, zone, check))


