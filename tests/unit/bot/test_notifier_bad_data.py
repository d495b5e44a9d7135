"""One user's bad data never keeps the notifier from everyone else, sending or previewing."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from telegram import Bot

from bot.notifier_sender import NotifyRun, send_due
from handlers.service.facade import Service
from handlers.service.goals.settings import Reminder
from handlers.service.logbook.writes import LogRequest
from handlers.service.notify.due_index import INDEX_PK
from handlers.settings import Settings
from storage.memory import InMemoryItemRepository
from storage.models import user_pk
from tests.fakes.bot_api import FakeBotApi
from tests.fakes.offline_request import OfflineRequest
from tests.unit.bot.conftest import Clock
from tests.unit.handlers.provider_doubles import fake_clients

MIDNIGHT = datetime(2026, 12, 1, tzinfo=UTC)
YESTERDAY = int((MIDNIGHT - timedelta(hours=12)).timestamp())
CHATS = {"alice": 5_001, "bob": 5_002, "carol": 5_003}


@pytest.fixture
def clock() -> Clock:
    return Clock(MIDNIGHT)


@pytest.fixture
def service(clock: Clock) -> Service:
    repo = InMemoryItemRepository(clock=lambda: clock().timestamp())
    service = Service(repo=repo, providers=fake_clients(), settings=Settings(timezone="UTC"),
                      clock=clock)
    for user, chat in CHATS.items():
        service.goals.set_reminder(user, Reminder(True, "00:10"), chat_id=chat)
        service.logbook.log(user, LogRequest(activity="anime", minutes=20, at=YESTERDAY), "bot")
    # A kept total no reader understands (written by hand, or by a version that is gone):
    # the reminder's streak is read from it.
    repo.put({"pk": user_pk("alice"), "sk": "YEAR#2026", "user": "alice",
              "1130:w": "abc"})
    # A due entry missing its chat, first in line.
    repo.put({"pk": INDEX_PK, "sk": "2026-12-01T00:00:00Z#reminder#aaron", "user": "aaron",
              "kind": "reminder", "version": 1})
    clock.now = MIDNIGHT + timedelta(minutes=30)
    return service


def test_the_preview_skips_a_user_whose_message_cannot_be_made(service: Service) -> None:
    previewed = [(entry.user, entry.chat_id) for entry, _ in service.notifier.preview()]
    # Alice's message fails on her kept total: the users after her are still previewed.
    assert previewed == [("bob", CHATS["bob"]), ("carol", CHATS["carol"])]


def test_a_tick_sends_to_everyone_but_the_user_whose_data_is_bad(service: Service) -> None:
    telegram = FakeBotApi()

    async def run() -> NotifyRun:
        async with Bot(telegram.token, request=OfflineRequest(telegram)) as bot:
            return await send_due(bot, service)

    outcome = asyncio.run(run())
    assert sorted(outcome.sent) == ["bob", "carol"] and outcome.failed == ["alice"]
    sent = sorted(message.chat_id or 0 for message in telegram.sent("sendMessage"))
    assert sent == [CHATS["bob"], CHATS["carol"]]
