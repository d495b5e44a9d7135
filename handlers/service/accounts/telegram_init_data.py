"""Validation of a Telegram Mini App's ``initData``, as Telegram documents it (pure, no I/O).

The data-check string is every field but ``hash``, sorted by name, as ``name=value`` lines;
the key is HMAC-SHA-256 of the bot token keyed with ``WebAppData``. ``auth_date`` must be
recent so that a copied string stops working soon.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from urllib.parse import parse_qsl

from handlers.service.core.errors import Forbidden

MAX_AGE_SECONDS = 24 * 3600
"""How old a Mini App's sign-in data may be; reopening the app from the bot renews it."""

_INVALID = "The Telegram sign-in data is not valid; open the dashboard from the bot again."


def init_data_hash(fields: dict[str, str], bot_token: str) -> str:
    """The ``hash`` Telegram puts in ``initData`` for these fields (tests sign with it too)."""
    check = "\n".join(f"{name}={fields[name]}" for name in sorted(fields) if name != "hash")
    key = hmac.new(b"WebAppData", bot_token.encode("utf-8"), hashlib.sha256).digest()
    return hmac.new(key, check.encode("utf-8"), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class TelegramProof:
    """Who genuine ``initData`` names, and when Telegram vouched for them."""

    user_id: int
    auth_date: int


def telegram_user_id(init_data: str, bot_token: str, now_epoch: int) -> int:
    """The Telegram user id of genuine, recent ``initData``; Forbidden otherwise."""
    return telegram_proof(init_data, bot_token, now_epoch).user_id


def telegram_proof(init_data: str, bot_token: str, now_epoch: int) -> TelegramProof:
    """The user and ``auth_date`` of genuine, recent ``initData``; Forbidden otherwise."""
    try:
        pairs = parse_qsl(init_data, keep_blank_values=True, strict_parsing=True)
    except ValueError:
        raise Forbidden(_INVALID) from None
    fields = dict(pairs)
    given = fields.get("hash", "")
    if len(fields) != len(pairs) or not hmac.compare_digest(
        init_data_hash(fields, bot_token), given
    ):
        raise Forbidden(_INVALID)
    try:
        auth_date = int(fields["auth_date"])
        user_id = json.loads(fields["user"])["id"]
    except (KeyError, ValueError, TypeError):
        raise Forbidden(_INVALID) from None
    if not isinstance(user_id, int) or isinstance(user_id, bool):
        raise Forbidden(_INVALID)
    if not now_epoch - MAX_AGE_SECONDS <= auth_date <= now_epoch + 300:
        raise Forbidden(
            "The Telegram sign-in data is too old; open the dashboard from the bot again."
        )
    return TelegramProof(user_id, auth_date)
