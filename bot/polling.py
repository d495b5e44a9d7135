"""Long polling: the bot as a long-lived process; its job queue sends digests (network I/O)."""

from __future__ import annotations

import logging
import os

from telegram import Update

from bot.application import DIGEST_CHECK_SECONDS, build_application
from handlers.service import Service


def run(service: Service) -> None:
    """Poll Telegram until interrupted (Ctrl+C or SIGTERM)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    # httpx logs every poll at INFO; that is noise in the operator's terminal.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    # Operators (and end-to-end tests) may check for due digests more or less often.
    every = float(os.environ.get("IMMERSION_TRACKER_DIGEST_CHECK_SECONDS") or DIGEST_CHECK_SECONDS)
    application = build_application(service, digest_every=every)
    application.run_polling(allowed_updates=Update.ALL_TYPES, drop_pending_updates=False)
