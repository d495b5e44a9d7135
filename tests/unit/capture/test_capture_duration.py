"""A session's duration follows its events: a stream's grows, a late one is taken (router)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.unit.capture.capture_harness import START, Player, player

T = int(START.timestamp())


def _generic(event: str, position: float, offset: float, duration: float | None,
             kind: str = "video") -> dict[str, Any]:
    body: dict[str, Any] = {"session_id": "s1", "event": event, "position_seconds": position,
                            "at": T + offset, "kind": kind, "title": "Episode 1",
                            "series": "Free!", "season": 1, "episode": 1}
    if duration is not None:
        body["duration_seconds"] = duration
    return body


def _play(p: Player, events: list[tuple[str, float, float, float | None]],
          kind: str = "video") -> dict[str, Any]:
    p.at(START + timedelta(hours=1))
    for event, position, offset, duration in events:
        answer = p.send("generic", _generic(event, position, offset, duration, kind))
        assert answer.status == 202, answer.body
    body: dict[str, Any] = answer.json()
    return body


def _entries(p: Player) -> list[tuple[str, int]]:
    return [(e["kind"], round(e["minutes"] * 60)) for e in p.history()]


def test_a_duration_that_grows_as_it_plays_does_not_cap_the_count() -> None:
    # mpv on a stream reports the length decoded so far, a little past the position.
    with player("generic") as p:
        answer = _play(p, [("start", .2, 0, 1.6), ("progress", 30.3, 30, 31.6),
                           ("progress", 60.3, 60, 61.7), ("stop", 69.6, 70, 70)])
        assert (answer["state"], answer["counted_seconds"]) == ("closed", 69)
        assert _entries(p) == [("log", 69)]


def test_a_shorter_or_missing_duration_takes_back_nothing_counted() -> None:
    with player("generic") as p:
        answer = _play(p, [("start", 0, 0, 1440), ("progress", 300, 300, 1440),
                           ("progress", 600, 600, 200), ("progress", 900, 900, None)])
        assert answer["counted_seconds"] == 900
        assert _entries(p) == [("log", 900)]


def test_a_stream_played_to_its_growing_end_is_not_an_episode_watched() -> None:
    # Its duration is how far it has got, not a runtime: 90 % of it means nothing.
    with player("generic") as p:
        answer = _play(p, [("start", 0, 0, 2), ("progress", 30, 30, 31),
                           ("progress", 60, 60, 61), ("stop", 70, 70, 70.5)], kind="episode")
        assert answer["counted_seconds"] == 70
        assert _entries(p) == [("log", 70)]


def test_a_runtime_that_appears_late_counts_an_episode_played_to_90_percent() -> None:
    with player("generic") as p:
        _play(p, [("start", 0, 0, None), ("progress", 300, 300, 1440),
                  ("stop", 1300, 1300, 1440)], kind="episode")
        assert [kind for kind, _ in _entries(p)] == ["episode"]


def test_a_runtime_refined_by_under_a_second_still_counts_90_percent_watched() -> None:
    with player("generic") as p:
        _play(p, [("start", 0, 0, 1440), ("progress", 1300, 1300, 1440.5),
                  ("stop", 1310, 1310, 1440.5)], kind="episode")
        assert [kind for kind, _ in _entries(p)] == ["episode"]


def test_an_episode_resumed_near_its_end_and_played_out_is_watched() -> None:
    # The runtime came with the first event: it was known before the 90 % mark, however
    # far on the player resumed.
    with player("generic") as p:
        _play(p, [("start", 1370, 0, 1440), ("progress", 1400, 30, 1440),
                  ("stop", 1438, 68, 1440)], kind="episode")
        assert [kind for kind, _ in _entries(p)] == ["episode"]
