"""Conversion between our plain items and DynamoDB's typed attribute maps (no I/O).

DynamoDB numbers travel as decimals: integral ones come back as ``int``, others as
``float``, so items read from DynamoDB compare equal to the ones SQLite returns.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer

from storage.repository import Item

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.type_defs import AttributeValueTypeDef

_serializer = TypeSerializer()
_deserializer = TypeDeserializer()


def _to_decimals(value: Any) -> Any:
    if isinstance(value, float):
        # str() gives the shortest text that reads back as the same float.
        return Decimal(str(value))
    if isinstance(value, dict):
        return {key: _to_decimals(inner) for key, inner in value.items()}
    if isinstance(value, list | tuple):
        return [_to_decimals(inner) for inner in value]
    return value


def _from_decimals(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {key: _from_decimals(inner) for key, inner in value.items()}
    if isinstance(value, list):
        return [_from_decimals(inner) for inner in value]
    return value


def to_attribute(value: Any) -> AttributeValueTypeDef:
    """One plain value as a DynamoDB attribute value."""
    return _serializer.serialize(_to_decimals(value))


def to_attributes(item: Item) -> dict[str, AttributeValueTypeDef]:
    """A plain item as a DynamoDB attribute map."""
    return {name: to_attribute(value) for name, value in item.items()}


def from_attributes(attributes: dict[str, Any]) -> Item:
    """A DynamoDB attribute map as a plain item."""
    item: Item = {}
    for name, value in attributes.items():
        # The kept totals are thousands of whole numbers and strings: read those directly,
        # exactly as boto3 reads them (a whole number of at most 38 digits is exact both
        # ways), without boto3's per-value dispatch and decimal context.
        if len(value) == 1:
            text = value.get("N")
            if text is not None and len(text) <= _MAX_DIGITS and _is_whole(text):
                item[name] = int(text)
                continue
            text = value.get("S")
            if text is not None:
                item[name] = text
                continue
        item[name] = _from_decimals(_deserializer.deserialize(value))
    return item


_MAX_DIGITS = 38
"""DynamoDB's precision: a longer number is not a plain whole one."""


def _is_whole(text: str) -> bool:
    digits = text[1:] if text[:1] == "-" else text
    return digits.isascii() and digits.isdigit()


def key_attributes(pk: str, sk: str) -> dict[str, AttributeValueTypeDef]:
    """The primary key of an item as an attribute map."""
    return {"pk": {"S": pk}, "sk": {"S": sk}}
