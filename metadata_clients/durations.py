"""ISO-8601 durations as the YouTube Data API sends them, in seconds (pure)."""

from __future__ import annotations

import re

_DURATION = re.compile(
    r"P(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?"
    r"(?:T(?=\d)(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?"
)
_UNIT_SECONDS = {"weeks": 604_800, "days": 86_400, "hours": 3_600, "minutes": 60}


class MalformedDuration(ValueError):
    """A duration text that is not an ISO-8601 duration of the form YouTube uses."""

    def __init__(self, text: str) -> None:
        super().__init__(f"{text!r} is not an ISO-8601 duration such as PT4M12S.")
        self.text = text


def parse_duration(text: str | None) -> int | None:
    """Seconds in ``text``; ``None`` for "no duration" (absent, ``PT0S``, ``P0D``: live or
    upcoming). Fractions of a second are rounded. Raises ``MalformedDuration``."""
    if text is None or text == "":
        return None
    match = _DURATION.fullmatch(text.strip().upper())
    if match is None or text.strip().upper() in {"P", "PT"}:
        raise MalformedDuration(text)
    seconds = float(match["seconds"] or 0)
    total = round(seconds) + sum(
        int(match[unit] or 0) * factor for unit, factor in _UNIT_SECONDS.items()
    )
    return total or None
