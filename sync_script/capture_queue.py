"""The mpv agent's on-disk queue: events that could not be sent wait here (file I/O).

One JSON file per event, named by its time, in a folder; sent oldest first, removed once
the API took them, dropped after 30 days. A file is written whole, then renamed, so a
crash never leaves half an event. An entry that holds no event (damaged, or written by
something else) is set aside with a ``.bad`` suffix, kept but never in the way.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

KEEP_SECONDS = 30 * 24 * 3600
BAD_SUFFIX = ".bad"

log = logging.getLogger(__name__)


class QueueUnwritable(Exception):
    """The queue's folder cannot be written: events that cannot be sent would be lost."""


class CaptureQueue:
    """Events waiting to be sent, in a folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._count = 0

    def check(self) -> None:
        """Make the folder and write a file in it, so a bad folder is found before any event."""
        probe = self.folder / f".probe-{os.getpid()}.part"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as error:
            raise self._unwritable(error) from error

    def put(self, event: dict[str, Any]) -> None:
        self._count += 1
        name = f"{float(event.get('at', 0)):016.3f}-{os.getpid()}-{self._count:06d}.json"
        partial = self.folder / (name + ".part")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            partial.write_text(json.dumps(event), encoding="utf-8")
            partial.replace(self.folder / name)
        except OSError as error:
            raise self._unwritable(error) from error

    def _unwritable(self, error: OSError) -> QueueUnwritable:
        reason = error.strerror or type(error).__name__
        return QueueUnwritable(f"cannot write the capture queue folder {self.folder} ({reason})")

    def pending(self) -> list[Path]:
        if not self.folder.is_dir():
            return []
        return sorted(self.folder.glob("*.json"))

    def drain(self, send: Callable[[dict[str, Any]], bool], now: float) -> int:
        """Send the waiting events oldest first until one fails; how many were sent."""
        sent = 0
        for path in self.pending():
            event = _read(path)
            if event is None:
                _set_aside(path)
                continue
            if now - float(event.get("at", now)) > KEEP_SECONDS:
                self._remove(path)
                continue
            if not send(event):
                break
            self._remove(path)
            sent += 1
        return sent

    def _remove(self, path: Path) -> None:
        try:
            path.unlink(missing_ok=True)
        except OSError as error:
            raise self._unwritable(error) from error


def _read(path: Path) -> dict[str, Any] | None:
    """The event a queue file holds; None when it holds none (unreadable, or not an event)."""
    try:
        event = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(event, dict):
        return None
    at = event.get("at", 0.0)
    if isinstance(at, bool) or not isinstance(at, int | float):
        return None
    return event


def _set_aside(path: Path) -> None:
    log.warning("capture queue: %s holds no event; set aside as %s%s", path.name, path.name,
                BAD_SUFFIX)
    try:
        path.replace(path.with_name(path.name + BAD_SUFFIX))
    except OSError as error:  # it stays where it is, skipped each time, never lost
        log.warning("capture queue: cannot set %s aside (%s)", path.name, error)
