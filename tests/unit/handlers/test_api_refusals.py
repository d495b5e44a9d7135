"""Input the logging doors refuse with one sentence naming the field, changing nothing."""

from __future__ import annotations

from typing import Any

import pytest

from handlers.service.core.errors import InvalidInput
from tests.unit.handlers.router_harness import call, message, router


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"minutes": float("inf")}, "minutes"),
        ({"minutes": 1e308}, "minutes"),
        ({"minutes": float("nan")}, "minutes"),
        ({"minuets": 30}, "minuets"),
        ({"title": "Frieren", "colour": "blue"}, "colour"),
        ({"date": "0001-01-01"}, "date"),
    ],
)
def test_a_bad_edit_is_a_400_naming_the_field(change: dict[str, Any], field: str) -> None:
    with router() as api:
        entry = call(api, "POST", "/log", {"activity": "anime", "minutes": 20,
                                           "title": "Frieren"}).json()["entry"]
        answer = call(api, "PATCH", f"/history/{entry['id']}", change)
        assert message(answer, 400).startswith(f"{field}:")
        assert call(api, "GET", "/history").json()["entries"] == [entry]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"activity": "speaking", "amount": 30, "unit": "pages"}, "unit"),
        ({"activity": "game", "amount": 2, "unit": "episodes"}, "unit"),
        ({"activity": "anime", "amount": 3, "unit": "pages"}, "unit"),
        ({"activity": "podcast", "amount": 900, "unit": "characters"}, "unit"),
        ({"activity": "anime", "minutes": float("inf")}, "minutes"),
        ({"activity": "manga", "amount": float("inf"), "unit": "pages"}, "amount"),
        ({"activity": "book", "minutes": 30, "date": "0001-01-01"}, "date"),
        ({"activity": "book", "minutes": 30, "date": "1969-12-31"}, "date"),
    ],
)
def test_a_log_of_no_fitting_unit_or_moment_is_a_400(body: dict[str, Any], field: str) -> None:
    with router() as api:
        assert message(call(api, "POST", "/log", body), 400).startswith(f"{field}:")
        assert call(api, "GET", "/history").json()["entries"] == []


def test_units_that_fit_their_activity_are_logged() -> None:
    with router() as api:
        for body in ({"activity": "manga", "amount": 10, "unit": "pages"},
                     {"activity": "visual_novel", "amount": 5000, "unit": "characters"},
                     {"activity": "podcast", "amount": 1, "unit": "episodes",
                      "episode_minutes": 40},
                     {"activity": "book", "minutes": 30, "date": "1970-01-05"}):
            assert call(api, "POST", "/log", body).status == 201, body


@pytest.mark.parametrize("zone", ["America/Argentina", "America", "Etc", "../zoneinfo"])
def test_a_folder_of_the_zone_database_is_not_a_time_zone(zone: str) -> None:
    with router() as api:
        answer = call(api, "PUT", "/settings", {"timezone": zone})
        assert "is not a known time zone" in message(answer, 400)
        assert call(api, "GET", "/settings").json()["timezone"] == "Pacific/Auckland"


def test_an_edit_to_an_activity_of_other_units_drops_the_amount() -> None:
    with router() as api:
        entry = call(api, "POST", "/log", {"activity": "manga", "amount": 10,
                                           "unit": "pages"}).json()["entry"]
        path = f"/history/{entry['id']}"
        book = call(api, "PATCH", path, {"activity": "book"}).json()["entry"]
        assert (book["amount"], book["unit"], book["minutes"]) == (10, "pages", entry["minutes"])
        talk = call(api, "PATCH", path, {"activity": "speaking"}).json()["entry"]
        assert (talk["activity"], talk["amount"], talk["unit"]) == ("speaking", None, None)
        assert talk["minutes"] == entry["minutes"]


@pytest.mark.parametrize("day", ["0001-01-01", "1969-12-31"])
def test_the_bots_words_refuse_a_day_before_1970_too(day: str) -> None:
    with router() as api:
        with pytest.raises(InvalidInput, match="before 1970"):
            api.service.logbook.log_text("alice", f"25m anime {day}")
        assert call(api, "GET", "/history").json()["entries"] == []


@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [
        ("POST", "/log", {"activity": "anime", "minutes": True}, "minutes"),
        ("POST", "/log", {"activity": "anime", "minutes": "25"}, "minutes"),
        ("POST", "/log", {"activity": "anime", "minutes": 5, "at": "1700000000"}, "at"),
        ("POST", "/log", {"activity": "manga", "amount": "10", "unit": "pages"}, "amount"),
        ("PUT", "/settings", {"goals": {"daily_minutes": True}}, "goals.daily_minutes"),
        ("PUT", "/settings", {"goals": {"daily_minutes": "30"}}, "goals.daily_minutes"),
        ("PUT", "/settings", {"reading_speed": {"book": "200"}}, "reading_speed.book"),
        ("POST", "/integrations", {"name": "p", "source": "plex", "require_language": "yes"},
         "require_language"),
    ],
)
def test_a_value_of_the_wrong_json_type_is_a_400_not_converted(
    method: str, path: str, body: dict[str, Any], field: str
) -> None:
    # A boolean logged one minute and the text "25" twenty-five: JSON's types are the
    # contract (and the OpenAPI document's), so neither is taken for a number.
    with router() as api:
        before = call(api, "GET", "/settings").json()
        assert message(call(api, method, path, body), 400).startswith(f"{field}:")
        assert call(api, "GET", "/history").json()["entries"] == []
        assert call(api, "GET", "/settings").json() == before
        assert call(api, "GET", "/integrations").json() == []


def test_an_integer_is_still_a_number_of_minutes() -> None:
    with router() as api:
        entry = call(api, "POST", "/log", {"activity": "anime", "minutes": 25}).json()["entry"]
        assert entry["minutes"] == 25
        edited = call(api, "PATCH", f"/history/{entry['id']}", {"minutes": 30}).json()
        assert edited["entry"]["minutes"] == 30
