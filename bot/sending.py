"""The Bot API client that sends, with the rate limiter every bot of ours shares (no I/O yet).

The scheduled notifier only sends messages: it needs this client, not an Application with
every command handler. The long-lived bot and the webhook build their Application on the
same limiter, so one process never exceeds Telegram's overall rate however it is reached.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram.ext import AIORateLimiter, ExtBot
from telegram.request import BaseRequest

RATE_LIMIT_RETRIES = 3
OVERALL_PER_SECOND = 29
"""Telegram allows about 30 messages a second overall. The limiter is a leaky bucket: with
a bucket of one message it never bursts, so no one-second window sees more than 30."""


class MissingToken(RuntimeError):
    """No bot token configured."""

    def __init__(self) -> None:
        super().__init__("set TELEGRAM_BOT_TOKEN to the token BotFather gave you")


class NoPolling(BaseRequest):
    """The ``getUpdates`` transport of a bot that never polls (the webhook, the notifier).

    python-telegram-bot otherwise builds a second HTTP client for it, and loading the TLS
    certificates for a client costs a cold start 20-100 ms before the first update."""

    @property
    def read_timeout(self) -> float | None:
        return None

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def do_request(self, url: str, method: str, request_data: object = None,
                         read_timeout: object = None, write_timeout: object = None,
                         connect_timeout: object = None, pool_timeout: object = None,
                         ) -> tuple[int, bytes]:
        raise RuntimeError("this bot answers webhooks and never asks for updates")


def rate_limiter(retries: int = RATE_LIMIT_RETRIES) -> AIORateLimiter:
    """Telegram's overall limit, kept; a ``RetryAfter`` is waited out ``retries`` times."""
    return AIORateLimiter(
        overall_max_rate=1, overall_time_period=1 / OVERALL_PER_SECOND, max_retries=retries
    )


def quiet_token_logs() -> None:
    """Every Bot API URL carries the token and httpx logs request URLs at INFO: keep it
    quiet wherever the bot runs, so the token never reaches a log."""
    logging.getLogger("httpx").setLevel(logging.WARNING)


def sending_bot(
    token: str, base_url: str, request: BaseRequest | None = None
) -> ExtBot[Any]:
    """A Bot API client for ``token`` that keeps Telegram's rate limit."""
    if not token:
        raise MissingToken()
    quiet_token_logs()
    return ExtBot(token, base_url=base_url, request=request, get_updates_request=NoPolling(),
                  rate_limiter=rate_limiter())
