"""How much one import may read: decompressed bytes, line length, rows and time (no I/O).

An upload's size says little of what it holds: a megabyte of gzip can unpack to gigabytes,
and a file of blank lines costs time without adding a row. Every import, whichever door
it comes through, reads its file within these bounds and stops with a message naming the
one it crossed.
"""

from __future__ import annotations

from dataclasses import dataclass

from handlers.service.core.request_limits import byte_size_text

MAX_DECOMPRESSED_BYTES = 200_000_000
MAX_LINE_BYTES = 65_536
MAX_ROWS = 1_000_000
MAX_SECONDS = 60.0


@dataclass(frozen=True)
class ImportLimits:
    """The bounds of reading one file (deployments set them, see ``Settings``)."""

    max_decompressed_bytes: int = MAX_DECOMPRESSED_BYTES
    max_line_bytes: int = MAX_LINE_BYTES
    max_rows: int = MAX_ROWS
    max_seconds: float = MAX_SECONDS

    def bytes_text(self) -> str:
        return (
            f"An import reads at most {byte_size_text(self.max_decompressed_bytes)} of text"
            " (after unzipping); split the file and import the parts."
        )

    def line_text(self, line: int) -> str:
        return (
            f"Line {line:,} is longer than {self.max_line_bytes:,} bytes, the most one line"
            " may hold; this is not an export I can read."
        )

    def rows_text(self) -> str:
        return (
            f"An import reads at most {self.max_rows:,} lines; split the file and import"
            " the parts."
        )

    def time_text(self) -> str:
        return (
            f"Reading the file took longer than {self.max_seconds:g} seconds, the most an"
            " import may take; split the file and import the parts."
        )


DEFAULT_LIMITS = ImportLimits()
