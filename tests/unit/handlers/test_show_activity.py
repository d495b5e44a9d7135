"""A show the user says is anime: ``PUT /show``'s ``activity``, and its episodes counted as
anime in every by-activity figure, read when counted (the router on an in-memory store)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import pytest

from handlers.http.api import Api
from handlers.service.notify.digest import compute_digest
from handlers.service.notify.weekly_digest import WeeklyDigests
from storage.models import user_pk
from tests.unit.handlers.router_harness import NOW, call, message, router

FOLDER = "Free! [1080p]"
OLD = NOW - timedelta(days=30)
"""Older than the days ``/progress`` reads entry by entry: counted from the kept totals."""
FIRST_GENERATION = ("total_episodes", "total_movies", "total_seconds", "today_seconds",
                    "shows", "activity")


@contextmanager
def synced() -> Iterator[Api]:
    """Alice's two episodes of FOLDER synced 30 days ago and one now (20 minutes each: the
    show has no TVDB runtime), and a 10-minute tv log."""
    moments = [OLD]
    with router(clock=lambda: moments[0]) as api:
        episodes = [{"folder_name": FOLDER, "file_name": f"0{n}"} for n in (1, 2)]
        assert call(api, "POST", "/sync", {"episodes": episodes}).status == 200
        moments[0] = NOW
        assert call(api, "POST", "/sync", {"episodes": [
            {"folder_name": FOLDER, "file_name": "03"}]}).status == 200
        assert call(api, "POST", "/log", {"activity": "tv", "minutes": 10,
                                          "title": "Dorama"}).status == 201
        yield api


def _mark(api: Api, activity: str) -> None:
    response = call(api, "PUT", "/show", {"folder_name": FOLDER, "activity": activity})
    assert (response.status, response.json()) == (200, {})


def _by_activity(body: dict[str, Any]) -> dict[str, tuple[int, int]]:
    return {row["activity"]: (row["minutes"], row["count"]) for row in body["by_activity"]}


def _stats(api: Api) -> dict[str, Any]:
    query = {"from": (OLD - timedelta(days=2)).date().isoformat(),
             "to": (NOW + timedelta(days=2)).date().isoformat()}
    return call(api, "GET", "/stats", query=query).json()  # type: ignore[no-any-return]


def test_a_show_marked_anime_counts_its_synced_episodes_as_anime_in_stats() -> None:
    with synced() as api:
        assert _by_activity(_stats(api)) == {"tv": (70, 4)}
        _mark(api, "anime")
        stats = _stats(api)
        assert _by_activity(stats) == {"anime": (60, 3), "tv": (10, 1)}
        assert {(t["title"], t["activity"]) for t in stats["top_titles"]} == {
            (FOLDER, "anime"), ("Dorama", "tv")}
        assert sum(b["by_group"]["watching"] for b in stats["buckets"]) == 70  # groups stay


def test_a_show_marked_anime_counts_as_anime_in_progress_and_first_generation_stays() -> None:
    with synced() as api:
        before = call(api, "GET", "/progress").json()
        _mark(api, "anime")
        after = call(api, "GET", "/progress").json()
        assert _by_activity(after) == {"anime": (60, 3), "tv": (10, 1)}
        for name in FIRST_GENERATION:
            assert after.get(name) == before.get(name), name
        assert after["by_group"] == before["by_group"]


def test_unmarking_a_show_counts_its_episodes_as_tv_again() -> None:
    with synced() as api:
        before = (_stats(api), call(api, "GET", "/progress").json())
        _mark(api, "anime")
        _mark(api, "tv")
        assert (_stats(api), call(api, "GET", "/progress").json()) == before
        assert "activity" not in (api.service.repo.get(user_pk("alice"), f"SHOW#{FOLDER}") or {})


def test_marking_a_show_leaves_the_kept_items_as_rebuild_finds_them() -> None:
    with synced() as api:
        _mark(api, "anime")
        assert api.service.kept.verify("alice") == []


def test_the_history_title_page_and_review_follow_the_mark() -> None:
    with synced() as api:
        _mark(api, "anime")
        entries = call(api, "GET", "/history").json()["entries"]
        assert sorted(e["activity"] for e in entries if e["kind"] == "episode") == ["anime"] * 3
        anime = call(api, "GET", "/history", query={"activity": "anime"}).json()["entries"]
        assert len(anime) == 3
        page = call(api, "GET", "/title", query={"name": FOLDER, "activity": "anime"}).json()
        assert (page["activities"], page["sessions"], page["total_minutes"]) == (["anime"], 3, 60)
        assert page["shows"] == [{"folder_name": FOLDER, "activity": "anime"}]
        assert call(api, "GET", "/title", query={"name": FOLDER, "activity": "tv"}).status == 404
        review = call(api, "GET", "/review", query={"year": str(OLD.year)}).json()
        assert {t["activity"] for t in review["top_titles"] if t["title"] == FOLDER} == {"anime"}


def test_a_title_page_of_a_log_names_no_show() -> None:
    with synced() as api:
        page = call(api, "GET", "/title", query={"name": "Dorama", "activity": "tv"}).json()
        assert page["shows"] == []


def test_the_digest_counts_a_marked_show_as_anime() -> None:
    with synced() as api:
        _mark(api, "anime")
        repo, zone = api.service.repo, api.service.timezone("alice")
        at = NOW + timedelta(days=2)  # the week before holds today's episode and log
        kept = WeeklyDigests(repo, lambda: at, lambda _user: zone, zone.key).figures("alice", at)
        assert kept.minutes_by_activity == {"anime": 20, "tv": 10}
        assert compute_digest(repo.query_prefix(user_pk("alice")), at, zone) == kept


def test_put_show_with_a_tvdb_id_and_an_activity_stores_both() -> None:
    with synced() as api:
        body = {"folder_name": FOLDER, "tvdb_id": 278157, "activity": "anime"}
        assert call(api, "PUT", "/show", body).status == 200
        show = api.service.repo.get(user_pk("alice"), f"SHOW#{FOLDER}") or {}
        assert (show.get("tvdb_name"), show.get("activity")) == ("Free!", "anime")
        assert _by_activity(_stats(api)) == {"anime": (72, 3), "tv": (10, 1)}


@pytest.mark.parametrize("activity", ["movie", "", 5, "ANIME"])
def test_put_show_refuses_another_activity_naming_the_field(activity: object) -> None:
    with synced() as api:
        before = api.service.repo.get(user_pk("alice"), f"SHOW#{FOLDER}")
        body = {"folder_name": FOLDER, "activity": activity}
        assert message(call(api, "PUT", "/show", body), 400).startswith("activity")
        assert api.service.repo.get(user_pk("alice"), f"SHOW#{FOLDER}") == before


def test_put_show_with_neither_a_tvdb_id_nor_an_activity_is_400() -> None:
    with synced() as api:
        assert "tvdb_id" in message(call(api, "PUT", "/show", {"folder_name": FOLDER}), 400)


def test_marking_an_unknown_show_folder_is_404() -> None:
    with synced() as api:
        body = {"folder_name": "Nope", "activity": "anime"}
        assert "Nope" in message(call(api, "PUT", "/show", body), 404)


def test_the_first_generation_show_routes_answer_old_clients_as_before() -> None:
    with synced() as api:
        old_client = {"folder_name": FOLDER, "tvdb_id": 278157}
        response = call(api, "PUT", "/show", old_client)
        assert (response.status, response.body) == (200, "{}")
        assert _by_activity(_stats(api)) == {"tv": (82, 4)}  # 3 × 24 min + the log
        _mark(api, "anime")
        assert call(api, "GET", "/shows").json() == {"shows": [{
            "folder_name": FOLDER, "tvdb_id": 278157, "tvdb_name": "Free!",
            "tvdb_image": "https://artworks.thetvdb.com/278157.jpg"}]}
        assert call(api, "PUT", "/show", old_client).status == 200  # the mark stays
        assert _by_activity(_stats(api)) == {"anime": (72, 3), "tv": (10, 1)}
