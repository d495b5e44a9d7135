"""Every way a session closes leaves its entry at the session's exact counted seconds."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tests.unit.capture.capture_harness import START, Player, player, recorded

T = int(START.timestamp())


def _jellyfin(kind: str, position: int, offset: int, item: str = "") -> dict[str, Any]:
    base = recorded("jellyfin_playback_progress")
    at = (START + timedelta(seconds=offset)).strftime("%Y-%m-%dT%H:%M:%S.0000000Z")
    return {**base, "NotificationType": kind, "PlaybackPositionTicks": str(position * 10**7),
            "UtcTimestamp": at, "ItemId": item or base["ItemId"]}


def _generic(event: str, position: float, at: float) -> dict[str, Any]:
    return {"session_id": "s1", "event": event, "position_seconds": position,
            "duration_seconds": 1440, "at": at, "kind": "video", "title": "A talk"}


def _entry_seconds(p: Player) -> list[int]:
    return [round(e["minutes"] * 60) for e in p.history()]


def _counted(p: Player) -> dict[str, tuple[str, int]]:
    return {c["id"]: (c["state"], c["counted_seconds"]) for c in p.captures()}


@pytest.mark.parametrize("notices", [False, True])
def test_autoplay_leaves_the_previous_entry_at_its_exact_count(notices: bool) -> None:
    with player("jellyfin") as p:
        p.api.service.capture.want_notices("alice", notices)
        p.at(START + timedelta(minutes=30))
        first = p.send("jellyfin", _jellyfin("PlaybackStart", 0, 0)).json()["session"]
        p.send("jellyfin", _jellyfin("PlaybackProgress", 100, 100))
        p.send("jellyfin", _jellyfin("PlaybackProgress", 150, 150))
        # Grown a minute at a time while it plays: 100 s so far.
        assert _entry_seconds(p) == [100]
        p.send("jellyfin", _jellyfin("PlaybackStart", 0, 160, item="next-episode"))
        assert _counted(p)[first] == ("closed", 150)
        assert _entry_seconds(p) == [150]
        assert p.api.service.kept.verify("alice") == []


def test_events_that_arrive_after_the_session_went_quiet_leave_its_exact_count() -> None:
    # A player's queue sent late: the session is closed (idle) when its last event lands.
    with player("generic") as p:
        now = T + 5000
        p.at(START + timedelta(seconds=5000))
        for event, position, at in [("start", 0, now - 4000), ("progress", 100, now - 3900),
                                    ("progress", 150, now - 3850)]:
            answer = p.send("generic", _generic(event, position, at)).json()
        assert (answer["state"], answer["counted_seconds"]) == ("closed", 150)
        assert _entry_seconds(p) == [150]


def test_a_session_quiet_for_30_minutes_then_played_again_keeps_its_exact_count() -> None:
    with player("generic") as p:
        for event, position, offset in [("start", 0, 0), ("progress", 100, 100),
                                        ("progress", 150, 150)]:
            p.at(START + timedelta(seconds=offset))
            first = p.send("generic", _generic(event, position, T + offset)).json()["session"]
        assert _entry_seconds(p) == [100]
        p.at(START + timedelta(minutes=40))
        again = p.send("generic", _generic("resume", 150, T + 40 * 60)).json()
        assert again["session"] != first
        assert _counted(p)[first] == ("closed", 150)
        assert _entry_seconds(p) == [150]
        assert p.api.service.kept.verify("alice") == []


def test_a_session_quiet_for_30_minutes_then_another_item_keeps_its_exact_count() -> None:
    with player("jellyfin") as p:
        for position, offset in [(0, 0), (100, 100), (150, 150)]:
            p.at(START + timedelta(seconds=offset))
            first = p.send("jellyfin", _jellyfin("PlaybackProgress", position, offset)).json()
        p.at(START + timedelta(minutes=40))
        p.send("jellyfin", _jellyfin("PlaybackStart", 0, 40 * 60, item="next-episode"))
        assert _counted(p)[first["session"]] == ("closed", 150)
        assert _entry_seconds(p) == [150]


def test_a_pause_gives_the_entry_its_exact_count_before_the_player_goes_quiet() -> None:
    # Nothing may ever come after it (the player closed with no stop): the count is held.
    with player("generic") as p:
        for event, position, offset in [("start", 0, 0), ("progress", 100, 100),
                                        ("progress", 150, 150), ("pause", 150, 155)]:
            p.at(START + timedelta(seconds=offset))
            p.send("generic", _generic(event, position, T + offset))
        assert _entry_seconds(p) == [150]


def test_a_late_stop_of_the_item_autoplay_replaced_keeps_to_that_item() -> None:
    # Jellyfin sent B's start before A's stop (dated two seconds earlier): the stop belongs
    # to A, closed by B's start, and must neither open a session of A nor close B.
    with player("jellyfin") as p:
        p.at(START + timedelta(minutes=30))
        first = p.send("jellyfin", _jellyfin("PlaybackStart", 0, 0)).json()["session"]
        p.send("jellyfin", _jellyfin("PlaybackProgress", 100, 100))
        p.send("jellyfin", _jellyfin("PlaybackStart", 0, 120, item="next-episode"))
        late = p.send("jellyfin", _jellyfin("PlaybackStop", 118, 118)).json()
        assert late["session"] == first
        p.send("jellyfin", _jellyfin("PlaybackProgress", 130, 250, item="next-episode"))
        p.send("jellyfin", _jellyfin("PlaybackStop", 180, 300, item="next-episode"))
        assert sorted(_counted(p).values()) == [("closed", 118), ("closed", 180)]
        assert sorted(_entry_seconds(p)) == [118, 180]
        assert p.api.service.kept.verify("alice") == []
