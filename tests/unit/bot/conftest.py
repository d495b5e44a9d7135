"""Fixtures: the real service, the provider fake, the offline Bot API, a bot harness.

No server runs: the bot's requests go through :class:`OfflineRequest` to an in-process
fake Bot API, and the real provider clients reach the provider fake through an in-process
httpx transport. The store is SQLite in the
test's temporary directory (the repository has no in-memory store yet).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from pydantic import SecretStr
from telegram import Update

from bot.application import build_application
from bot.context import TrackerApplication
from handlers.service.accounts.telegram_links import create_link_code, redeem_link_code
from handlers.service.facade import Service
from handlers.settings import Settings
from metadata_clients.settings import ProviderSettings, build_clients
from storage.memory import InMemoryItemRepository
from tests.fakes.bot_api import FakeBotApi
from tests.fakes.offline_request import OfflineRequest
from tests.fakes.providers import ProviderFake
from tests.fakes.sent_requests import SentRequest

START = datetime(2026, 1, 12, 9, 30, tzinfo=UTC)
ALICE_TG = 1001
BOB_TG = 1002
STRANGER_TG = 1999


@dataclass
class Clock:
    """A settable clock for the service."""

    now: datetime = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class Harness:
    """The bot application driven update by update through PTB's dispatcher."""

    app: TrackerApplication
    telegram: FakeBotApi
    service: Service
    clock: Clock
    _seen: int = field(default=0)

    async def deliver(self, update: dict[str, Any]) -> list[SentRequest]:
        """Process one update; return what the bot sent while handling it."""
        before = len(self.telegram.sent())
        await self.app.process_update(Update.de_json(update, self.app.bot))
        return self.telegram.sent()[before:]

    async def say(self, user_id: int, text: str, **options: Any) -> list[SentRequest]:
        return await self.deliver(self.telegram.text_update(user_id, text, **options))

    async def press(self, user_id: int, sent: SentRequest, data: str) -> list[SentRequest]:
        return await self.deliver(self.telegram.press_update(user_id, sent, data))

    def link(self, telegram_id: int, user: str) -> None:
        repo, now = self.service.repo, self.service.now_epoch()
        redeem_link_code(repo, create_link_code(repo, user, now), telegram_id, now)


@pytest.fixture
def providers(monkeypatch: pytest.MonkeyPatch) -> ProviderFake:
    """The provider fake, answering in-process through the service's httpx transport."""
    fake = ProviderFake()
    for name, value in fake.environment().items():
        monkeypatch.setenv(name, value)
    return fake


@pytest.fixture
def telegram() -> FakeBotApi:
    return FakeBotApi()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def bot_settings(telegram: FakeBotApi) -> Settings:
    return Settings(telegram_bot_token=SecretStr(telegram.token),
                    telegram_users=f"{BOB_TG}:bob")


@pytest.fixture
def service(providers: ProviderFake, bot_settings: Settings,
            clock: Clock) -> Iterator[Service]:
    # The store's clock is the service's: records expire by the test's time, not today's.
    with InMemoryItemRepository(clock=lambda: clock().timestamp()) as repo, \
            httpx.Client(transport=providers.mock_transport()) as http:
        yield Service(repo=repo, providers=build_clients(ProviderSettings(), http),
                      settings=bot_settings, clock=clock)


@pytest.fixture
def application(service: Service, telegram: FakeBotApi) -> TrackerApplication:
    # Without limiter retries a RetryAfter reaches the digest sender, whose wait is injected.
    return build_application(service, digest_every=None, rate_limit_retries=0,
                             request=OfflineRequest(telegram))


@pytest.fixture
def harness(application: TrackerApplication, telegram: FakeBotApi, service: Service,
            clock: Clock) -> Harness:
    return Harness(application, telegram, service, clock)
