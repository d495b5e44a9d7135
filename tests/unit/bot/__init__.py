"""Tests of the Telegram bot through PTB's real dispatcher against the fake Bot API."""
