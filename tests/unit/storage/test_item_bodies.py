"""A page of stored bodies decodes in one parse to exactly the items one parse each gives;
a body means what the standard library's JSON would, whichever encoder wrote it."""

from __future__ import annotations

import enum
import json
import math
import uuid
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storage.item_shape import from_json_bodies, from_json_body, json_body, json_bound
from storage.limits import item_size
from storage.repository import Item

ITEMS: list[Item] = [
    {"pk": "USER#a", "sk": "EPISODE#1", "title": "Frieren \u2014 \u846c\u9001", "duration": 1440},
    {"pk": "USER#a", "sk": "LOG#2", "nested": {"list": [1, 2.5, None, True]}, "note": "a,b]"},
    {"pk": "USER#a", "sk": "SETTINGS", "expires_at": 12, "empty": {}, "quote": "\"[{"},
]


def test_one_parse_of_a_page_equals_one_parse_per_item() -> None:
    rows = [(item["sk"], json_body(item)) for item in ITEMS]
    each = [from_json_body("USER#a", sk, body) for sk, body in rows]
    together = from_json_bodies("USER#a", rows)
    assert together == each == ITEMS
    assert [list(item) for item in together] == [list(item) for item in each]


def test_an_empty_page_is_no_items() -> None:
    assert from_json_bodies("USER#a", []) == []


@pytest.mark.parametrize(
    "value",
    ["é" * 1_000, "\ud800" * 10, "", 0, 7, -0.5, 10**60, True, [], {}, [1, [2, {}]],
     {"": 0, "a": [True, "字" * 100]}],
)
def test_the_json_body_bounds_the_item_size(value: object) -> None:
    item = {"pk": "USER#é", "sk": "S#字", "v": value, "": value}
    assert json_bound(item, json_body(item)) >= item_size(item)


_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(10**40), max_value=10**40)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)
_STANDARD = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":"))


@given(st.dictionaries(st.text(), _VALUES, max_size=6))
def test_a_body_means_what_the_standard_librarys_json_would(attributes: dict[str, object]) -> None:
    item = {**attributes, "pk": "USER#a", "sk": "LOG#1"}
    body = json_body(item)
    standard = _STANDARD.encode({k: v for k, v in item.items() if k not in ("pk", "sk")})
    assert json.loads(body) == json.loads(standard)
    assert from_json_body("USER#a", "LOG#1", body) == item
    assert json_bound(item, body) >= item_size(item)


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, [1, {"x": math.nan}]])
def test_a_body_refuses_what_json_cannot_say(value: object) -> None:
    # orjson would write each as null: an item would come back changed.
    with pytest.raises(ValueError, match="JSON compliant"):
        json_body({"pk": "USER#a", "sk": "LOG#1", "v": value})


@pytest.mark.parametrize("value", [2**64, -(2**63) - 1, 10**37, {"deep": [2**70]}])
def test_an_integer_past_64_bits_is_kept_exactly(value: object) -> None:
    item = {"pk": "USER#a", "sk": "LOG#1", "v": value}
    assert from_json_body("USER#a", "LOG#1", json_body(item)) == item


class _Plain(enum.Enum):
    A = "a"


class _Whole(enum.IntEnum):
    ONE = 1


@pytest.mark.parametrize("value", [uuid.UUID(int=7), _Plain.A, datetime(2026, 1, 1, tzinfo=UTC),
                                   {"deep": [_Plain.A]}])
def test_a_body_refuses_what_dynamodb_refuses(value: object) -> None:
    # orjson would write each as text: the embedded stores would take what DynamoDB refuses.
    with pytest.raises(TypeError, match="not JSON serializable"):
        json_body({"pk": "USER#a", "sk": "LOG#1", "v": value})


def test_a_subclass_of_a_plain_type_is_written_as_the_standard_library_writes_it() -> None:
    item = {"pk": "USER#a", "sk": "LOG#1", "n": _Whole.ONE, "t": ("x", 2), "k": {"a": True}}
    assert json.loads(json_body(item)) == {"n": 1, "t": ["x", 2], "k": {"a": True}}
