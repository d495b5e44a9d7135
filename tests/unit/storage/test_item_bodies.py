"""A page of stored bodies decodes in one parse to exactly the items one parse each gives."""

from __future__ import annotations

import pytest

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
