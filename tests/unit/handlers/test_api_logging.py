"""The logging routes through the router: log, history pages, edit, delete, stats, settings."""

from __future__ import annotations

from handlers.service.logbook.writes import LogRequest
from tests.unit.handlers.router_harness import call, message, router


def test_log_then_read_edit_and_delete_it_through_the_api() -> None:
    with router() as api:
        logged = call(api, "POST", "/log", {"activity": "anime", "amount": 2, "unit": "episodes",
                                            "title": "Frieren", "extra": "ignored"})
        assert logged.status == 201
        body = logged.json()
        entry = body["entry"]
        assert body["today_minutes"] == 48
        assert (entry["kind"], entry["activity"], entry["minutes"]) == ("log", "anime", 48)
        assert (entry["amount"], entry["unit"], entry["source"]) == (2, "episodes", "api")
        assert set(entry) == {"id", "kind", "activity", "title", "subtitle", "minutes", "at",
                              "amount", "unit", "note", "url", "source"}
        page = call(api, "GET", "/prod/history").json()
        assert page == {"entries": [entry], "next_cursor": None}
        edited = call(api, "PATCH", f"/prod/history/{entry['id']}", {"minutes": 30})
        assert edited.status == 200 and edited.json()["entry"]["minutes"] == 30
        removed = call(api, "DELETE", f"/history/{entry['id']}")
        assert removed.json()["entry"]["minutes"] == 30
        assert call(api, "GET", "/history").json()["entries"] == []
        assert "no such entry" in message(call(api, "DELETE", f"/history/{entry['id']}"), 404)


def test_history_pages_follow_the_cursor_and_filters() -> None:
    with router() as api:
        for day in ("2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04"):
            call(api, "POST", "/log", {"activity": "manga", "minutes": 10, "date": day})
        call(api, "POST", "/log", {"activity": "podcast", "minutes": 5, "date": "2024-01-02"})
        first = call(api, "GET", "/history", query={"limit": "2", "activity": "manga"}).json()
        assert len(first["entries"]) == 2 and first["next_cursor"]
        rest = call(api, "GET", "/history", query={"cursor": first["next_cursor"],
                                                   "activity": "manga"}).json()
        assert len(rest["entries"]) == 2 and rest["next_cursor"] is None
        days = call(api, "GET", "/history", query={"from": "2024-01-02", "to": "2024-01-02"})
        assert sorted(e["activity"] for e in days.json()["entries"]) == ["manga", "podcast"]
        assert "cursor" in message(call(api, "GET", "/history", query={"cursor": "x"}), 400)
        assert "limit" in message(call(api, "GET", "/history", query={"limit": "500"}), 400)


def test_bad_logs_are_400s_naming_the_field_and_store_nothing() -> None:
    with router() as api:
        for body, field in [
            ({"activity": "anime"}, "minutes"),
            ({"activity": "anime", "minutes": -5}, "minutes"),
            ({"activity": "anime", "minutes": 2000}, "minutes"),
            ({"activity": "knitting", "minutes": 5}, "activity"),
            ({"activity": "anime", "minutes": 5, "date": "2099-01-01"}, "date"),
            ({"activity": "anime", "minutes": 5, "title": "x" * 201}, "title"),
            ({"activity": "anime", "minutes": 5, "note": "x" * 1001}, "note"),
            ({"minutes": 5}, "activity"),
        ]:
            assert field in message(call(api, "POST", "/log", body), 400), body
        assert call(api, "GET", "/history").json()["entries"] == []


def test_another_users_entry_is_a_404_like_a_missing_one() -> None:
    with router() as api:
        theirs = api.service.logbook.log("bob", LogRequest(activity="anime", minutes=5), "api")
        for method, body in (("PATCH", {"minutes": 1}), ("DELETE", None)):
            answer = call(api, method, f"/history/{theirs.entry.id}", body)
            assert message(answer, 404) == "There is no such entry."
        assert api.service.logbook.history("bob").entries == [theirs.entry]


def test_stats_by_week_and_its_bad_input() -> None:
    with router() as api:
        call(api, "POST", "/log", {"activity": "book", "minutes": 30, "date": "2024-01-03"})
        body = call(api, "GET", "/stats", query={"from": "2024-01-01", "to": "2024-01-14",
                                                 "bucket": "week"}).json()
        assert body["from"] == "2024-01-01" and body["bucket"] == "week"
        assert [b["minutes"] for b in body["buckets"]] == [30, 0]
        assert body["by_activity"] == [{"activity": "book", "minutes": 30, "count": 1}]
        assert "bucket" in message(call(api, "GET", "/stats", query={"bucket": "hour"}), 400)
        assert "from" in message(call(api, "GET", "/stats", query={"from": "yesterday"}), 400)


def test_settings_read_and_change_any_subset() -> None:
    with router() as api:
        whole = call(api, "GET", "/settings").json()
        assert whole["timezone"] == "Pacific/Auckland"
        assert whole["reading_speed"]["visual_novel"] == 250
        changed = call(api, "PUT", "/settings", {"reading_speed": {"manga": 2}}).json()
        assert changed["reading_speed"]["manga"] == 2 and changed["timezone"] == "Pacific/Auckland"
        berlin = call(api, "PUT", "/settings", {"timezone": "Europe/Berlin"}).json()
        assert berlin["timezone"] == "Europe/Berlin" and berlin["reading_speed"]["manga"] == 2
        assert "Mars/Base" in message(call(api, "PUT", "/settings", {"timezone": "Mars/Base"}), 400)
        assert "colour" in message(call(api, "PUT", "/settings", {"colour": "blue"}), 400)
        assert call(api, "GET", "/settings").json() == berlin


def test_progress_carries_the_logs_and_the_appended_fields() -> None:
    with router() as api:
        call(api, "POST", "/log", {"activity": "manga", "minutes": 40})
        progress = call(api, "GET", "/progress").json()
        assert progress["daily_activity"][-1]["minutes_watched"] == 40
        assert progress["today_minutes"] == 40 and progress["total_minutes"] == 40
        assert progress["by_activity"] == [{"activity": "manga", "minutes": 40, "count": 1}]
