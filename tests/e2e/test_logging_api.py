"""End to end: logging, backdating, history paging, edit, delete and stats over ``serve``."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.support.api_server import RunningApi, running_api

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApi]:
    env = {"IMMERSION_TRACKER_TIMEZONE": "Europe/Berlin"}
    with running_api(tmp_path_factory.mktemp("logging"), env) as running:
        yield running


def test_a_learners_week_through_the_api(api: RunningApi) -> None:
    with api.client() as http:
        days = ["2026-01-05", "2026-01-06", "2026-01-07", "2026-01-08", "2026-01-09"]
        for day in days:
            answer = http.post("/log", json={"activity": "anime", "amount": 1,
                                             "unit": "episodes", "date": day})
            assert answer.status_code == 201, answer.text
        reading = http.post("/log", json={"activity": "book", "minutes": 45,
                                          "title": "本好きの下剋上", "date": "2026-01-06"})
        seen, cursor = [], None
        while True:
            page = http.get("/history", params={"limit": 2, **({"cursor": cursor} if cursor
                                                               else {})}).json()
            seen += page["entries"]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert len(seen) == 6 and len({e["id"] for e in seen}) == 6
        assert [e["at"] for e in seen] == sorted((e["at"] for e in seen), reverse=True)
        entry = reading.json()["entry"]
        assert entry["title"] == "本好きの下剋上"
        moved = http.patch(f"/history/{entry['id']}", json={"date": "2026-01-12", "minutes": 60})
        assert moved.status_code == 200 and moved.json()["entry"]["minutes"] == 60
        stats = http.get("/stats", params={"from": "2026-01-05", "to": "2026-01-18",
                                           "bucket": "week"}).json()
        assert [b["minutes"] for b in stats["buckets"]] == [5 * 24, 60]
        assert stats["buckets"][1]["by_group"]["reading"] == 60
        removed = http.delete(f"/history/{seen[0]['id']}")
        assert removed.status_code == 200
        assert http.delete(f"/history/{seen[0]['id']}").status_code == 404
        progress = http.get("/progress").json()
        assert progress["total_minutes"] == 4 * 24 + 60
        assert progress["total_episodes_watched"] == 0  # logs never count as episodes
        assert http.get("/history", params={"cursor": "tampered"}).status_code == 400
    with httpx.Client(base_url=api.base_url) as anonymous:
        assert anonymous.get("/history").status_code == 401
