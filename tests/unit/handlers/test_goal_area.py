"""Goals and reminder settings, the figures appended to /progress, "goal met" once a period."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from handlers.service.accounts.user_settings import SettingsChanges
from handlers.service.core.errors import InvalidInput
from handlers.service.facade import Service
from handlers.service.goals.settings import parse_goal_words
from handlers.service.logbook.writes import LogRequest
from handlers.service.progress.statistics import FIRST_GENERATION_FIELDS
from handlers.settings import Settings
from storage.memory import InMemoryItemRepository
from tests.unit.handlers.provider_doubles import fake_clients

NOON_UTC = datetime(2026, 1, 14, 0, tzinfo=UTC)  # Wednesday 13:00 in Auckland


class Clock:
    def __init__(self) -> None:
        self.now = NOON_UTC

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def service(clock: Clock) -> Iterator[Service]:
    # The store's clock is the service's: records expire by the test's time, not today's.
    with InMemoryItemRepository(clock=lambda: clock().timestamp()) as repo:
        yield Service(repo=repo, providers=fake_clients(), settings=Settings(), clock=clock)


def _log(service: Service, minutes: float, activity: str = "anime", days_ago: int = 0) -> None:
    at = int((service.clock() - timedelta(days=days_ago)).timestamp())
    service.logbook.log("alice", LogRequest(activity=activity, minutes=minutes, at=at), "api")


def test_goal_words() -> None:
    assert parse_goal_words(["60m", "daily"]) == ("all", "day", 60)
    assert parse_goal_words(["5h", "weekly", "reading"]) == ("reading", "week", 300)
    for words in (["daily"], ["60m"], ["60m", "daily", "weekly"], ["1h", "daily", "a", "b"]):
        with pytest.raises(InvalidInput, match="/goal 60m daily"):
            parse_goal_words(words)


@pytest.mark.parametrize(
    ("changes", "sentence"),
    [
        ({"goals": {"daily_minutes": 0}}, "goals.daily_minutes: must be a whole number"),
        ({"goals": {"daily_minutes": 1441}}, "from 1 to 1,440"),
        ({"goals": {"weekly_minutes": 10081}}, "from 1 to 10,080"),
        ({"goals": {"by_group": {"cooking": {"daily_minutes": 5}}}}, "is not a group"),
        ({"goals": {"monthly_minutes": 5}}, "is not a goal"),
        ({"goals": 60}, "must be an object"),
        ({"reminder": {"time": "24:00"}}, "reminder.time"),
        ({"reminder": {"enabled": "yes"}}, "true or false"),
        ({"reminder": {"enabled": True, "time": "20:00"}}, "link Telegram first"),
        ({"digest": {"enabled": True}}, "digest: link Telegram first"),
        ({"digest": {"weekday": "someday"}}, "digest: 'someday' is not a weekday"),
        ({"digest": {"time": "9"}}, "digest: '9' is not a time"),
        ({"goals": {"daily_minutes": 30}, "digest": {"cadence": "daily"}}, "digest: must be"),
    ],
)
def test_bad_settings_are_one_sentence_and_change_nothing(
    service: Service, changes: dict[str, Any], sentence: str
) -> None:
    service.goals.update_settings("alice", {"goals": {"daily_minutes": 30}})
    before = service.goals.settings("alice")
    with pytest.raises(InvalidInput, match=sentence) as raised:
        service.goals.update_settings("alice", changes)
    assert raised.value.message.endswith(".")
    assert "\n" not in raised.value.message
    assert service.goals.settings("alice") == before


def test_settings_answer_the_whole_object(service: Service) -> None:
    answer = service.goals.update_settings(
        "alice", {"goals": {"daily_minutes": 60, "by_group": {"reading": {"daily_minutes": 20}}}}
    )
    assert answer == {
        "goals": {"daily_minutes": 60, "weekly_minutes": None,
                  "by_group": {"reading": {"daily_minutes": 20, "weekly_minutes": None}}},
        "reminder": {"enabled": False, "time": "20:00"},
        "digest": {"enabled": False, "weekday": "monday", "time": "09:00"},
    }
    assert service.goals.update_settings("alice", {"goals": None})["goals"]["daily_minutes"] is None


def test_progress_appends_streak_goals_and_pace_after_every_other_field(
    service: Service,
) -> None:
    service.goals.set_goal("alice", "all", "day", 30)
    service.goals.set_goal("alice", "reading", "week", 60)
    for days_ago in (3, 2, 1):
        _log(service, 40, days_ago=days_ago)
    _log(service, 10, "book")
    body = service.progress("alice")
    assert list(body)[: len(FIRST_GENERATION_FIELDS)] == list(FIRST_GENERATION_FIELDS)
    assert list(body)[-3:] == ["streak", "goals", "pace"]
    assert body["streak"] == {"current_days": 3, "longest_days": 3, "today_done": False,
                              "at_risk": True}
    assert body["goals"] == [
        {"scope": "all", "period": "day", "target_minutes": 30, "done_minutes": 10, "met": False},
        {"scope": "reading", "period": "week", "target_minutes": 60, "done_minutes": 10,
         "met": False},
    ]
    assert body["pace"]["milestone_hours"] == 10


def test_no_pace_without_immersion_in_the_last_28_days(service: Service) -> None:
    _log(service, 600, days_ago=40)
    assert service.progress("alice")["pace"] is None


def test_goal_met_is_claimed_once_per_period(service: Service, clock: Clock) -> None:
    service.goals.set_goal("alice", "all", "day", 30)
    _log(service, 20)
    assert service.goals.after_log("alice").met == []
    _log(service, 20)
    news = service.goals.after_log("alice")
    assert [(m["scope"], m["period"]) for m in news.met] == [("all", "day")]
    assert (news.streak.current_days, news.today_minutes, news.daily_target) == (1, 40, 30)
    _log(service, 20)
    assert service.goals.after_log("alice").met == []
    clock.now += timedelta(days=1)
    _log(service, 30)
    assert len(service.goals.after_log("alice").met) == 1


def test_a_reminder_says_what_is_missing_and_suggests_frequent_activities(
    service: Service,
) -> None:
    service.goals.set_goal("alice", "all", "day", 60)
    for days_ago in (1, 2, 3):
        _log(service, 20, "video", days_ago)
    _log(service, 30, "book", 4)
    _log(service, 25)
    notice = service.goals.reminder_notice("alice", service.clock())
    assert notice is not None
    assert notice.missing_minutes == 35
    assert [(s.activity, s.minutes) for s in notice.suggestions] == [
        ("video", 20), ("anime", 25), ("book", 30)]
    _log(service, 35)
    assert service.goals.reminder_notice("alice", service.clock()) is None


def test_linked_users_turn_reminder_and_digest_on_and_off(service: Service) -> None:
    service.accounts.add("alice", "alice's long password")
    service.links.redeem(service.links.create_code("alice"), 1001)
    answer = service.goals.update_settings("alice", {
        "reminder": {"enabled": True, "time": "21:30"},
        "digest": {"weekday": "friday", "time": "18:00"}})
    assert answer["reminder"] == {"enabled": True, "time": "21:30"}
    assert answer["digest"] == {"enabled": True, "weekday": "friday", "time": "18:00"}
    assert {entry.kind for entry in service.notifier.due(NOON_UTC + timedelta(days=9))} == {
        "reminder", "digest"}
    service.goals.update_settings("alice", {"reminder": {"enabled": False},
                                            "digest": {"enabled": False}})
    assert service.notifier.due(NOON_UTC + timedelta(days=9)) == []


@pytest.mark.parametrize("door", ["timezone command", "settings"])
def test_a_reminder_follows_a_change_of_time_zone(service: Service, door: str) -> None:
    service.accounts.add("alice", "alice's long password")
    service.links.redeem(service.links.create_code("alice"), 1001)
    service.set_timezone("alice", "Europe/Berlin")
    service.goals.update_settings("alice", {"reminder": {"enabled": True, "time": "20:00"}})
    if door == "settings":
        service.change_settings("alice", SettingsChanges(timezone="Asia/Tokyo"))
    else:
        service.set_timezone("alice", "Asia/Tokyo")
    # 09:00 in Tokyo now: the reminder is at 20:00 there today, not at 20:00 in Berlin.
    due = [entry for entry in service.notifier.due(NOON_UTC + timedelta(days=2))
           if entry.kind == "reminder"]
    tokyo = ZoneInfo("Asia/Tokyo")
    assert [datetime.fromtimestamp(entry.at, tokyo) for entry in due] == [
        datetime(2026, 1, 14, 20, tzinfo=tokyo)]
    assert [entry.chat_id for entry in due] == [1001]


def test_a_reminder_follows_the_zone_back_to_the_deployments(service: Service) -> None:
    service.accounts.add("alice", "alice's long password")
    service.links.redeem(service.links.create_code("alice"), 1001)
    service.set_timezone("alice", "Asia/Tokyo")
    service.goals.update_settings("alice", {"reminder": {"enabled": True, "time": "20:00"}})
    service.change_settings("alice", SettingsChanges(timezone=None))  # PUT {"timezone": null}
    due = [entry for entry in service.notifier.due(NOON_UTC + timedelta(days=2))
           if entry.kind == "reminder"]
    auckland = ZoneInfo(Settings().timezone)
    assert auckland.key == "Pacific/Auckland"
    # 13:00 in Auckland now: 20:00 there today, not 20:00 in Tokyo (16:00 in Auckland).
    assert [datetime.fromtimestamp(entry.at, auckland) for entry in due] == [
        datetime(2026, 1, 14, 20, tzinfo=auckland)]


def test_a_pre_linked_account_gets_reminders_and_the_digest(clock: Clock) -> None:
    with InMemoryItemRepository(clock=lambda: clock().timestamp()) as repo:
        service = Service(repo=repo, providers=fake_clients(), clock=clock,
                          settings=Settings(telegram_users="1001:alice"))
        service.accounts.add("alice", "alice's long password")
        answer = service.goals.update_settings("alice", {
            "reminder": {"enabled": True, "time": "21:30"}, "digest": {"enabled": True}})
        assert answer["reminder"]["enabled"] and answer["digest"]["enabled"]
        due = service.notifier.due(NOON_UTC + timedelta(days=9))
        assert sorted((entry.kind, entry.chat_id) for entry in due) == [
            ("digest", 1001), ("reminder", 1001)]
        # Linking the same account with a code and unlinking it leaves the pre-link: the
        # account is still alice's, and so is her digest.
        service.links.redeem(service.links.create_code("alice"), 1001)
        service.links.unlink(1001)
        assert service.links.user_for(1001) == "alice"
        assert service.goals.settings("alice")["digest"]["enabled"]
