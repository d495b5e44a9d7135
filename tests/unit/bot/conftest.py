"""Fixtures: the real service on SQLite, fake providers, the fake Bot API, a bot harness (I/O)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import SecretStr
from telegram import Update

from bot.application import build_application
from bot.context import TrackerApplication
from handlers.service.facade import Service
from handlers.service.telegram_links import create_link_code, redeem_link_code
from handlers.settings import Settings
from metadata_clients.settings import ProviderSettings, build_clients
from storage.sqlite import SQLiteItemRepository
from tests.fakes.providers import ProviderFake
from tests.fakes.telegram_api import SentRequest, TelegramFake

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
    telegram: TelegramFake
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
        repo = self.service.repo
        redeem_link_code(repo, create_link_code(repo, user, 0), telegram_id, 0)


@pytest.fixture
def providers(monkeypatch: pytest.MonkeyPatch) -> ProviderFake:
    """The provider fake, answering in-process through the service's httpx transport."""
    fake = ProviderFake()
    for name, value in fake.environment().items():
        monkeypatch.setenv(name, value)
    return fake


@pytest.fixture
def telegram() -> Iterator[TelegramFake]:
    with TelegramFake() as fake:
        yield fake


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def service(tmp_path: Path, providers: ProviderFake, telegram: TelegramFake,
            clock: Clock) -> Iterator[Service]:
    settings = Settings(telegram_bot_token=SecretStr(telegram.token),
                        telegram_base_url=telegram.base_url,
                        telegram_users=f"{BOB_TG}:bob")
    with SQLiteItemRepository(tmp_path / "tracker.sqlite3") as repo, \
            httpx.Client(transport=providers.mock_transport()) as http:
        yield Service(repo=repo, providers=build_clients(ProviderSettings(), http),
                      settings=settings, clock=clock)


@pytest.fixture
def application(service: Service) -> TrackerApplication:
    # Without limiter retries a RetryAfter reaches the digest sender, whose wait is injected.
    return build_application(service, digest_every=None, rate_limit_retries=0)


@pytest.fixture
def harness(application: TrackerApplication, telegram: TelegramFake, service: Service,
            clock: Clock) -> Harness:
    return Harness(application, telegram, service, clock)
