"""A page of stored bodies decodes in one parse to exactly the items one parse each gives."""

from __future__ import annotations

from storage.item_shape import from_json_bodies, from_json_body, json_body
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
