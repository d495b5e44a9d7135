"""Which export files of a readers folder to send: new or changed since last sent (no I/O).

Files are told apart by their content's hash, not their time: a KOReader database copied
again unchanged, or a ttu folder synced down anew, sends nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath

STATE_NAME = ".immersion-tracker-readers.json"
"""The state file in the readers folder: each file's hash as last sent."""
SUFFIXES = (".json", ".csv", ".zip", ".sqlite3", ".sqlite", ".anki2", ".anki21", ".colpkg",
            ".apkg", ".gz")
"""What ttu, mokuro, exSTATic, KOReader and Anki export (and gzip of any of them)."""
NOT_STATISTICS = ("progress_", "bookdata_", "audiobook_", "cover_")
"""Files beside the statistics in ttu's synced folder (reading position, the book itself)."""


@dataclass(frozen=True)
class Sent:
    """A file as last sent: its hash and whether the tracker took it."""

    digest: str
    accepted: bool


def is_export(relative: str) -> bool:
    """Whether a file of the folder may be a reader's export (not our state, not hidden,
    not SQLite's journal beside a database being written)."""
    path = PurePosixPath(relative)
    if any(part.startswith(".") for part in path.parts):
        return False
    if path.name.lower().startswith(NOT_STATISTICS):
        return False
    return path.name.lower().endswith(SUFFIXES)


def to_send(found: Iterable[tuple[str, str]], sent: Mapping[str, Sent]) -> list[str]:
    """The files (relative paths, in order) whose content was never sent as it is now."""
    return sorted(path for path, digest in found
                  if is_export(path) and (path not in sent or sent[path].digest != digest))
