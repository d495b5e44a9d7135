"""The counting rules of a capture session: events in time order to counted seconds (pure).

A session keeps a *settled* tally (events more than ``WINDOW`` seconds older than the
newest) and a *window* of recent events. An event older than the newest by more than the
window is ignored, so every accepted event sorts after every settled one: folding the
settled tally with the sorted window equals folding every event in time order. That is
why a repeated or reordered event never changes the total.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from handlers.service.capture.events import PlayerEvent

WINDOW = 60.0
"""Seconds an event may arrive late and still be applied in its place."""
SLACK = 10.0
"""Seconds an advance may exceed the time between its two events (reports are not exact)."""
IDLE_SECONDS = 30 * 60
MIN_SECONDS = 60
_RANK = {"start": 0, "resume": 1, "progress": 2, "pause": 3, "played": 4, "stop": 5}


@dataclass(frozen=True)
class Point:
    """What counting needs of one event."""

    at: float
    action: str
    position: float | None
    paused: bool | None = None
    completed: bool = False

    def key(self) -> tuple[float, int, float, int]:
        position = -1.0 if self.position is None else self.position
        return (self.at, _RANK[self.action], position, {None: 0, False: 1, True: 2}[self.paused])

    def to_item(self) -> list[Any]:
        # Stores keep no nulls: -1 is an unknown position, 0/1/2 an unknown/false/true pause.
        paused = {None: 0, False: 1, True: 2}[self.paused]
        position = -1 if self.position is None else self.position
        return [self.at, self.action, position, paused, int(self.completed)]

    @classmethod
    def of_item(cls, raw: list[Any]) -> Point:
        at, action, position, paused, completed = raw
        return cls(float(at), str(action), None if position == -1 else float(position),
                   (None, False, True)[int(paused)], bool(completed))


def point_of(event: PlayerEvent, at: float) -> Point:
    return Point(at, event.action, event.position, event.paused, event.completed)


@dataclass(frozen=True)
class Tally:
    """The counted state after some events in time order."""

    first_at: float | None = None
    last_at: float | None = None
    position: float | None = None
    furthest: float = 0.0
    playing: bool = False
    counted: float = 0.0
    stopped: bool = False
    completed: bool = False

    def to_item(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}

    @classmethod
    def of_item(cls, raw: dict[str, Any]) -> Tally:
        return cls(**raw)


def step(tally: Tally, point: Point, duration: float | None) -> Tally:
    """The tally after one more event (the next in time order)."""
    first = point.at if tally.first_at is None else tally.first_at
    counted = tally.counted
    position = point.position
    if position is not None and duration:
        position = min(position, duration)
    if point.action == "played":
        # A completion mark moves nothing: the position stays the baseline.
        return replace(tally, first_at=first, last_at=point.at, completed=True)
    if (tally.playing and tally.position is not None and position is not None
            and tally.last_at is not None):
        advance = position - tally.position
        if advance > 0:
            gain = min(advance, point.at - tally.last_at + SLACK)
            # The whole session never counts more than the time it has lasted.
            room = point.at - first + SLACK - counted
            counted += max(0.0, min(gain, room))
    if point.action in ("start", "resume"):
        playing = True
    elif point.action in ("pause", "stop"):
        playing = False
    else:
        playing = not point.paused if point.paused is not None else True
    return Tally(
        first_at=first,
        last_at=point.at,
        position=position,
        furthest=max(tally.furthest, position or 0.0),
        playing=playing,
        counted=counted,
        stopped=tally.stopped or point.action == "stop",
        completed=tally.completed or point.completed,
    )


@dataclass(frozen=True)
class Counting:
    """A session's settled tally and its window of recent events."""

    settled: Tally = Tally()
    window: tuple[Point, ...] = ()

    @property
    def newest(self) -> float | None:
        if self.window:
            return max(p.at for p in self.window)
        return self.settled.last_at

    def add(self, point: Point, duration: float | None) -> Counting | None:
        """The counting with ``point`` applied; None when it is stale or a repeat (a no-op)."""
        newest = self.newest
        if newest is not None and point.at < newest - WINDOW:
            return None
        if point in self.window:
            return None
        window = sorted((*self.window, point), key=Point.key)
        top = max(p.at for p in window)
        settled = self.settled
        keep: list[Point] = []
        for each in window:
            if each.at < top - WINDOW:
                settled = step(settled, each, duration)
            else:
                keep.append(each)
        return Counting(settled, tuple(keep))

    def tally(self, duration: float | None) -> Tally:
        """Every event so far, folded in time order."""
        current = self.settled
        for each in self.window:
            current = step(current, each, duration)
        return current

    def to_item(self) -> dict[str, Any]:
        return {"settled": self.settled.to_item(), "window": [p.to_item() for p in self.window]}

    @classmethod
    def of_item(cls, raw: dict[str, Any]) -> Counting:
        return cls(Tally.of_item(raw.get("settled", {})),
                   tuple(Point.of_item(p) for p in raw.get("window", [])))
