"""The Telegram bot: commands, link messages, the weekly digest, polling and Lambda entries."""

import os

# Opt in to python-telegram-bot's future time periods (timedelta instead of int seconds):
# otherwise every RetryAfter it builds emits a deprecation warning.
os.environ.setdefault("PTB_TIMEDELTA", "true")
