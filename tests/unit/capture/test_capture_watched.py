"""A watched episode or film counts as one, its minutes once; a mark-as-played likewise."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from tests.unit.capture.capture_harness import START, Player, player, recorded
from tests.unit.handlers.router_harness import call

TICKS = 10_000_000
WATCHED = 1368.0
"""95 % of the recorded episodes' 1440 s."""
FRIEREN = {"show_id": "424536", "name": "葬送のフリーレン",
           "artwork_url": "https://artworks.thetvdb.com/424536.jpg", "episodes_watched": 1}
FREE = {"show_id": "278157", "name": "Free!",
        "artwork_url": "https://artworks.thetvdb.com/278157.jpg", "episodes_watched": 1}


def _when(minutes: float) -> str:
    return (START + timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%S.0000000Z")


def _jellyfin(name: str, position: float, minutes: float) -> dict[str, Any]:
    body = recorded(name)
    body.update(PlaybackPositionTicks=str(int(position * TICKS)), UtcTimestamp=_when(minutes),
                PlayedToCompletion="False" if name.endswith("stop") else "")
    return body


def _emby(name: str, position: float, minutes: float) -> dict[str, Any]:
    body = recorded(name)
    body["Date"] = _when(minutes)
    body["PlaybackInfo"] = {"PositionTicks": int(position * TICKS)}
    if name.endswith("stop"):
        body["PlaybackInfo"]["PlayedToCompletion"] = False
    return body


def _generic(name: str, position: float, minutes: float) -> dict[str, Any]:
    body = recorded(name)
    body.update(position_seconds=position,
                at=(START + timedelta(minutes=minutes)).timestamp())
    return body


def _plex(p: Player, name: str, position: float, minutes: float) -> None:
    body = recorded(name)
    body["Metadata"]["viewOffset"] = int(position * 1000)
    p.at(START + timedelta(minutes=minutes))  # Plex sends no time: the arrival counts
    boundary = "b3a1f8c2d4e5"
    raw = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"payload\"\r\n\r\n"
           f"{json.dumps(body)}\r\n--{boundary}--\r\n").encode()
    answer = p.send("plex", raw=raw,
                    headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert answer.status == 202, answer.body


def _play_to_95_percent(p: Player, source: str) -> None:
    """Start at 0, a report 11 min later, a stop at 95 % after 23 min (no completion flag:
    the 90 % rule alone makes it watched); a minute after the test zone's midnight."""
    steps = [("start", 0.0, 1.0), ("progress", 660.0, 12.0), ("stop", WATCHED, 24.0)]
    if source == "plex":
        for name, position, minutes in [("plex_media_play", 0.0, 1.0),
                                        ("plex_media_pause", 660.0, 12.0),
                                        ("plex_media_resume", 660.0, 12.0),
                                        ("plex_media_stop", WATCHED, 24.0)]:
            _plex(p, name, position, minutes)
        return
    names = {"jellyfin": ("jellyfin_playback_start", "jellyfin_playback_progress",
                          "jellyfin_playback_stop"),
             "emby": ("emby_playback_start", "emby_playback_progress", "emby_playback_stop"),
             "generic": ("generic_start", "generic_progress", "generic_stop")}[source]
    build = {"jellyfin": _jellyfin, "emby": _emby, "generic": _generic}[source]
    p.at(START + timedelta(minutes=30))
    for name, (_, position, minutes) in zip(names, steps, strict=True):
        answer = p.send(source, build(name, position, minutes))
        assert answer.status == 202, answer.body


def _verified(p: Player) -> None:
    """The kept totals equal what ``rebuild`` derives from the entries."""
    assert p.api.service.kept.verify("alice") == []


@pytest.mark.parametrize(("source", "show", "runtime"), [
    ("jellyfin", FRIEREN, 25), ("plex", FRIEREN, 25), ("emby", FRIEREN, 25),
    ("generic", FREE, 24),
])
def test_an_episode_played_to_95_percent_counts_as_watched_and_its_minutes_once(
        source: str, show: dict[str, Any], runtime: int) -> None:
    with player(source) as p:
        _play_to_95_percent(p, source)
        [entry] = p.history()
        # The session's log became the episode: its show's runtime (TVDB, found from the
        # episode id the player sent), counted once, not beside the ~23 minutes logged.
        assert (entry["kind"], entry["title"], entry["minutes"]) == ("episode", "S01E03"
                                                                     if source != "generic"
                                                                     else "S01E01", runtime)
        progress = call(p.api, "GET", "/progress").json()
        assert (progress["total_episodes_watched"], progress["episodes_watched_today"]) == (1, 1)
        assert progress["shows"] == [show]
        assert progress["daily_activity"][-1]["minutes_watched"] == runtime
        assert progress["total_hours_watched"] == 0
        day = {"from": "2026-05-09", "to": "2026-05-09"}  # the test zone's (Auckland) day
        stats = call(p.api, "GET", "/stats", query=day).json()
        assert [b["minutes"] for b in stats["buckets"]] == [runtime]
        _verified(p)


def test_a_partial_session_counts_its_minutes_only() -> None:
    with player("generic") as p:
        p.at(START + timedelta(minutes=30))
        for name in ("generic_start", "generic_progress", "generic_stop"):
            p.send("generic", recorded(name))  # stopped at 1200 s of 1440: 83 %
        [entry] = p.history()
        assert entry["kind"] == "log"
        assert call(p.api, "GET", "/progress").json()["total_episodes_watched"] == 0


def test_a_watched_film_counts_as_a_movie_with_its_runtime() -> None:
    with player("generic") as p:
        p.at(START + timedelta(minutes=30))
        for name, position, minutes in [("generic_start", 0.0, 0.0),
                                        ("generic_progress", 660.0, 11.0),
                                        ("generic_stop", WATCHED, 23.0)]:
            body = _generic(name, position, minutes)
            body.update(kind="movie", title="君の名は。", tmdb_id=372058)
            for episode_field in ("series", "season", "episode", "tvdb_id"):
                body.pop(episode_field)
            p.send("generic", body)
        [entry] = p.history()
        assert (entry["kind"], entry["title"], entry["minutes"]) == ("movie", "君の名は。", 24)
        progress = call(p.api, "GET", "/progress").json()
        assert progress["total_movies_watched"] == 1
        assert progress["daily_activity"][-1]["minutes_watched"] == 24
        _verified(p)


def test_deleting_the_watched_episode_deletes_it_and_its_minutes_for_good() -> None:
    with player("jellyfin") as p:
        _play_to_95_percent(p, "jellyfin")
        [entry] = p.history()
        assert call(p.api, "DELETE", f"/history/{entry['id']}").status in (200, 204)
        late = _jellyfin("jellyfin_playback_progress", WATCHED + 30, 24.5)
        assert p.send("jellyfin", late).status == 202
        assert p.history() == []
        progress = call(p.api, "GET", "/progress").json()
        assert progress["total_episodes_watched"] == 0
        assert progress["daily_activity"][-1]["minutes_watched"] == 0
        _verified(p)


def test_watching_an_episode_again_counts_its_minutes_not_a_second_episode() -> None:
    with player("jellyfin") as p:
        _play_to_95_percent(p, "jellyfin")
        p.at(START + timedelta(days=1, minutes=30))
        for name, position, minutes in [("jellyfin_playback_start", 0.0, 0.0),
                                        ("jellyfin_playback_progress", 660.0, 11.0),
                                        ("jellyfin_playback_stop", WATCHED, 23.0)]:
            p.send("jellyfin", _jellyfin(name, position, minutes + 24 * 60))
        kinds = sorted(e["kind"] for e in p.history())
        assert kinds == ["episode", "log"]
        assert call(p.api, "GET", "/progress").json()["total_episodes_watched"] == 1
        _verified(p)


@pytest.mark.parametrize(("source", "name"), [
    ("jellyfin", "jellyfin_user_data_saved_toggle_played"), ("emby", "emby_item_markplayed"),
    ("plex", "plex_media_scrobble"),
])
def test_mark_as_played_counts_the_episode_as_watched_once(source: str, name: str) -> None:
    with player(source) as p:
        p.at(START + timedelta(hours=2))
        p.send(source, recorded(name))
        p.send(source, recorded(name))
        [entry] = p.history()
        # As the sync client counts a file: the episode, weighed by its show's runtime.
        assert (entry["kind"], entry["minutes"]) == ("episode", 25)
        progress = call(p.api, "GET", "/progress").json()
        assert progress["total_episodes_watched"] == 1
        assert progress["shows"] == [FRIEREN]
        _verified(p)


def test_mark_as_played_after_watching_it_counts_nothing_more() -> None:
    with player("jellyfin") as p:
        _play_to_95_percent(p, "jellyfin")
        p.later(hours=2)
        marked = recorded("jellyfin_user_data_saved_toggle_played")
        marked["EpisodeNumber"] = "3"  # the episode just watched, marked played on a phone
        p.send("jellyfin", marked)
        assert [e["kind"] for e in p.history()] == ["episode"]
        assert call(p.api, "GET", "/progress").json()["total_episodes_watched"] == 1


def test_a_log_deleted_while_playing_does_not_come_back_as_the_episode() -> None:
    with player("jellyfin") as p:
        p.at(START + timedelta(minutes=30))
        p.send("jellyfin", _jellyfin("jellyfin_playback_start", 0.0, 1.0))
        p.send("jellyfin", _jellyfin("jellyfin_playback_progress", 660.0, 12.0))
        [entry] = p.history()
        assert call(p.api, "DELETE", f"/history/{entry['id']}").status in (200, 204)
        p.send("jellyfin", _jellyfin("jellyfin_playback_stop", WATCHED, 24.0))
        assert p.history() == []
        assert call(p.api, "GET", "/progress").json()["total_episodes_watched"] == 0
        _verified(p)


def test_the_notice_of_a_watched_film_tells_what_it_counts() -> None:
    with player("generic") as p:
        p.api.service.capture.want_notices("alice", True)
        p.at(START + timedelta(minutes=30))
        for name, position, minutes in [("generic_start", 0.0, 0.0),
                                        ("generic_progress", 660.0, 11.0),
                                        ("generic_stop", WATCHED, 23.0)]:
            body = _generic(name, position, minutes)
            body.update(kind="movie", title="君の名は。", series="")
            p.send("generic", body)
        # 23 minutes played; the film counts its 24-minute runtime, and the notice says so.
        [notice] = p.api.service.capture.pending_notices()
        assert (notice.title, notice.minutes, notice.watched) == ("君の名は。", 24, True)
        [entry] = p.history()
        assert (entry["kind"], entry["minutes"]) == ("movie", 24)


def test_watching_again_is_told_as_logged_and_its_undo_leaves_the_episode() -> None:
    with player("jellyfin") as p:
        _play_to_95_percent(p, "jellyfin")
        p.api.service.capture.want_notices("alice", True)
        p.at(START + timedelta(days=1, minutes=30))
        for name, position, minutes in [("jellyfin_playback_start", 0.0, 0.0),
                                        ("jellyfin_playback_progress", 660.0, 11.0),
                                        ("jellyfin_playback_stop", WATCHED, 23.0)]:
            p.send("jellyfin", _jellyfin(name, position, minutes + 24 * 60))
        # In the history already: this session keeps its minutes as a log, and says so.
        [notice] = p.api.service.capture.pending_notices()
        assert (notice.minutes, notice.watched) == (23, False)
        p.api.service.capture.undo("alice", notice.session_id)
        assert [e["kind"] for e in p.history()] == ["episode"]
        assert call(p.api, "GET", "/progress").json()["total_episodes_watched"] == 1
        _verified(p)
