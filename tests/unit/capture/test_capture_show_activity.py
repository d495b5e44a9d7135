"""A captured episode's log takes its show's activity: `anime` if the user says so, else `tv`."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tests.unit.capture.capture_harness import START, Player, player, recorded
from tests.unit.handlers.router_harness import call


def _mark(p: Player, folder: str, activity: str | None) -> None:
    """The user's show ``folder`` (an episode synced), said to be ``activity`` (if any)
    through ``PUT /show`` as the web page and the chat doors say it."""
    episode = {"folder_name": folder, "file_name": "00 synced"}
    assert call(p.api, "POST", "/sync", {"episodes": [episode]}).status == 200
    if activity is not None:
        answer = call(p.api, "PUT", "/show", {"folder_name": folder, "activity": activity})
        assert answer.status == 200, answer.body


def _logs(p: Player) -> list[dict[str, Any]]:
    """The history's logs (the synced episode aside)."""
    return [entry for entry in p.history() if entry["kind"] == "log"]


def _partial_session(p: Player, **changes: Any) -> list[dict[str, Any]]:
    """Start, a report, a stop at 1200 s of 1440 (a partial session: a log only)."""
    p.at(START + timedelta(minutes=30))
    for name in ("generic_start", "generic_progress", "generic_stop"):
        answer = p.send("generic", {**recorded(name), **changes})
        assert answer.status == 202, answer.body
    return _logs(p)


def test_an_episode_of_a_show_marked_anime_is_logged_as_anime() -> None:
    with player("generic") as p:
        _mark(p, "Free!", "anime")
        [entry] = _partial_session(p)
        assert (entry["kind"], entry["activity"], entry["title"]) == ("log", "anime", "Free!")
        assert p.api.service.kept.verify("alice") == []


@pytest.mark.parametrize("activity", [None, "tv"])
def test_an_episode_of_a_show_not_marked_anime_is_logged_as_tv(activity: str | None) -> None:
    with player("generic") as p:
        _mark(p, "Free!", activity)
        [entry] = _partial_session(p)
        assert (entry["kind"], entry["activity"]) == ("log", "tv")


def test_an_episode_without_a_show_record_is_logged_as_tv() -> None:
    with player("generic") as p:
        _mark(p, "Another show", "anime")
        [entry] = _partial_session(p)
        assert entry["activity"] == "tv"


def test_events_that_stop_naming_the_series_still_find_its_show() -> None:
    with player("generic") as p:
        _mark(p, "Free!", "anime")
        p.at(START + timedelta(minutes=30))
        p.send("generic", recorded("generic_start"))
        for name in ("generic_progress", "generic_stop"):
            body = {**recorded(name), "series": "", "title": ""}
            assert p.send("generic", body).status == 202
        [entry] = _logs(p)
        assert entry["activity"] == "anime"


def test_a_film_keeps_the_movie_activity_whatever_a_show_of_its_title_says() -> None:
    with player("generic") as p:
        _mark(p, "君の名は。", "anime")
        [entry] = _partial_session(p, kind="movie", title="君の名は。", series="")
        assert entry["activity"] == "movie"
