"""The recorded mpv JSON IPC streams of ``tests/events/mpv``: each line with its moment."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

MPV_EVENTS = Path(__file__).parents[2] / "events" / "mpv"


def recorded_stream(name: str) -> list[tuple[float, dict[str, Any]]]:
    """``(seconds since the start, the message mpv wrote)`` for each recorded line."""
    lines = (MPV_EVENTS / f"{name}.jsonl").read_text("utf-8").splitlines()
    return [(float(row["t"]), row["mpv"]) for row in map(json.loads, lines)]
