"""Property tests of the counting rules over random event streams (pure, no store)."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from handlers.service.capture.counting import SLACK, WINDOW, Counting, Point

ACTIONS = ("start", "progress", "pause", "resume", "stop", "progress", "progress")
DURATION = 1440.0


@st.composite
def streams(draw: st.DrawFn, monotone: bool = False) -> list[Point]:
    """Events in time order: random gaps, actions, positions (seeks included unless monotone)."""
    count = draw(st.integers(1, 40))
    at, position = 1_000_000.0, 0.0
    points = []
    for _ in range(count):
        at += draw(st.floats(0, 120, allow_nan=False))
        step = draw(st.floats(0 if monotone else -600, 400, allow_nan=False))
        position = min(DURATION, max(0.0, position + step))
        known = draw(st.booleans()) or not monotone
        paused = draw(st.sampled_from((None, False, True)))
        points.append(Point(round(at, 3), draw(st.sampled_from(ACTIONS)),
                            round(position, 3) if known else None, paused))
    return points


def total(points: Sequence[Point]) -> float:
    counting = Counting()
    for point in points:
        counting = counting.add(point, DURATION) or counting
    return counting.tally(DURATION).counted


@settings(max_examples=150, deadline=None)
@given(streams())
def test_counted_seconds_never_exceed_the_time_the_session_lasted(points: list[Point]) -> None:
    counted = total(points)
    assert 0 <= counted <= points[-1].at - points[0].at + SLACK


@settings(max_examples=150, deadline=None)
@given(streams(monotone=True))
def test_without_rewinding_counted_seconds_never_exceed_the_duration(points: list[Point]) -> None:
    assert total(points) <= DURATION


@settings(max_examples=150, deadline=None)
@given(streams(), st.data())
def test_repeated_events_never_change_the_total(points: list[Point], data: st.DataObject) -> None:
    arrivals = list(points)
    for _ in range(data.draw(st.integers(1, 10))):
        copy = data.draw(st.sampled_from(points))
        first = arrivals.index(copy)
        arrivals.insert(data.draw(st.integers(first + 1, len(arrivals))), copy)
    assert total(arrivals) == total(points)


@settings(max_examples=150, deadline=None)
@given(streams(), st.data())
def test_events_arriving_out_of_order_within_the_window_count_the_same(
        points: list[Point], data: st.DataObject) -> None:
    delays = [data.draw(st.floats(0, WINDOW - 1, allow_nan=False)) for _ in points]
    arrivals = [p for _, p in sorted(zip((p.at + d for p, d in zip(points, delays, strict=True)),
                                         points, strict=True), key=lambda pair: pair[0])]
    assert total(arrivals) == total(points)
