"""ISO-8601 duration parsing as YouTube sends durations."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from metadata_clients.durations import MalformedDuration, parse_duration


@pytest.mark.parametrize(("text", "seconds"), [
    ("PT4M12S", 252),
    ("PT3M46S", 226),
    ("PT1H2M", 3720),
    ("PT1H", 3600),
    ("PT59S", 59),
    ("P1DT2H3M4S", 93784),
    ("P2D", 172800),
    ("P1W", 604800),
    ("PT1.6S", 2),
    ("pt4m12s", 252),
])
def test_duration_in_seconds(text: str, seconds: int) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", [None, "", "PT0S", "P0D", "PT0M0S"])
def test_no_duration_for_live_and_upcoming(text: str | None) -> None:
    assert parse_duration(text) is None


@pytest.mark.parametrize("text", ["P", "PT", "4M12S", "PT4M12", "P1DT", "PTS", "PT-1S",
                                  "PT4S4M", "1 hour", "PT4M 12S"])
def test_malformed_is_a_typed_error(text: str) -> None:
    with pytest.raises(MalformedDuration, match="ISO-8601"):
        parse_duration(text)


@given(st.integers(0, 30), st.integers(0, 23), st.integers(0, 59), st.integers(0, 59))
def test_round_trip_of_every_component(days: int, hours: int, minutes: int,
                                       seconds: int) -> None:
    text = f"P{days}DT{hours}H{minutes}M{seconds}S"
    total = days * 86400 + hours * 3600 + minutes * 60 + seconds
    assert parse_duration(text) == (total or None)


@given(st.text(max_size=30))
def test_any_text_is_a_number_none_or_malformed(text: str) -> None:
    try:
        result = parse_duration(text)
    except MalformedDuration:
        return
    assert result is None or result > 0
