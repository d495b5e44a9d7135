"""Log ids: ULIDs, sortable by creation time, and the time read back out of one (no I/O).

Both directions live here so the alphabet and the bit layout are written once: new logs
get their id from :func:`new_log_id`, and the history index orders logs of one moment by
the creation time :func:`created_ms` reads back.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_ALPHABET = frozenset(CROCKFORD)
_TIME_CHARACTERS = 10
"""The first 10 characters (50 bits) hold the 48 bits of milliseconds."""


def new_log_id(now: datetime, random_bytes: Callable[[int], bytes] = secrets.token_bytes) -> str:
    """A ULID: 48 bits of milliseconds then 80 random bits, sortable by creation time."""
    value = (int(now.timestamp() * 1000) << 80) | int.from_bytes(random_bytes(10), "big")
    return "".join(CROCKFORD[(value >> shift) & 31] for shift in range(125, -1, -5))


def created_ms(log_id: str) -> int:
    """The milliseconds a ULID was made at; 0 for an id that is not one (an import's own)."""
    head = log_id[:_TIME_CHARACTERS]
    if len(head) < _TIME_CHARACTERS or not _ALPHABET.issuperset(head):
        return 0
    value = 0
    for ch in head:
        value = value * 32 + CROCKFORD.index(ch)
    return value
