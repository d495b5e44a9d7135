"""The service's accounts, Telegram links and digest rules, as every door sees them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from handlers.service.accounts.credentials import SecretUser
from handlers.service.accounts.telegram_links import LinkCodeRejected
from handlers.service.core.errors import NotFound
from handlers.service.facade import Service
from handlers.service.logbook.writes import LogRequest
from handlers.settings import Settings
from storage.memory import InMemoryItemRepository
from tests.unit.handlers.provider_doubles import fake_clients

MONDAY_0730_UTC = datetime(2026, 1, 12, 7, 30, tzinfo=UTC)
"""08:30 in Berlin, 20:30 in Auckland (the default zone): Monday everywhere."""
LATER = MONDAY_0730_UTC + timedelta(days=7)
"""A digest is never about a week that ended before linking: the first comes a week on."""
PHONE, TABLET = 1001, 1002
PASSWORD = "alice's long password"


@pytest.fixture
def service() -> Iterator[Service]:
    # The store's clock is the service's, so link codes expire by the test's time.
    clock = MONDAY_0730_UTC.timestamp
    with InMemoryItemRepository(clock=clock) as repo:
        yield Service(repo=repo, providers=fake_clients(), settings=Settings(),
                      clock=lambda: MONDAY_0730_UTC)


def _linked(service: Service, telegram_id: int) -> str:
    return service.links.redeem(service.links.create_code("alice"), telegram_id).user


def test_linking_turns_the_digest_on_once(service: Service) -> None:
    service.accounts.add("alice", PASSWORD)
    first = service.links.redeem(service.links.create_code("alice"), PHONE)
    assert first.user == "alice"
    assert first.digest_started is not None and first.digest_started.chat_id == PHONE
    second = service.links.redeem(service.links.create_code("alice"), TABLET)
    assert second.digest_started is None
    assert [d.chat_id for d in service.notifier.due(LATER)] == [PHONE]


def test_a_code_needs_a_user(service: Service) -> None:
    with pytest.raises(NotFound, match="no user 'ghost'"):
        service.links.create_code("ghost")


def test_unlinking_stops_the_digest_sent_to_that_account(service: Service) -> None:
    service.accounts.add("alice", PASSWORD)
    _linked(service, PHONE)
    unlinked = service.links.unlink(PHONE)
    assert unlinked.user == "alice" and not unlinked.prelinked
    assert service.links.user_for(PHONE) is None
    assert service.notifier.due(LATER) == []
    sub = service.digests.subscription("alice")
    assert sub is not None and not sub.enabled


def test_unlinking_another_account_keeps_the_digest(service: Service) -> None:
    service.accounts.add("alice", PASSWORD)
    _linked(service, PHONE)
    _linked(service, TABLET)
    service.links.unlink(TABLET)
    assert [d.chat_id for d in service.notifier.due(LATER)] == [PHONE]


def test_removing_a_user_withdraws_links_codes_and_digest(service: Service) -> None:
    service.accounts.add("alice", PASSWORD)
    _linked(service, PHONE)
    pending = service.links.create_code("alice")
    service.accounts.remove("alice")
    assert service.links.user_for(PHONE) is None
    assert service.digests.subscription("alice") is None
    assert service.notifier.due(LATER) == []
    service.accounts.add("alice", "someone else's password")
    assert service.links.user_for(PHONE) is None
    assert service.links.accounts_of("alice") == []
    with pytest.raises(LinkCodeRejected):
        service.links.redeem(pending, TABLET)
    assert not service.accounts.verify("alice", PASSWORD)


def test_removing_a_user_takes_them_off_every_leaderboard(service: Service) -> None:
    for user in ("alice", "bob"):
        service.accounts.add(user, PASSWORD)
        service.leaderboards.join(-100, user)
    service.leaderboards.join(-200, "alice")
    service.accounts.remove("alice")
    assert [r.user for r in service.leaderboards.ranking(-100)] == ["bob"]
    assert service.leaderboards.ranking(-200) == []
    # A later user of the same name joins nothing by inheritance.
    service.accounts.add("alice", "someone else's password")
    assert service.leaderboards.ranking(-200) == []
    assert service.leaderboards.join(-200, "alice")
    assert service.leaderboards.leave(-200, "alice")
    assert not service.leaderboards.leave(-200, "alice")


def test_removing_an_unknown_user_says_so(service: Service) -> None:
    with pytest.raises(NotFound, match="no user 'ghost'"):
        service.accounts.remove("ghost")


def test_a_new_time_zone_moves_the_digest(service: Service) -> None:
    service.accounts.add("alice", PASSWORD)
    _linked(service, PHONE)
    assert [d.user for d in service.notifier.due(LATER)] == ["alice"]
    service.set_timezone("alice", "Europe/Berlin")
    assert service.notifier.due(LATER) == []
    assert [d.user for d in service.notifier.due(LATER + timedelta(hours=1))] == [
        "alice"
    ]


def test_digest_subscription_takes_words_as_typed(service: Service) -> None:
    sub = service.digests.subscribe("alice", PHONE, "fri", "18:30")
    assert (sub.weekday_name, sub.local_time) == ("Friday", "18:30")
    kept = service.digests.subscribe("alice", PHONE)
    assert (kept.weekday_name, kept.local_time) == ("Friday", "18:30")


def test_a_message_s_links_are_logged_and_undone(service: Service) -> None:
    text = "look https://youtu.be/9bZkp7q19f0 and https://open.spotify.com/show/6Nl8RDfPxsk4h4bfWe76Kg"
    found = service.links_in(text)
    assert found.loggable and found.collections and not found.short_links
    logged = service.log_links("alice", text)
    assert [item.id for item in logged.report.added] == ["9bZkp7q19f0"]
    assert logged.undo_id is not None and logged.today_minutes > 0
    latest = service.latest_undo("alice")
    assert latest is not None and latest.undo_id == logged.undo_id
    assert service.undo("alice", logged.undo_id, 0) is not None
    assert service.latest_undo("alice") is None


def test_bot_logs_join_the_undo_stack_and_other_doors_stay_off_it() -> None:
    # Every reading of the clock is a millisecond on: the logs fall within one second, and
    # still stack in the order they were made.
    ticks = iter(range(1_000_000))
    with InMemoryItemRepository(clock=MONDAY_0730_UTC.timestamp) as repo:
        service = Service(repo=repo, providers=fake_clients(), settings=Settings(),
                          clock=lambda: MONDAY_0730_UTC + timedelta(milliseconds=next(ticks)))
        _stack_of_bot_logs(service)


def _stack_of_bot_logs(service: Service) -> None:
    logged = service.log_links("alice", "https://youtu.be/9bZkp7q19f0")
    assert logged.undo_id is not None
    service.logbook.log_text("alice", "25m anime Frieren", "bot")
    service.logbook.log("alice", LogRequest(activity="manga", minutes=10), "api")
    latest = service.latest_undo("alice")
    assert latest is not None and latest.title == "Frieren"
    assert service.undo("alice", latest.undo_id, latest.index) is not None
    after = service.latest_undo("alice")
    assert after is not None and after.undo_id == logged.undo_id  # the API's log is not on it
    video = next(e for e in service.logbook.history("alice").entries if e.kind == "youtube")
    service.logbook.delete("alice", video.id)
    assert service.latest_undo("alice") is None  # removed elsewhere: nothing left to undo
    assert [e.activity for e in service.logbook.history("alice").entries] == ["manga"]


def test_a_user_is_known_by_account_secret_pre_link_or_kept_history() -> None:
    with InMemoryItemRepository(clock=MONDAY_0730_UTC.timestamp) as repo:
        service = Service(repo=repo, providers=fake_clients(),
                          settings=Settings(telegram_users=f"{PHONE}:carol"),
                          clock=lambda: MONDAY_0730_UTC,
                          secret_users=[SecretUser("dave", password_hash="x")])
        service.accounts.add("alice", PASSWORD)
        service.accounts.add("bob", PASSWORD)
        service.logbook.log("bob", LogRequest(activity="manga", minutes=10), "api")
        service.accounts.remove("bob")  # his history stays his, to export
        for known in ("alice", "bob", "carol", "dave"):
            service.require_user(known)
        with pytest.raises(NotFound, match="There is no user 'nobody'"):
            service.require_user("nobody")
