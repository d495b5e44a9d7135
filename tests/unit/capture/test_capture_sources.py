"""Each source's recorded payloads through the router: sessions, minutes, the history entry."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from tests.unit.capture.capture_harness import EVENTS, START, player, recorded
from tests.unit.handlers.router_harness import call


def test_a_jellyfin_episode_becomes_one_growing_entry_of_the_minutes_played() -> None:
    with player("jellyfin", languages=["ja"]) as p:
        p.at(START + timedelta(minutes=30))  # every event below lies in the past
        started = p.send("jellyfin", recorded("jellyfin_playback_start"))
        assert started.status == 202 and started.json()["state"] == "open"
        assert p.history() == []  # nothing counted yet
        grown = p.send("jellyfin", recorded("jellyfin_playback_progress")).json()
        assert grown["counted_seconds"] == 600
        [entry] = p.history()
        assert (entry["minutes"], entry["activity"]) == (10, "tv")
        assert entry["title"] == "葬送のフリーレン"
        paused = p.send("jellyfin", recorded("jellyfin_playback_progress_paused")).json()
        assert paused["counted_seconds"] == 720
        stopped = p.send("jellyfin", recorded("jellyfin_playback_stop")).json()
        # Paused from 12:12 until the stop: the jump to the end counts nothing.
        assert stopped == {"session": started.json()["session"], "state": "closed",
                           "counted_seconds": 720}
        # Played to completion: the log became the episode, counted by its show's runtime.
        [entry] = p.history()
        assert (entry["kind"], entry["minutes"]) == ("episode", 25)
        assert entry["at"] == int(START.timestamp())
        today = call(p.api, "GET", "/progress").json()["daily_activity"][-1]["minutes_watched"]
        assert today == 25


def test_a_repeated_event_changes_nothing() -> None:
    with player("jellyfin") as p:
        p.at(START + timedelta(minutes=30))
        for name in ("jellyfin_playback_start", "jellyfin_playback_progress",
                     "jellyfin_playback_progress", "jellyfin_playback_start"):
            answer = p.send("jellyfin", recorded(name)).json()
        assert answer["counted_seconds"] == 600
        assert [e["minutes"] for e in p.history()] == [10]


def test_the_rendered_template_as_text_plain_and_all_properties_are_read_alike() -> None:
    with player("jellyfin") as p:
        p.at(START + timedelta(minutes=30))
        p.send("jellyfin", recorded("jellyfin_playback_start"))
        native = p.send("jellyfin", recorded("jellyfin_all_properties_progress")).json()
        assert native["counted_seconds"] == 300
        raw = (EVENTS / "jellyfin_playback_progress_rendered.txt").read_bytes()
        text = p.send("jellyfin", raw=raw, headers={"Content-Type": "text/plain; charset=utf-8"})
        assert text.json()["counted_seconds"] == 600


def _plex_multipart(payload: dict[str, object], thumb: bool = True) -> tuple[bytes, str]:
    boundary = "------------------------b3a1f8c2d4e5"
    parts = [
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"payload\"\r\n"
        "Content-Type: application/json\r\n\r\n".encode() + json.dumps(payload).encode() + b"\r\n"
    ]
    if thumb:
        parts.append(
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"thumb\"; "
            "filename=\"thumb.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n".encode()
            + b"\xff\xd8\xff\xe0" + bytes(range(256)) * 800 + b"\r\n")
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def test_a_plex_session_counts_by_arrival_time_and_drops_the_thumbnail() -> None:
    with player("plex") as p:
        body, kind = _plex_multipart(recorded("plex_media_play"))
        assert p.send("plex", raw=body, headers={"Content-Type": kind}).status == 202
        p.later(minutes=10)
        body, kind = _plex_multipart(recorded("plex_media_pause"), thumb=False)
        paused = p.send("plex", raw=body, headers={"Content-Type": kind}).json()
        assert paused["counted_seconds"] == 600
        p.later(minutes=2)
        body, kind = _plex_multipart(recorded("plex_media_resume"))
        p.send("plex", raw=body, headers={"Content-Type": kind})
        p.later(minutes=13)
        body, kind = _plex_multipart(recorded("plex_media_stop"))
        stopped = p.send("plex", raw=body, headers={"Content-Type": kind}).json()
        # 600 s before the pause, then 13 min of wall time for 780 s of position: 1380 s.
        assert (stopped["state"], stopped["counted_seconds"]) == ("closed", 1380)
        # Stopped at 95 %: watched, so the episode of the show its TVDB id names.
        [entry] = p.history()
        assert (entry["kind"], entry["title"], entry["subtitle"]) == (
            "episode", "S01E03", "葬送のフリーレン")


def test_an_emby_session_with_its_pause() -> None:
    with player("emby") as p:
        p.at(START + timedelta(minutes=40))
        for name in ("emby_playback_start", "emby_playback_pause", "emby_playback_unpause",
                     "emby_playback_progress", "emby_playback_stop"):
            answer = p.send("emby", recorded(name)).json()
        # 0→600 s in 10 min; paused 5 min; 600→900 s in 5 min; 900→1440 s in 9.5 min.
        assert answer["counted_seconds"] == 600 + 300 + 540
        assert [(e["kind"], e["minutes"]) for e in p.history()] == [("episode", 25)]


def test_older_emby_posts_a_form_whose_data_field_holds_the_json() -> None:
    from urllib.parse import urlencode

    with player("emby") as p:
        p.at(START + timedelta(minutes=1))
        form = urlencode({"data": json.dumps(recorded("emby_playback_start"))}).encode()
        answer = p.send("emby", raw=form,
                        headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert answer.json()["state"] == "open"


def test_a_generic_session_from_the_mpv_agent() -> None:
    with player("generic", languages=["ja"]) as p:
        p.at(START + timedelta(minutes=30))
        for name in ("generic_start", "generic_progress", "generic_pause", "generic_resume",
                     "generic_stop"):
            answer = p.send("generic", recorded(name)).json()
        # 300.5 s in 300 s (+10 s slack), 299.5 s to the pause, then 600 s in 600 s.
        assert answer["counted_seconds"] == 1200
        assert [(e["minutes"], e["title"]) for e in p.history()] == [(20, "Free!")]


@pytest.mark.parametrize(("source", "name"), [
    ("jellyfin", "jellyfin_item_added"), ("jellyfin", "jellyfin_user_data_saved_progress"),
    ("plex", "plex_media_rate"), ("plex", "plex_library_new"), ("plex", "plex_other_account_play"),
    ("emby", "emby_system_webhooktest"),
])
def test_events_we_do_not_use_are_answered_202_ignored_with_a_reason(source: str,
                                                                     name: str) -> None:
    with player(source) as p:
        answer = p.send(source, recorded(name))
        assert answer.status == 202
        body = answer.json()
        assert body["state"] == "ignored" and body["reason"]
        assert p.captures() == [] and p.history() == []


@pytest.mark.parametrize(("source", "name"), [
    ("jellyfin", "jellyfin_user_data_saved_toggle_played"), ("emby", "emby_item_markplayed"),
    ("plex", "plex_media_scrobble"),
])
def test_mark_as_played_without_playback_counts_the_runtime_once(source: str, name: str) -> None:
    with player(source) as p:
        p.at(START + timedelta(hours=2))
        first = p.send(source, recorded(name)).json()
        assert (first["state"], first["counted_seconds"]) == ("closed", 1440)
        again = p.send(source, recorded(name)).json()
        assert again["session"] == first["session"]
        assert [(e["kind"], e["minutes"]) for e in p.history()] == [("episode", 25)]
