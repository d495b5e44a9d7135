"""Telegram Mini App ``initData`` strings, signed the way Telegram signs them (pure)."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from handlers.service.accounts.telegram_init_data import init_data_hash

BOT_TOKEN = "123456:mini-app-test-token"


def signed_init_data(telegram_id: int, auth_date: int, bot_token: str = BOT_TOKEN) -> str:
    """The raw ``initData`` a Mini App opened by ``telegram_id`` receives."""
    fields = {
        "query_id": "AAHdF6IQAAAAAN0XohDhrOrc",
        "user": json.dumps({"id": telegram_id, "first_name": "Alice", "language_code": "en"}),
        "auth_date": str(auth_date),
    }
    return urlencode({**fields, "hash": init_data_hash(fields, bot_token)})
