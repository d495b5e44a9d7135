"""The Discord door: HTTP interactions translated to the same Service calls as the Telegram bot."""
