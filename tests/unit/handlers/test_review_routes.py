"""The year in review, its PNG card and the title page through the router."""

from __future__ import annotations

import struct

from bot.review_card import render
from tests.unit.handlers.router_harness import call, message, router


def _log(api: object, **body: object) -> None:
    answer = call(api, "POST", "/log", body)  # type: ignore[arg-type]
    assert answer.status == 201, answer.body


def test_review_sums_only_its_year_in_the_accounts_zone() -> None:
    with router() as api:
        _log(api, activity="manga", minutes=20, date="2023-06-01")
        _log(api, activity="book", minutes=30, amount=6000, unit="characters", title="Kino",
             date="2023-12-30")
        _log(api, activity="anime", minutes=60, title="Frieren", date="2023-12-31")
        _log(api, activity="anime", minutes=100, title="Frieren", date="2024-01-02")
        body = call(api, "GET", "/review", query={"year": "2023"}).json()
        assert body["year"] == 2023 and body["total_minutes"] == 110
        assert (body["days_active"], body["longest_streak"]) == (3, 2)
        assert body["busiest_day"] == {"date": "2023-12-31", "minutes": 60}
        assert body["by_group"][0] == {"group": "watching", "minutes": 60}
        assert body["top_titles"] == [
            {"title": "Frieren", "activity": "anime", "minutes": 60},
            {"title": "Kino", "activity": "book", "minutes": 30},
        ]
        months = {m["month"]: m["minutes"] for m in body["by_month"]}
        assert len(months) == 12 and months["2023-06"] == 20 and months["2023-12"] == 90
        assert body["reading_speed"] == [{"period": "2023-12", "activity": "book",
                                          "characters": 6000, "minutes": 30,
                                          "characters_per_minute": 200.0}]
        # No year: the account's (Pacific/Auckland) current one.
        assert call(api, "GET", "/review").json()["total_minutes"] == 100


def test_review_of_an_empty_year_and_a_bad_year() -> None:
    with router() as api:
        body = call(api, "GET", "/review", query={"year": "2020"}).json()
        assert (body["total_minutes"], body["busiest_day"], body["top_titles"]) == (0, None, [])
        for bad in ("20x4", "1969", "-1"):
            assert "year" in message(call(api, "GET", "/review", query={"year": bad}), 400)


def test_review_card_is_a_1200_by_630_png() -> None:
    with router() as api:
        _log(api, activity="anime", minutes=90, title="Frieren", date="2024-01-02")
        refused = call(api, "GET", "/review.png", query={"year": "2024"})
        assert "draws no review cards" in message(refused, 422)  # no renderer given
        api.service.logbook.draw_card = render
        answer = call(api, "GET", "/review.png", query={"year": "2024"})
        assert answer.status == 200 and answer.headers["Content-Type"] == "image/png"
        image = answer.binary or b""
        assert image[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", image[16:24]) == (1200, 630)
        assert "year" in message(call(api, "GET", "/review.png", query={"year": "x"}), 400)


def test_title_page_counts_the_titles_entries_of_this_user_only() -> None:
    with router() as api:
        _log(api, activity="visual_novel", minutes=60, amount=12000, unit="characters",
             title="Steins;Gate", date="2023-12-20")
        _log(api, activity="visual_novel", minutes=30, amount=4500, unit="characters",
             title="Steins;Gate", date="2024-01-03")
        _log(api, activity="anime", minutes=25, title="Frieren", date="2024-01-03")
        api.service.logbook.log_text("bob", "50m vn Steins;Gate")
        body = call(api, "GET", "/title", query={"name": "Steins;Gate"}).json()
        assert (body["total_minutes"], body["sessions"]) == (90, 2)
        assert (body["first_day"], body["last_day"]) == ("2023-12-20", "2024-01-03")
        assert body["activities"] == ["visual_novel"]
        assert [w["start"] for w in body["by_week"]] == ["2023-12-18", "2023-12-25", "2024-01-01"]
        assert [w["minutes"] for w in body["by_week"]] == [60, 0, 30]
        assert (body["characters"], body["characters_per_minute"]) == (16500, 183.3)
        assert [r["characters_per_minute"] for r in body["reading_speed"]] == [200.0, 150.0]
        assert "Nothing is logged" in message(
            call(api, "GET", "/title", query={"name": "Unknown"}), 404)
        assert "name" in message(call(api, "GET", "/title"), 400)


def test_a_title_of_the_same_name_in_two_activities_is_two_titles() -> None:
    # Top titles ranks by name and activity: the manga Frieren and the anime Frieren are two
    # rows, and each row's page counts only its own activity's entries.
    with router() as api:
        _log(api, activity="anime", minutes=25, title="Frieren", date="2024-01-03")
        _log(api, activity="manga", minutes=40, title="Frieren", date="2024-01-05")
        anime = call(api, "GET", "/title", query={"name": "Frieren", "activity": "anime"}).json()
        assert (anime["total_minutes"], anime["sessions"]) == (25, 1)
        assert anime["activities"] == ["anime"]
        assert anime["last_day"] == "2024-01-03"
        manga = call(api, "GET", "/title", query={"name": "Frieren", "activity": "manga"}).json()
        assert (manga["total_minutes"], manga["first_day"]) == (40, "2024-01-05")
        both = call(api, "GET", "/title", query={"name": "Frieren"}).json()
        assert (both["total_minutes"], both["activities"]) == (65, ["manga", "anime"])
        assert "as book" in message(
            call(api, "GET", "/title", query={"name": "Frieren", "activity": "book"}), 404)
        assert "activity" in message(
            call(api, "GET", "/title", query={"name": "Frieren", "activity": "opera"}), 400)
