"""What every ``serve`` process runs beside the API: its banner, its signals, the bot (I/O).

Both the single-process server (:mod:`immersion_tracker.serve_command`) and the parent of
several workers (:mod:`immersion_tracker.serve_parent`) use these, so neither imports the other.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from handlers.service import Service


def address(host: str, port: int) -> str:
    """``host:port``, with an IPv6 host in brackets."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def announce(host: str, port: int, service: Service, has_users: bool) -> None:
    print(f"Immersion Tracker API listening on http://{address(host, port)}", flush=True)
    print(f"Store: {service.settings.storage_url()}", flush=True)
    if not has_users:
        print("No users yet: create one with `immersion-tracker users add NAME`.", flush=True)


def stop_on_signals(stop: asyncio.Event) -> None:
    """SIGTERM and SIGINT set ``stop`` (on the running loop)."""
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)


def start_bot(service: Service, stop: asyncio.Event) -> asyncio.Task[None] | None:
    """The bot's long polling as a task until ``stop``, when a token is configured."""
    if service.settings.telegram_bot_token is None:
        return None
    print("Telegram bot: long polling", flush=True)
    return asyncio.create_task(_bot_beside_api(service, stop))


async def _bot_beside_api(service: Service, stop: asyncio.Event) -> None:
    from bot.polling import poll

    try:
        await poll(service, stop)
    except Exception:
        # A bot that cannot run (a revoked token, say) must not take the REST API down.
        logging.getLogger(__name__).exception("The Telegram bot stopped; the API keeps serving.")
