"""Whether a stored entry can be counted and shown; one that cannot is skipped and logged once.

Entries written before every door checked its input (an early import of our own format
stored a file's items as they were) may hold a duration that is text or a moment that is
not a number. A read that met one failed for the whole account, and a leaderboard for its
whole group. The reads of the statistics and of the history pass their items through
here: a bad one is left out of the answer and logged once per process, and stays stored
(nothing recorded is lost; it can still be deleted).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Iterator
from decimal import Decimal

from handlers.service.core.activities import MAX_SECONDS
from storage.models import HISTORY_PREFIXES, LogEntry, model_for
from storage.repository import Item

log = logging.getLogger(__name__)

_NUMBERS = ("timestamp", "duration", "watched_seconds", "movie_duration",
            "youtube_video_duration", "spotify_episode_duration")
_MOST = {"duration": MAX_SECONDS, "timestamp": 10**11 - 1}
"""A log covers at most a day, a moment lies before the year 5000 (the history index's
keys); a content length is bounded only by ``LONGEST``."""
LONGEST = 7 * 24 * 3600
_REPORTED: set[tuple[str, str]] = set()
_MAX_REPORTED = 10_000


def is_sound(item: Item) -> bool:
    """Whether a stored entry's numbers are numbers in range (other kinds: always)."""
    kind = model_for(item)
    if kind is None or not str(item["sk"]).startswith(HISTORY_PREFIXES):
        return True  # the shows, channels and podcasts entries name are not counted alone
    if "timestamp" not in item or (kind is LogEntry and "duration" not in item):
        return _bad(item, "timestamp" if "timestamp" not in item else "duration", "is missing")
    for name in _NUMBERS:
        value = item.get(name)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            return _bad(item, name, "is not a number")
        if not math.isfinite(value) or not 0 <= value <= _MOST.get(name, LONGEST):
            return _bad(item, name, "is out of range")
    return True


def has_moment(item: Item) -> bool:
    """Whether the entry's moment is a whole number, so its history reference can be found."""
    value = item.get("timestamp")
    return isinstance(value, int | Decimal) and not isinstance(value, bool)


def sound(items: Iterable[Item]) -> Iterator[Item]:
    """``items`` without the entries that cannot be read."""
    return (item for item in items if is_sound(item))


def _bad(item: Item, name: str, problem: str) -> bool:
    key = (str(item.get("pk")), str(item.get("sk")))
    if key not in _REPORTED:
        if len(_REPORTED) >= _MAX_REPORTED:
            _REPORTED.clear()
        _REPORTED.add(key)
        log.warning("skipped a stored entry that cannot be read: %s %s: %s %s",
                    key[0], key[1], name, problem)
    return False
