"""Fixtures: the bot against the loopback fake Bot API server (network I/O on 127.0.0.1).

For the entry points that build their own application (the webhook and digest Lambdas),
so their real HTTP transport is exercised; the unit tier's fixtures do the rest.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pydantic import SecretStr

from bot.application import build_application
from bot.context import TrackerApplication
from handlers.service.facade import Service
from handlers.settings import Settings
from tests.fakes.telegram_api import TelegramFake
from tests.unit.bot.conftest import BOB_TG, clock, harness, providers, service

__all__ = ["clock", "harness", "providers", "service"]


@pytest.fixture
def telegram() -> Iterator[TelegramFake]:
    with TelegramFake() as fake:
        yield fake


@pytest.fixture
def bot_settings(telegram: TelegramFake) -> Settings:
    return Settings(telegram_bot_token=SecretStr(telegram.token),
                    telegram_base_url=telegram.base_url, telegram_users=f"{BOB_TG}:bob")


@pytest.fixture
def application(service: Service) -> TrackerApplication:
    return build_application(service, digest_every=None, rate_limit_retries=0)
