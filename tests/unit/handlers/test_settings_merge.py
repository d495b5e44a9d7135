"""``PUT /settings`` merges (JSON Merge Patch): absent keeps, ``null`` removes; in the service
and over HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from handlers.service.accounts.settings_patch import merge_patch
from handlers.service.accounts.user_settings import SettingsChanges
from handlers.service.core.errors import InvalidInput
from handlers.service.facade import Service
from handlers.service.logbook.writes import LogRequest
from handlers.settings import Settings
from storage.sqlite import SQLiteItemRepository
from tests.unit.handlers.provider_doubles import fake_clients
from tests.unit.handlers.router_harness import call, router

NOW = datetime(2024, 1, 7, 12, 0, tzinfo=UTC)


@pytest.fixture
def service() -> Iterator[Service]:
    repo = SQLiteItemRepository(":memory:", clock=lambda: NOW.timestamp())
    try:
        yield Service(repo=repo, providers=fake_clients(),
                      settings=Settings(timezone="Europe/Berlin"), clock=lambda: NOW)
    finally:
        repo.close()


def change(service: Service, body: dict[str, Any]) -> dict[str, Any]:
    return service.change_settings("alice", SettingsChanges.model_validate(body))


def test_merge_patch_follows_rfc_7396() -> None:
    target = {"a": "b", "c": {"d": "e", "f": "g"}}
    assert merge_patch(target, {"a": "z", "c": {"f": None}}) == {"a": "z", "c": {"d": "e"}}
    assert merge_patch({"a": [1]}, {"a": [2]}) == {"a": [2]}
    assert merge_patch({"a": {"b": 1}}, {"a": 5}) == {"a": 5}
    assert merge_patch({}, {"a": {"bb": {"ccc": None}}}) == {"a": {"bb": {}}}
    assert target == {"a": "b", "c": {"d": "e", "f": "g"}}


def test_a_weekly_goal_keeps_the_daily_goal_and_the_group_goals(service: Service) -> None:
    change(service, {"goals": {"daily_minutes": 30,
                               "by_group": {"reading": {"daily_minutes": 20}}}})
    goals = change(service, {"goals": {"weekly_minutes": 600}})["goals"]
    assert goals == {"daily_minutes": 30, "weekly_minutes": 600, "by_group": {
        "reading": {"daily_minutes": 20, "weekly_minutes": None}}}


def test_null_removes_one_goal_one_group_or_every_goal(service: Service) -> None:
    change(service, {"goals": {"daily_minutes": 30, "weekly_minutes": 600, "by_group": {
        "reading": {"daily_minutes": 20}, "listening": {"weekly_minutes": 90}}}})
    goals = change(service, {"goals": {"daily_minutes": None,
                                       "by_group": {"reading": None}}})["goals"]
    assert goals == {"daily_minutes": None, "weekly_minutes": 600, "by_group": {
        "listening": {"daily_minutes": None, "weekly_minutes": 90}}}
    assert change(service, {"goals": None})["goals"] == {
        "daily_minutes": None, "weekly_minutes": None, "by_group": {}}


def test_a_change_elsewhere_keeps_the_goals_and_the_speeds(service: Service) -> None:
    change(service, {"goals": {"daily_minutes": 30}, "reading_speed": {"book": 200}})
    after = change(service, {"timezone": "Asia/Tokyo"})
    assert after["goals"]["daily_minutes"] == 30
    assert after["reading_speed"]["book"] == 200
    assert after["timezone"] == "Asia/Tokyo"


def test_null_returns_a_speed_and_the_zone_to_their_defaults(service: Service) -> None:
    default_book = service.settings_of("alice")["reading_speed"]["book"]
    change(service, {"reading_speed": {"book": 200, "manga": 2}, "timezone": "Asia/Tokyo"})
    after = change(service, {"reading_speed": {"book": None}, "timezone": None})
    assert after["reading_speed"]["book"] == default_book
    assert after["reading_speed"]["manga"] == 2
    assert after["timezone"] == "Europe/Berlin"  # the deployment's


def test_the_kept_days_follow_the_zone_back_to_the_deployments(service: Service) -> None:
    # Noon on the 6th at UTC+14 is 23:00 on the 5th in Berlin, the deployment's zone.
    change(service, {"timezone": "Pacific/Kiritimati"})
    service.logbook.log("alice", LogRequest(activity="anime", minutes=25, date="2024-01-06"),
                        "api")
    change(service, {"timezone": None})
    assert service.kept.verify("alice") == []
    days = service.logbook.stats("alice", "2024-01-05", "2024-01-06", "day")["buckets"]
    assert [(day["start"], day["minutes"]) for day in days] == [
        ("2024-01-05", 25), ("2024-01-06", 0)]


def test_a_refused_part_stores_no_other_part(service: Service) -> None:
    change(service, {"goals": {"daily_minutes": 30}})
    before = service.settings_of("alice")
    for body in (
        {"goals": {"weekly_minutes": 600}, "timezone": "Mars/Olympus"},
        {"goals": {"weekly_minutes": 600}, "reading_speed": {"book": -1}},
        {"timezone": "Asia/Tokyo", "goals": {"daily_minutes": 0}},
    ):
        with pytest.raises(InvalidInput, match=r"time zone|reading_speed|goals"):
            change(service, body)
        assert service.settings_of("alice") == before, body


@pytest.mark.parametrize(("name", "advice"), [
    ("Singapore", "Did you mean Asia/Singapore?"),
    ("Japan", "Use an Area/City name such as Europe/Berlin or Asia/Tokyo."),
    ("EST5EDT", "Use an Area/City name such as Europe/Berlin or Asia/Tokyo."),
    ("tokyo", "Did you mean Asia/Tokyo?"),
])
def test_a_refused_zone_is_never_offered_back(
    service: Service, name: str, advice: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        change(service, {"timezone": name})
    assert str(refused.value) == f"{name!r} is not a known time zone. {advice}"


def test_a_new_account_has_the_deployments_zone(service: Service) -> None:
    assert service.settings_of("someone-new")["timezone"] == "Europe/Berlin"


def test_put_settings_over_http_merges_and_get_shows_the_result() -> None:
    with router() as api:
        call(api, "PUT", "/settings", {"goals": {
            "daily_minutes": 45, "by_group": {"reading": {"weekly_minutes": 300}}}})
        body = call(api, "PUT", "/settings", {"goals": {"weekly_minutes": 600}}).json()
        assert body["goals"] == {"daily_minutes": 45, "weekly_minutes": 600, "by_group": {
            "reading": {"daily_minutes": None, "weekly_minutes": 300}}}
        # What the web page sends: the goals it shows, never the group goals it does not.
        call(api, "PUT", "/settings", {"timezone": "UTC", "goals": {
            "daily_minutes": 50, "weekly_minutes": None}, "reading_speed": {}})
        got = call(api, "GET", "/settings").json()["goals"]
        assert got == {"daily_minutes": 50, "weekly_minutes": None, "by_group": {
            "reading": {"daily_minutes": None, "weekly_minutes": 300}}}
