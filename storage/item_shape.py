"""Rules on item shape that every storage adapter applies the same way (no I/O)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from storage.repository import Item

KEY_ATTRIBUTES = ("pk", "sk")
REPOSITORY_OWNED = frozenset({"pk", "sk", "version"})
"""Attributes an update may not set: the key, and the version the repository bumps."""


def stored_attributes(item: Item) -> Item:
    """The item as stored: top-level ``None`` values left out; the keys must be strings."""
    for key in KEY_ATTRIBUTES:
        value = item.get(key)
        if not isinstance(value, str) or not value:
            raise ValueError(f"an item needs a non-empty string {key!r}")
    return {name: value for name, value in item.items() if value is not None}


def checked_changes(changes: Mapping[str, Any]) -> None:
    """Refuse an update that would change the key or the version."""
    owned = REPOSITORY_OWNED & set(changes)
    if owned:
        raise ValueError(f"an update cannot change {sorted(owned)}")


def first_of_each_key(items: Sequence[Item]) -> list[Item]:
    """The items with repeated keys dropped (the first one of each key is kept)."""
    seen: set[tuple[str, str]] = set()
    unique: list[Item] = []
    for item in items:
        key = (item["pk"], item["sk"])
        if key not in seen:
            seen.add(key)
            unique.append(item)
    return unique
