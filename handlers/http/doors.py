"""Chat doors mounted beside the REST routes (Discord's interactions): which path reaches
which door, and its answer as status, JSON body and headers (no I/O of its own).

A door authenticates each request itself (a signature), so it gets the headers and the raw
body, before anything is parsed, and never Basic auth. ``handlers.http`` imports no door:
the command that serves mounts one (``immersion_tracker.serve_command``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

Door = Callable[[Mapping[str, str], bytes], tuple[int, dict[str, Any]]]
"""The headers and the raw body in, a status and a JSON body out."""
Answer = tuple[int, dict[str, Any], dict[str, str]]
log = logging.getLogger(__name__)


class MountedDoors:
    """Path → door, matched by the path's last segments (a stage prefix is allowed)."""

    def __init__(self) -> None:
        self._doors: dict[tuple[str, ...], Door] = {}

    def mount(self, path: str, door: Door) -> None:
        self._doors[tuple(path.strip("/").split("/"))] = door

    def find(self, path: str) -> Door | None:
        segments = tuple(path.rstrip("/").split("/"))
        return next((door for own, door in self._doors.items()
                     if segments[-len(own):] == own), None)


def through(door: Door, method: str, headers: Mapping[str, str], body: bytes,
            max_body_bytes: int) -> Answer:
    """The door's answer to one request; never raises."""
    if method != "POST":
        return 405, {"message": f"{method} is not allowed on this route."}, {"Allow": "POST"}
    if len(body) > max_body_bytes:
        return 413, {"message": f"The body has {len(body)} bytes; at most "
                                f"{max_body_bytes} are accepted."}, {}
    try:
        status, answer = door(headers, body)
    except Exception:
        log.exception("a mounted door failed")
        return 500, {"message": "Sorry, something went wrong on our side."}, {}
    return status, answer, {}
