"""Goals, reminder and digest in GET/PUT /settings, and the figures /progress appends."""

from __future__ import annotations

from tests.unit.handlers.router_harness import call, message, router


def test_settings_take_goals_and_answer_the_whole_object() -> None:
    with router() as api:
        body = call(api, "PUT", "/settings", {"goals": {
            "daily_minutes": 60, "by_group": {"reading": {"daily_minutes": 20}}}}).json()
        assert body["goals"] == {"daily_minutes": 60, "weekly_minutes": None, "by_group": {
            "reading": {"daily_minutes": 20, "weekly_minutes": None}}}
        assert body["reminder"] == {"enabled": False, "time": "20:00"}
        assert body["digest"] == {"enabled": False, "weekday": "monday", "time": "09:00"}
        assert set(body) == {"timezone", "reading_speed", "goals", "reminder", "digest",
                             "languages"}
        assert call(api, "GET", "/settings").json() == body
        cleared = call(api, "PUT", "/settings", {"goals": None}).json()
        assert cleared["goals"]["daily_minutes"] is None


def test_bad_goals_and_times_are_400_and_change_nothing() -> None:
    with router() as api:
        call(api, "PUT", "/settings", {"goals": {"daily_minutes": 30}})
        before = call(api, "GET", "/settings").json()
        for change, words in (
            ({"goals": {"daily_minutes": 0}}, "goals.daily_minutes"),
            ({"goals": {"weekly_minutes": 20000}}, "10,080"),
            ({"goals": {"by_group": {"cooking": {"daily_minutes": 5}}}}, "not a group"),
            ({"reminder": {"enabled": False, "time": "24:00"}}, "reminder.time"),
            ({"digest": {"weekday": "caturday"}}, "weekday"),
        ):
            assert words in message(call(api, "PUT", "/settings", change), 400), change
        assert call(api, "GET", "/settings").json() == before


def test_progress_appends_streak_goals_and_pace() -> None:
    with router() as api:
        call(api, "PUT", "/settings", {"goals": {"daily_minutes": 20}})
        call(api, "POST", "/log", {"activity": "anime", "minutes": 25})
        body = call(api, "GET", "/progress").json()
        assert list(body)[-3:] == ["streak", "goals", "pace"]
        assert body["streak"] == {"current_days": 1, "longest_days": 1, "today_done": True,
                                  "at_risk": False}
        assert body["goals"] == [{"scope": "all", "period": "day", "target_minutes": 20,
                                  "done_minutes": 25, "met": True}]
        assert body["pace"]["milestone_hours"] == 10
