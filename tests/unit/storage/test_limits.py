"""The size limits every store enforces, counted the way DynamoDB counts (no I/O)."""

from __future__ import annotations

import pytest

from storage.limits import ITEM_MAX_BYTES, check_item, check_key, item_size, key_fits
from storage.repository import InvalidItem


def test_keys_are_measured_in_utf8_bytes_not_characters() -> None:
    check_key("USER#a", "😀" * 256)  # 1,024 bytes in 256 characters
    with pytest.raises(InvalidItem) as refused:
        check_key("USER#a", "😀" * 256 + "x")
    assert (refused.value.attribute, refused.value.limit) == ("sk", 1_024)
    with pytest.raises(InvalidItem) as refused:
        check_key("USER#" + "é" * 1_022, "SHOW#s")  # 2,049 bytes
    assert refused.value.attribute == "pk"
    assert key_fits("USER#" + "é" * 1_021, "SHOW#s")
    assert not key_fits("USER#a", "é" * 513)


def test_item_size_counts_names_and_values_and_never_less_than_dynamodb() -> None:
    # DynamoDB: name bytes + string bytes; numbers about one byte per two digits plus one;
    # booleans one byte; lists and maps three bytes plus one per element.
    assert item_size({"ab": "進"}) == 2 + 3
    assert item_size({"n": 123456}) >= 1 + 4
    assert item_size({"t": True}) == 2
    assert item_size({"l": [1, "x"], "m": {"k": "v"}}) >= 1 + 3 + 2 + 2 + 1 + 1 + 3 + 1 + 1 + 1


def test_an_item_just_under_the_limit_passes_even_with_wide_characters() -> None:
    # The quick bound (four bytes a character) is over the limit here; the exact count is not.
    check_item({"pk": "USER#a", "sk": "SETTINGS#s", "blob": "x" * (ITEM_MAX_BYTES - 100)})
    with pytest.raises(InvalidItem) as refused:
        check_item({"pk": "USER#a", "sk": "SETTINGS#s", "blob": "é" * (ITEM_MAX_BYTES // 2)})
    assert (refused.value.attribute, refused.value.sk) == (None, "SETTINGS#s")


def test_numbers_with_many_digits_are_counted_by_their_digits() -> None:
    many_digits = int("9" * 300)  # 152 bytes each, far past the quick bound's 22
    numbers = {f"n{index}": many_digits for index in range(3_000)}
    with pytest.raises(InvalidItem):
        check_item({"pk": "USER#a", "sk": "S#1", **numbers})


@pytest.mark.parametrize(
    "value",
    [
        "é" * 50_000,
        {"nested": "字" * 40_000, "n": 10**40, "flag": True, "none": None},
        ["x" * 1_000, 2.5, {"k": "v" * 1_000}] * 40,
        ["字" * 1_000, "é", "KEY#k"] * 40,
        10**60,
        7,
        -0.5,
        True,
        [1, 2, 3, [], {}],
        {"": 1, "a": [True, 0]},
        "\ud800" * 10,
        b"\x00" * 1_000,
    ],
)
def test_the_cheap_bound_never_undercounts(value: object) -> None:
    item = {"pk": "USER#a", "sk": "S#1", "value": value}
    assert check_item(item) >= item_size(item)  # the size it answers is an upper bound
