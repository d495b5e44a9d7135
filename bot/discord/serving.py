"""The Discord door on ``serve``: deferred answers on a small thread pool (network I/O).

``serve`` answers the interaction at once and finishes slow work (charts, exports,
providers) on these threads, then edits the answer through Discord's REST.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from bot.discord.door import DiscordDoor
from bot.discord.rest import DiscordRest

if TYPE_CHECKING:
    from handlers.service import Service

FOLLOW_UP_WORKERS = 4


def serving_door(service: Service) -> tuple[DiscordDoor, Callable[[], None]]:
    """The door for ``service`` and what stops it (waiting for follow-ups in flight)."""
    settings = service.settings
    token = settings.discord_bot_token
    rest = DiscordRest(settings.discord_api_base, token.get_secret_value() if token else None)
    pool = ThreadPoolExecutor(FOLLOW_UP_WORKERS, thread_name_prefix="discord")

    def defer(payload: dict[str, Any]) -> None:
        pool.submit(door.finish, payload)

    def close() -> None:
        pool.shutdown(wait=True)
        rest.close()

    door = DiscordDoor(service, rest, defer)
    return door, close
