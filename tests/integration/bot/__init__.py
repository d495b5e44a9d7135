"""Integration tests of the bot entry points against the loopback fake Bot API."""
