"""A reader's export told by its first bytes and checked against the format asked (no I/O)."""

from __future__ import annotations

import re
from typing import IO

from handlers.service.portability.imports import detect
from handlers.service.portability.imports.limits import ImportLimits
from handlers.service.portability.imports.readers import exstatic
from handlers.service.portability.imports.readers.figures import FORMATS, NAMES
from handlers.service.portability.imports.readers.spool import SQLITE_MAGIC, ZIP_MAGIC
from handlers.service.portability.imports.rows import ImportFormatError

CONTAINERS = ("sqlite", "zip")
"""Kinds whose format shows only inside (KOReader or Anki; ttu or Anki)."""
_VOLUMES = re.compile(r'\{\s*"[^"]*"\s*:\s*\{')
_HOLDS = {"sqlite": ("koreader", "anki"), "zip": ("ttu", "anki")}
_CONTAINER_NAMES = {"sqlite": "a SQLite database", "zip": "a zip file"}


def kind_of(start: bytes) -> str | None:
    """A reader format, a container to look into, or ``None`` for the line-based exports."""
    if start.startswith(SQLITE_MAGIC):
        return "sqlite"
    if start.startswith(ZIP_MAGIC):
        return "zip"
    text = start.decode("utf-8", errors="ignore").lstrip("\ufeff")
    # A line ends in LF, CRLF or, in files from classic Mac OS, a bare CR.
    first = text.split("\n", 1)[0].split("\r", 1)[0]
    # exSTATic's header shares date and type with NihongoTracker's: its own columns first.
    if exstatic.looks_like(first):
        return "exstatic"
    if detect.detect(first) is not None:
        return None
    stripped = text.lstrip()
    if stripped.startswith("["):
        return "ttu"
    # mokuro's object maps volume ids to objects; our records and Botsu's start with values.
    return "mokuro" if _VOLUMES.match(stripped) else None


def line_format(stream: IO[bytes], limits: ImportLimits) -> str | None:
    """The line-based format the file's first line shows, if any (to name a mismatch)."""
    first = next(detect.lines(stream, limits), "")
    stream.seek(0)
    return detect.detect(first)


def choose(asked: str, kind: str | None, first_line_format: str | None) -> str | None:
    """The reader kind to read with, or ``None`` for the line-based path; a file of another
    format than the one asked is refused here, before anything is read in full."""
    if asked == "auto":
        return kind
    if asked in FORMATS:
        if kind is None and first_line_format is not None:
            raise ImportFormatError(f"You chose {NAMES[asked]}, but this file looks like a"
                                    f" {detect.NAMES[first_line_format]} export.")
        if kind is None:
            return asked  # read as asked: its reader names what is wrong
        if kind not in CONTAINERS and kind != asked:
            raise ImportFormatError(
                f"You chose {NAMES[asked]}, but this file looks like a {NAMES[kind]} export.")
        if kind in CONTAINERS and asked not in _HOLDS[kind]:
            raise ImportFormatError(
                f"You chose {NAMES[asked]}, but this file is {_CONTAINER_NAMES[kind]}.")
        return kind
    if kind is not None:
        what = _CONTAINER_NAMES.get(kind) or f"a {NAMES[kind]} export"
        raise ImportFormatError(
            f"You chose {detect.NAMES.get(asked, asked)}, but this file is {what}.")
    return None


def mismatch(asked: str, found: str) -> None:
    """Refuse a container whose content is another reader's than the one asked."""
    if asked not in ("auto", found):
        raise ImportFormatError(
            f"You chose {NAMES.get(asked, asked)}, but this file is a {NAMES[found]} export.")
