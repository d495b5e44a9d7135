"""Long polling: the bot as a long-lived process; its job queue sends digests (network I/O)."""

from __future__ import annotations

import logging

from telegram import Update

from bot.application import build_application
from handlers.service.facade import Service


def run(service: Service) -> None:
    """Poll Telegram until interrupted (Ctrl+C or SIGTERM)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    application = build_application(service, digest_every=service.settings.digest_check_seconds)
    application.run_polling(allowed_updates=Update.ALL_TYPES, drop_pending_updates=False)
