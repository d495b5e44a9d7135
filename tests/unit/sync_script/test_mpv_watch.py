"""The mpv agent's core on recorded IPC streams, and its events through the real router."""

from __future__ import annotations

from typing import Any

import pytest

from sync_script.mpv_watch import PROPERTIES, Watcher, observe_commands
from tests.unit.capture.capture_harness import START, player
from tests.unit.sync_script.mpv_streams import recorded_stream

T0 = START.timestamp()


def _events(name: str) -> list[dict[str, Any]]:
    watcher = Watcher()
    out: list[dict[str, Any]] = []
    for moment, message in recorded_stream(name):
        out += watcher.message(message, T0 + moment)
    return out


def test_it_observes_every_property_the_contract_names() -> None:
    names = [command["command"][2] for command in observe_commands()]
    assert names == list(PROPERTIES)
    assert {"time-pos", "pause", "duration", "path", "media-title",
            "current-tracks/audio/lang", "current-tracks/sub/lang"} == set(names)


def test_a_paused_episode_gives_start_progress_pause_resume_and_stop() -> None:
    events = _events("frieren_pause_quit")
    kinds = [e["event"] for e in events]
    assert kinds[0] == "start" and kinds[-1] == "stop"
    assert kinds.count("pause") == 1 and kinds.count("resume") == 1
    # Every 30 s while playing: 600 s before the pause, 300 s after it.
    assert kinds.count("progress") in (28, 29)
    first = events[0]
    assert first["audio_language"] == "jpn" and first["subtitle_language"] == "eng"
    assert first["title"] == "Sousou no Frieren - S01E03" and first["duration_seconds"] > 1440
    assert len({e["session_id"] for e in events}) == 1


def test_a_playlist_closes_each_file_and_idle_sends_nothing_more() -> None:
    events = _events("free_playlist_idle")
    starts = [e for e in events if e["event"] == "start"]
    stops = [e for e in events if e["event"] == "stop"]
    assert len(starts) == len(stops) == 2
    assert starts[0]["session_id"] != starts[1]["session_id"]
    assert "subtitle_language" not in starts[0]  # mpv said null: no subtitles


def test_the_agents_events_count_the_minutes_watched_in_the_target_language() -> None:
    with player("generic", languages=["ja"]) as p:
        p.at(START.replace(hour=13))
        for event in _events("frieren_pause_quit"):
            answer = p.send("generic", event)
            assert answer.status == 202, answer.body
        assert answer.json()["state"] == "closed"
        # Up to 595 s when paused (mpv's last time-pos), then 595→895 s after the resume;
        # the two minutes paused count nothing.
        assert answer.json()["counted_seconds"] == 895
        assert [round(e["minutes"] * 60) for e in p.history()] == [895]


def test_a_stream_recorded_from_mpv_itself_starts_and_stops_one_session() -> None:
    # Recorded from mpv 0.35 playing a 4 s lavfi tone to its end (time-pos and duration
    # thinned to two a second): time-pos arrives before path, absent languages have no data.
    events = _events("mpv_0.35_lavfi_sine_to_end")
    assert [e["event"] for e in events] == ["start", "stop"]
    assert 3.0 < events[-1]["position_seconds"] < 4.0
    assert "audio_language" not in events[0] and events[0]["title"].startswith("lavfi:sine")


def test_mpv_clearing_time_pos_before_end_file_keeps_the_last_position_for_the_stop() -> None:
    # Seen from a real mpv over --input-ipc-client: time-pos without data, then end-file.
    watcher = Watcher()
    messages: list[dict[str, Any]] = [
        {"event": "property-change", "id": 4, "name": "path", "data": "/media/a.mkv"},
        {"event": "property-change", "id": 1, "name": "time-pos", "data": 0.0},
        {"event": "property-change", "id": 1, "name": "time-pos", "data": 3.3},
        {"event": "property-change", "id": 1, "name": "time-pos"},
        {"event": "end-file", "reason": "eof", "playlist_entry_id": 1},
    ]
    events = [e for m in messages for e in watcher.message(m, T0 + 3.5)]
    assert [e["event"] for e in events] == ["start", "stop"]
    assert events[-1]["position_seconds"] == 3.3


Stream = list[tuple[float, dict[str, Any]]]


def _duration_first(stream: Stream) -> Stream:
    """The stream with mpv's first duration told before its first time-pos (mpv sends the
    two in either order within one moment: both were seen)."""
    first = next(i for i, (_, m) in enumerate(stream)
                 if m.get("name") == "duration" and m.get("data") is not None)
    position = next(i for i, (_, m) in enumerate(stream)
                    if m.get("name") == "time-pos" and m.get("data") is not None)
    moved = [*stream[:position], stream[first], *stream[position:first], *stream[first + 1:]]
    return moved if position < first else stream


@pytest.mark.parametrize("duration_first", [False, True])
def test_a_stream_whose_duration_grows_as_it_plays_counts_every_second_played(
        duration_first: bool) -> None:
    # Recorded from mpv 0.35 playing a 75 s lavfi tone to its end (time-pos and duration
    # thinned to two a second): mpv reports the length decoded so far, so each event's
    # duration is only a little past its position.
    stream = recorded_stream("mpv_0.35_lavfi_sine_75s")
    if duration_first:
        stream = _duration_first(stream)
    watcher = Watcher()
    events = [e for moment, message in stream for e in watcher.message(message, T0 + moment)]
    assert [e["event"] for e in events] == ["start", "progress", "progress", "stop"]
    durations = [e.get("duration_seconds", 0) for e in events]
    assert durations == sorted(durations) and durations[0] < 2 and 74 < durations[-1] < 75
    with player("generic") as p:
        p.at(START.replace(hour=13))
        for event in events:
            answer = p.send("generic", event)
            assert answer.status == 202, answer.body
        assert answer.json()["state"] == "closed"
        assert answer.json()["counted_seconds"] == int(events[-1]["position_seconds"]) == 74
        assert [round(e["minutes"] * 60) for e in p.history()] == [74]
