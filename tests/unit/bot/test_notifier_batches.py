"""A notifier tick in batches: its cost in store calls, and what a crash may leave behind."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from telegram import Bot

from bot.notifier_sender import NotifyRun, send_due
from handlers.service.facade import Service
from handlers.service.goals.settings import Reminder
from handlers.service.kept.contributions import TOTALS_SK
from handlers.service.logbook.writes import LogRequest
from handlers.service.notify import due_index
from handlers.service.progress.day_totals import SUMMARY_SK, from_item, writes
from handlers.settings import Settings
from storage.memory import InMemoryItemRepository
from storage.models import user_pk
from tests.fakes.bot_api import FakeBotApi
from tests.fakes.offline_request import OfflineRequest
from tests.support.counting_repository import CountingRepository
from tests.unit.bot.conftest import Clock
from tests.unit.handlers.provider_doubles import fake_clients

MIDNIGHT = datetime(2026, 12, 1, tzinfo=UTC)
TICK = MIDNIGHT + timedelta(minutes=30)
FIRST_CHAT = 5_000
LATER = 50
"""Users whose reminder is due later in the day: stored, never read by the tick."""
CONSTANT = 5
"""Calls a tick makes whatever the users due: the legacy list, the end of the due entries."""


@pytest.fixture
def clock() -> Clock:
    return Clock(MIDNIGHT)


@pytest.fixture
def store(clock: Clock) -> CountingRepository:
    return CountingRepository(InMemoryItemRepository(clock=lambda: clock().timestamp()))


@pytest.fixture
def service(store: CountingRepository, clock: Clock) -> Service:
    return Service(repo=store, providers=fake_clients(), settings=Settings(timezone="UTC"),
                   clock=clock)


@pytest.fixture
def telegram() -> FakeBotApi:
    return FakeBotApi()


def _users(service: Service, due: int) -> None:
    """``due`` users with a reminder in the first half hour, ``LATER`` at noon; every one
    logged yesterday through the product's own path, so each streak is at risk."""
    yesterday = int((MIDNIGHT - timedelta(hours=12)).timestamp())
    for n in range(due + LATER):
        user = f"u{n:04d}"
        at = f"00:{n % 29 + 1:02d}" if n < due else "12:00"
        service.goals.set_reminder(user, Reminder(True, at), chat_id=FIRST_CHAT + n)
        service.logbook.log(user, LogRequest(activity="anime", minutes=20, at=yesterday), "bot")
        service.goals.after_log(user)


def _tick(service: Service, telegram: FakeBotApi) -> NotifyRun:
    async def run() -> NotifyRun:
        async with Bot(telegram.token, request=OfflineRequest(telegram)) as bot:
            return await send_due(bot, service)

    return asyncio.run(run())


@pytest.mark.parametrize("due", [10, 100, 250])
def test_a_tick_costs_a_call_per_ten_due_users_plus_a_constant(
    service: Service, store: CountingRepository, telegram: FakeBotApi, clock: Clock, due: int
) -> None:
    _users(service, due)
    clock.now = TICK
    store.calls.clear()
    run = _tick(service, telegram)
    assert len(run.sent) == due
    assert store.total <= due / 10 + CONSTANT, store.calls
    sent = sorted(int(request.chat_id or 0) for request in telegram.sent("sendMessage"))
    assert sent == [FIRST_CHAT + n for n in range(due)]
    assert _tick(service, telegram).sent == []
    tomorrow = int((MIDNIGHT + timedelta(days=1, minutes=1)).timestamp())
    assert due_index.scheduled_at(service.repo, "reminder", "u0000") == tomorrow


def test_a_reminder_whose_summary_is_stale_is_built_in_the_tick(
    service: Service, telegram: FakeBotApi, clock: Clock
) -> None:
    _users(service, 1)
    # Written past the service's store (as a restore would): the summary, built on the
    # count of writes the entry did not move, says nothing of today.
    today = int((MIDNIGHT + timedelta(minutes=5)).timestamp())
    service.repo.put({"pk": user_pk("u0000"), "sk": "LOG#x", "user": "u0000", "log_id": "x",
                      "activity": "book", "title": "", "duration": 300, "source": "api",
                      "timestamp": today, "created_at": today, "version": 1})
    service.kept.rebuild("u0000")  # as after any restore: the kept items follow the entries
    clock.now = TICK
    assert _tick(service, telegram).skipped == ["u0000"]  # today is done: nothing to say
    read = service.repo.get_many(user_pk("u0000"), [SUMMARY_SK, TOTALS_SK])
    summary = from_item(read.get(SUMMARY_SK), writes(read.get(TOTALS_SK)))
    assert summary is not None and summary.days[TICK.date()]["all"] == 5


def test_an_entry_marked_sent_but_never_moved_moves_on_without_a_message(
    service: Service, telegram: FakeBotApi, clock: Clock
) -> None:
    _users(service, 1)
    clock.now = TICK
    (entry,) = service.notifier.due()
    # A crash after the "sent" mark and before the entry moved: it used to stay due for ever.
    due_index.mark_sent(service.repo, entry)
    run = _tick(service, telegram)
    assert (run.sent, run.skipped, telegram.sent("sendMessage")) == ([], ["u0000"], [])
    assert service.notifier.due() == []
    tomorrow = int((MIDNIGHT + timedelta(days=1, minutes=1)).timestamp())
    assert due_index.scheduled_at(service.repo, "reminder", "u0000") == tomorrow


def test_two_entries_of_one_period_in_a_page_send_once(
    service: Service, telegram: FakeBotApi, clock: Clock
) -> None:
    _users(service, 1)
    (entry,) = service.notifier.due(TICK)
    # A crash between writing a new entry and moving the pointer leaves two entries.
    copy, _ = due_index.entry_items("reminder", "u0000", entry.chat_id,
                                    MIDNIGHT + timedelta(seconds=30), entry.period)
    service.repo.put(copy)
    clock.now = TICK
    assert len(service.notifier.due()) == 2
    assert _tick(service, telegram).sent == ["u0000"]
    assert _tick(service, telegram).sent == []
    assert service.notifier.due() == []
    assert len(telegram.sent("sendMessage")) == 1


def test_a_page_another_run_holds_costs_a_batch_not_a_read_per_user(
    service: Service, store: CountingRepository, telegram: FakeBotApi, clock: Clock
) -> None:
    _users(service, 100)
    clock.now = TICK
    other = service.notifier.prepare(service.notifier.due())  # another run, still sending
    assert len(other.claimed) == 100
    store.calls.clear()
    run = _tick(service, telegram)
    assert (run.sent, len(run.skipped)) == ([], 100)
    assert store.total <= 100 / 10 + CONSTANT, store.calls
    assert telegram.sent("sendMessage") == []
