"""Reading DynamoDB attribute maps: the direct reading of whole numbers and strings gives
exactly what boto3's deserializer gives (no I/O)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from boto3.dynamodb.types import TypeDeserializer
from hypothesis import given
from hypothesis import strategies as st

from storage.dynamodb_codec import from_attributes, to_attributes


def _boto3(value: Any) -> Any:
    """What the adapter read before: boto3's deserializer, decimals made plain numbers."""
    found = TypeDeserializer().deserialize(value)
    if isinstance(found, Decimal):
        return int(found) if found == found.to_integral_value() else float(found)
    return found


NUMBER_TEXTS = ("0", "-0", "7", "-12", "1800", "007", "1E+2", "1.5", "-0.25", "1e3",
                "12345678901234567890123456789012345678", "99999999999999999999999999999999999999")


def test_numbers_as_dynamodb_sends_them_read_as_boto3_reads_them() -> None:
    attributes = {f"n{i}": {"N": text} for i, text in enumerate(NUMBER_TEXTS)}
    read = from_attributes(attributes)
    assert read == {name: _boto3(value) for name, value in attributes.items()}
    assert all(type(read[name]) is type(_boto3(value)) for name, value in attributes.items())


@given(st.dictionaries(
    st.text(min_size=1, max_size=8),
    st.one_of(st.integers(min_value=-10**37, max_value=10**37), st.text(max_size=20),
              st.booleans(), st.none(), st.lists(st.integers(min_value=-100, max_value=100)),
              st.dictionaries(st.text(max_size=4), st.integers(min_value=0, max_value=9))),
    max_size=10,
))
def test_any_item_reads_back_as_written(item: dict[str, Any]) -> None:
    attributes = to_attributes(item)
    assert from_attributes(dict(attributes)) == {
        name: _boto3(value) for name, value in attributes.items()} == item
