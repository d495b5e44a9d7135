"""Kept items as stored against kept items as derived: each difference named (pure).

A total whose number is 0 is the same as the number absent (a delta may bring a counter
to 0 and leave it), and a total with no number left, or a movie list shard with no movie
left, is the same as no item. A reference's
``version`` is a write token, not a fact about the entry.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from handlers.service.kept.derive import EMPTIED_PREFIXES, TOTAL_PREFIXES, UNCOMPARED
from storage.repository import Item

_KEYS = frozenset({"pk", "sk", "user"})


@dataclass(frozen=True)
class Difference:
    """One kept item (``sk``) whose ``attribute`` (``None``: the whole item) differs."""

    user: str
    sk: str
    attribute: str | None
    stored: Any
    derived: Any

    def __str__(self) -> str:
        where = self.sk if self.attribute is None else f"{self.sk} {self.attribute}"
        return f"{self.user}: {where}: stored {self.stored!r}, derived {self.derived!r}"


def normal(item: Item | None) -> dict[str, Any] | None:
    """What of a kept item is compared; ``None`` for an item equal to no item."""
    if item is None:
        return None
    values = {k: v for k, v in item.items() if k not in UNCOMPARED}
    sk = str(item["sk"])
    if sk.startswith(TOTAL_PREFIXES):
        values = {k: v for k, v in values.items() if k in _KEYS or v != 0}
    if sk.startswith(EMPTIED_PREFIXES) and set(values) <= _KEYS:
        return None
    return values


def differences(user: str, stored: Mapping[str, Item], derived: Mapping[str, Item]
                ) -> list[Difference]:
    """Every difference between the stored and the derived kept items, in key order."""
    found: list[Difference] = []
    for sk in sorted(set(stored) | set(derived)):
        have, want = normal(stored.get(sk)), normal(derived.get(sk))
        if have == want:
            continue
        if have is None or want is None:
            found.append(Difference(user, sk, None, have, want))
            continue
        for name in sorted(set(have) | set(want)):
            if have.get(name) != want.get(name):
                found.append(Difference(user, sk, name, have.get(name), want.get(name)))
    return found
