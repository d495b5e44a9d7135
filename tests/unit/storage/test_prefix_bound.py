"""The literal prefix range used by the SQLite adapter (no I/O)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from storage.key_range import prefix_upper_bound

# Storable text: every code point except lone surrogates, with the edges well represented.
EDGES = ["\U0010ffff", "\ud7ff", "\ue000", "\uffff", "\x00", "#", "%", "_", "a"]
storable = st.text(
    alphabet=st.one_of(st.sampled_from(EDGES), st.characters(blacklist_categories=["Cs"])),
    max_size=6,
)


def in_range(text: str, prefix: str) -> bool:
    bound = prefix_upper_bound(prefix)
    below = bound is None or text.encode() < bound.encode()
    return prefix.encode() <= text.encode() and below


@given(prefix=storable, text=storable)
def test_the_range_holds_exactly_the_texts_with_the_prefix(prefix: str, text: str) -> None:
    assert in_range(text, prefix) == text.startswith(prefix)


@given(prefix=storable, rest=storable)
def test_every_extension_of_the_prefix_is_in_range(prefix: str, rest: str) -> None:
    assert in_range(prefix + rest, prefix)


def test_bounds() -> None:
    assert prefix_upper_bound("") is None
    assert prefix_upper_bound("\U0010ffff\U0010ffff") is None
    assert prefix_upper_bound("EPISODE#") == "EPISODE$"
    assert prefix_upper_bound("a\U0010ffff") == "b"
    assert prefix_upper_bound("a\ud7ff") == "a\ue000"
