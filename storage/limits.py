"""The size limits every store enforces alike, DynamoDB's, checked before any write (no I/O).

DynamoDB refuses a partition key over 2,048 bytes, a sort key over 1,024 bytes and an item
over 400 KB. SQLite would take them, so the same item would work on one store and not on
the other; checking here makes the limits part of the port.
"""

from __future__ import annotations

from typing import Any

from storage.repository import InvalidItem, Item

PARTITION_KEY_MAX_BYTES = 2_048
SORT_KEY_MAX_BYTES = 1_024
ITEM_MAX_BYTES = 400_000
"""DynamoDB's "400 KB", read as 400,000 bytes: it accepts up to about 409,600, so an item
within this limit (by :func:`item_size`, which never undercounts) is never refused."""
TRANSACTION_MAX_BYTES = 4_000_000
"""DynamoDB's limit on the items one transaction carries together (its "4 MB")."""

_KEY_LIMITS = (
    ("pk", "partition key", PARTITION_KEY_MAX_BYTES),
    ("sk", "sort key", SORT_KEY_MAX_BYTES),
)


def _utf8_length(text: str) -> int:
    return len(text.encode("utf-8", errors="surrogatepass"))


def _number_size(value: int | float) -> int:
    # Significant digits only (DynamoDB trims leading and trailing zeros); not through
    # Decimal, whose default context would round a long integer to 28 digits.
    text = repr(value) if isinstance(value, float) else str(abs(value))
    digits = text.lower().split("e")[0].replace("-", "").replace(".", "").strip("0")
    # DynamoDB: one byte per two significant digits plus one; one more keeps us above it.
    return (len(digits) + 1) // 2 + 2


def value_size(value: Any) -> int:
    """The bytes one attribute value takes in DynamoDB (an upper bound)."""
    if isinstance(value, str):
        return _utf8_length(value)
    if value is None or isinstance(value, bool):
        return 1
    if isinstance(value, int | float):
        return _number_size(value)
    if isinstance(value, bytes):
        return len(value)
    if isinstance(value, dict):
        return 3 + sum(1 + _utf8_length(str(k)) + value_size(v) for k, v in value.items())
    if isinstance(value, list | tuple | set | frozenset):
        return 3 + sum(1 + value_size(inner) for inner in value)
    return _utf8_length(str(value))


def item_size(item: Item) -> int:
    """The bytes the item takes in DynamoDB: attribute names plus values (an upper bound)."""
    return sum(_utf8_length(name) + value_size(value) for name, value in item.items())


_MAX_UTF8_PER_CHAR = 4


def _bounded_size(item: Item) -> int:
    """A cheap upper bound of :func:`item_size`: most items are far below the limit.

    Every check of every write runs it, so it encodes nothing, tells the common types
    apart by ``type`` (not a chain of ``isinstance``) and weighs characters once at the end.
    """
    characters = 0
    fixed = 0
    for name, value in item.items():
        characters += len(str(name))
        kind = type(value)
        if kind is str:
            characters += len(value)
        elif kind is float or (kind is int and value.bit_length() < 120):
            fixed += 22  # at most 38 significant digits: (38 + 1) // 2 + 2 bytes
        elif kind is dict:
            fixed += 3 + len(value) + _bounded_size(value)
        elif kind is list:
            fixed += 3 + len(value)
            for inner in value:
                # An import's lists of keys: thousands of strings, no dict made for each.
                if type(inner) is str:
                    characters += len(inner)
                else:
                    fixed += _bounded_size({"": inner})
        else:
            fixed += value_size(value)
    return _MAX_UTF8_PER_CHAR * characters + fixed


def key_fits(pk: str, sk: str) -> bool:
    """Whether any store could hold an item with this key (reads of others find nothing)."""
    return _utf8_length(pk) <= PARTITION_KEY_MAX_BYTES and _utf8_length(sk) <= SORT_KEY_MAX_BYTES


def check_key(pk: str, sk: str) -> None:
    """Refuse a key longer than DynamoDB allows, naming which part is over."""
    if _MAX_UTF8_PER_CHAR * len(sk) <= SORT_KEY_MAX_BYTES and len(pk) <= len(sk):
        return  # short enough whatever the characters: no need to encode
    for attribute, name, limit in _KEY_LIMITS:
        size = _utf8_length(pk if attribute == "pk" else sk)
        if size > limit:
            raise InvalidItem(
                f"The {name} is {size:,} bytes long (at most {limit:,} bytes).",
                attribute=attribute,
                sk=sk,
                limit=limit,
            )


def check_item(item: Item, bound: int | None = None) -> int:
    """Refuse an item (as it would be stored) that breaks a key or size limit; answer an
    upper bound of its size (exact only when the cheap bound is past the limit). A caller
    that knows a bound already (an adapter that has encoded the item) passes it."""
    check_key(item["pk"], item["sk"])
    if bound is None:
        bound = _bounded_size(item)
    if bound <= ITEM_MAX_BYTES:
        return bound
    size = item_size(item)
    if size > ITEM_MAX_BYTES:
        raise InvalidItem(
            f"The item is {size:,} bytes (at most {ITEM_MAX_BYTES:,} bytes).",
            attribute=None,
            sk=item["sk"],
            limit=ITEM_MAX_BYTES,
        )
    return size
