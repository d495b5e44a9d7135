"""The service and Telegram secrets of the bot's Lambdas, from the environment and Secrets
Manager (store and network I/O when called)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from handlers.aws.secret import load_service_secret
from handlers.wiring import SecretLoader, build_service

if TYPE_CHECKING:
    from handlers.service import Service


def configured_service(secrets: SecretLoader = load_service_secret
                       ) -> tuple[Service, str, str]:
    """The service, the bot token and the webhook's secret token (``secrets`` reads the
    function's secrets)."""
    service = build_service(secrets=secrets)
    secret = secrets(service.settings.secret_id)
    settings = service.settings
    token = str(secret.get("telegram_bot_token") or (
        settings.telegram_bot_token.get_secret_value() if settings.telegram_bot_token else ""))
    webhook_secret = str(secret.get("telegram_webhook_secret") or (
        settings.telegram_webhook_secret.get_secret_value()
        if settings.telegram_webhook_secret else ""))
    return service, token, webhook_secret
