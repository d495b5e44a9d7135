"""The web page and Telegram Mini App: static files served by ``serve`` (no Python code)."""
