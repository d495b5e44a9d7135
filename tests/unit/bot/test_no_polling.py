"""The webhook's and the notifier's bots build no HTTP client for ``getUpdates`` (no I/O)."""

from __future__ import annotations

import asyncio

import pytest
from telegram.error import NetworkError

from bot.application import build_application
from bot.sending import sending_bot
from handlers.service.facade import Service


def _asks_for_updates(bot: object) -> None:
    with pytest.raises(NetworkError, match="never asks for updates"):
        asyncio.run(bot.get_updates(timeout=0))  # type: ignore[attr-defined]


def test_the_notifiers_bot_has_no_transport_for_updates() -> None:
    _asks_for_updates(sending_bot("123:abc", "http://127.0.0.1:9/bot"))


def test_the_webhooks_application_has_no_transport_for_updates(service: Service) -> None:
    application = build_application(service, token="123:abc", with_updater=False,
                                    digest_every=None)
    _asks_for_updates(application.bot)
