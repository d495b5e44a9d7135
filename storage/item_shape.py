"""Rules on item shape that every storage adapter applies the same way (no I/O)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any, cast

import orjson

from storage.limits import check_item
from storage.repository import Item

KEY_ATTRIBUTES = ("pk", "sk")
Weigh = Callable[[Item], int]
"""An upper bound of an item's size that an adapter knows more cheaply than by walking it."""
REPOSITORY_OWNED = frozenset({"pk", "sk", "version"})
"""Attributes an update may not set: the key, and the version the repository bumps."""


def stored_attributes(item: Item) -> Item:
    """The item as stored: top-level ``None`` values left out; keys and size within limits.

    Raises :class:`~storage.repository.InvalidItem` past a limit, before anything is written.
    """
    return stored_and_size(item)[0]


def stored_and_size(item: Item, weigh: Weigh | None = None) -> tuple[Item, int]:
    """:func:`stored_attributes` and an upper bound of its size (``check_item``'s, or
    ``weigh``'s), so a transaction weighs each item once."""
    for key in KEY_ATTRIBUTES:
        value = item.get(key)
        if not isinstance(value, str) or not value:
            raise ValueError(f"an item needs a non-empty string {key!r}")
    # Most items come without a None: no copy for them (``check_item`` changes nothing).
    stored = ({name: value for name, value in item.items() if value is not None}
              if None in item.values() else item)
    return stored, check_item(stored, None if weigh is None else weigh(stored))


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


def distinct_keys(puts: Sequence[Item], deletes: Sequence[tuple[str, str]]) -> None:
    """Refuse a batch of writes that names one key twice (puts and deletes together)."""
    keys = [(item["pk"], item["sk"]) for item in puts] + [tuple(key) for key in deletes]
    if len(set(keys)) != len(keys):
        raise ValueError("a batch of writes may name each key only once")


def applied_changes(item: Item, changes: Mapping[str, Any], version: int) -> Item:
    """The item after an update: ``None`` removes, the rest is set; checked against limits."""
    updated = dict(item)
    for name, value in changes.items():
        if value is None:
            updated.pop(name, None)
        else:
            updated[name] = value
    updated["version"] = version
    check_item(updated)
    return updated


_JSON = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":"))
"""The standard library's encoder, for the bodies orjson does not write as it would."""


def json_body(item: Item) -> str:
    """The attributes other than the key as JSON text: how the embedded stores keep items.

    orjson writes it, in about a fifth of the time, when the body holds only what both
    encoders write alike: plain strings, numbers, booleans, ``None``, and dicts (with
    string keys), lists and tuples of them. Anything else goes to the standard library as
    before, which writes a subclass of those (an ``IntEnum``) and refuses the rest (a
    ``UUID``, an ``Enum``, a ``datetime``: DynamoDB refuses them too, and orjson would
    write them as text). So does a body orjson refuses (an integer past 64 bits) or writes
    with a ``null`` in it (``None``, or a NaN or an infinity, which the standard library
    refuses, and so must a store). Numbers may be spelt otherwise (``1e+16``,
    ``0.00001``), never valued so.
    """
    body = dict(item)
    body.pop("pk", None)
    body.pop("sk", None)
    if not _plain(body):
        return _JSON.encode(body)
    try:
        text = orjson.dumps(body)
    except TypeError:  # orjson.JSONEncodeError is one
        return _JSON.encode(body)
    if b"null" in text:  # a None, or a NaN or an infinity orjson wrote as one
        return _JSON.encode(body)
    return text.decode()


_SCALARS = frozenset({str, int, float, bool, type(None)})


def _plain(value: object) -> bool:
    """Whether ``value`` holds only values of the exact types both encoders write alike."""
    kind = type(value)
    if kind in _SCALARS:
        return True
    if kind is dict:
        return all(type(key) is str and (type(inner) in _SCALARS or _plain(inner))
                   for key, inner in cast("dict[object, object]", value).items())
    if kind is list or kind is tuple:
        return all(type(inner) in _SCALARS or _plain(inner)
                   for inner in cast("Sequence[object]", value))
    return False


def json_bound(item: Item, body: str) -> int:
    """An upper bound of the item's DynamoDB size from its :func:`json_body`.

    JSON spells every character, digit and byte of the names and values at least once and
    puts at least two characters around each attribute, element or entry (quotes, ``:``,
    ``,``, brackets): four bytes per character cover UTF-8's widest character, a number's
    ``(digits + 1) // 2 + 2`` bytes and the 1 to 3 bytes DynamoDB adds; the key's two
    names are the 4 more.
    """
    return 4 * (len(body) + len(item["pk"]) + len(item["sk"])) + 4


def from_json_body(pk: str, sk: str, body: str) -> Item:
    """The item kept as :func:`json_body` under this key."""
    item: Item = {"pk": pk, "sk": sk}
    item.update(json.loads(body))
    return item


def from_json_bodies(pk: str, rows: Sequence[tuple[str, str]]) -> list[Item]:
    """The items kept as :func:`json_body` under ``pk``, one ``(sk, body)`` row each.

    One parse of the whole page rather than one per item: a page of 500 small items
    decodes in about 60% of the time (the per-call overhead dominates small bodies).
    """
    bodies = json.loads("[" + ",".join(body for _, body in rows) + "]")
    return [{"pk": pk, "sk": sk, **body} for (sk, _), body in zip(rows, bodies, strict=True)]
