"""The Telegram bot: commands, link messages, the weekly digest, polling and Lambda entries."""
