"""A streaming ``multipart/form-data`` reader that keeps only the parts asked for (no I/O).

Plex attaches a JPEG thumbnail to its webhooks; this reader is fed the body chunk by chunk
as it arrives and drops every byte of a part it was not asked to keep, so a thumbnail is
never held whole. A kept part is bounded too.
"""

from __future__ import annotations

import re
from email.message import Message

from handlers.service import InvalidInput, TooLarge

_BOUNDARY = re.compile(r'boundary="?([^";]+)"?', re.IGNORECASE)
_HEAD_LIMIT = 16 * 1024


def boundary_of(content_type: str | None) -> bytes | None:
    """The boundary of a multipart content type, or None for any other type."""
    if not content_type or not content_type.lower().startswith("multipart/form-data"):
        return None
    found = _BOUNDARY.search(content_type)
    if found is None:
        raise InvalidInput("Content-Type: multipart/form-data without a boundary.")
    return found.group(1).encode("latin-1")


def _part_name(head: bytes) -> str:
    message = Message()
    for line in head.decode("latin-1").split("\r\n"):
        name, _, value = line.partition(":")
        if value:
            message[name.strip()] = value.strip()
    return str(message.get_param("name", "", header="content-disposition") or "")


class MultipartReader:
    """Feed it the body in chunks; ``fields`` then holds the kept parts' bytes by name."""

    def __init__(self, boundary: bytes, keep: frozenset[str], part_limit: int = 1_000_000):
        self._delimiter = b"\r\n--" + boundary
        self._keep = keep
        self._part_limit = part_limit
        # The body starts with "--boundary": a leading CRLF lets one delimiter find both.
        self._buffer = b"\r\n"
        self._state = "preamble"
        self._current: str | None = None
        self.fields: dict[str, bytes] = {}
        self.done = False

    def feed(self, chunk: bytes) -> None:
        if self.done:
            return
        self._buffer += chunk
        while self._advance():
            pass

    def finish(self) -> dict[str, bytes]:
        """The kept parts; a body cut short (no closing boundary) is a 400."""
        if not self.done:
            raise InvalidInput("body: the multipart body ends before its closing boundary.")
        return self.fields

    def finish_or_none(self) -> dict[str, bytes] | None:
        """The kept parts, or None for a body cut short (the router then answers the 400)."""
        return self.fields if self.done else None

    def _advance(self) -> bool:
        if self._state in ("preamble", "body"):
            at = self._buffer.find(self._delimiter)
            if at < 0:
                # Keep only what may be the start of a delimiter split across chunks.
                safe = max(0, len(self._buffer) - len(self._delimiter))
                self._take(self._buffer[:safe])
                self._buffer = self._buffer[safe:]
                return False
            self._take(self._buffer[:at])
            self._buffer = self._buffer[at + len(self._delimiter):]
            self._state = "after"
            return True
        if self._state == "after":
            if len(self._buffer) < 2:
                return False
            if self._buffer.startswith(b"--"):
                self.done = True
                self._buffer = b""
                return False
            self._buffer = self._buffer.lstrip(b" \t")
            if len(self._buffer) < 2:
                return False
            if not self._buffer.startswith(b"\r\n"):
                raise InvalidInput("body: a multipart boundary is not followed by a line end.")
            self._buffer = self._buffer[2:]
            self._state = "head"
            return True
        end = self._buffer.find(b"\r\n\r\n")
        if end < 0:
            if len(self._buffer) > _HEAD_LIMIT:
                raise InvalidInput("body: a multipart part's head is too long.")
            return False
        name = _part_name(self._buffer[:end])
        self._current = name if name in self._keep else None
        if self._current is not None:
            self.fields[self._current] = b""
        self._buffer = self._buffer[end + 4:]
        self._state = "body"
        return True

    def _take(self, data: bytes) -> None:
        if self._state != "body" or self._current is None or not data:
            return  # a preamble or a part not asked for (a thumbnail): dropped
        kept = self.fields[self._current] + data
        if len(kept) > self._part_limit:
            raise TooLarge(f"The part {self._current!r} exceeds {self._part_limit} bytes.")
        self.fields[self._current] = kept
