"""The ``serve`` subcommand: the REST API on one or several processes, and the bot (I/O).

The router's work is CPU-bound Python, so one process answers about as fast as one core
allows. With several workers (default: one per core) the parent binds the socket, owns
the login throttle and runs the Telegram bot, exactly once; the workers answer the API
(:mod:`immersion_tracker.worker_pool`). One worker serves in-process, as before.
"""

from __future__ import annotations

import argparse
import asyncio
import errno
import os
import socket
from typing import TYPE_CHECKING

from immersion_tracker.serving import address, announce, start_bot, stop_on_signals

if TYPE_CHECKING:
    from handlers.http.local_server import LocalServer
    from handlers.service import Service
    from handlers.wiring import Wired

WORKERS_HELP = ("processes answering the API (default: $IMMERSION_TRACKER_SERVE_WORKERS, "
                "else one per core); the bot always runs once")


def add_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``serve`` on the top-level parser's subparsers."""
    serve = commands.add_parser("serve", help="run the REST API (and the bot if configured)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080, help="0 picks a free port")
    serve.add_argument("--workers", type=int, metavar="N", help=WORKERS_HELP)
    serve.set_defaults(run=serve_command)


def worker_count(requested: int | None, configured: int | None, storage_url: str) -> int:
    """How many processes serve: asked for, else configured, else one per core. A
    ``memory://`` store lives inside one process, so it is always served by one."""
    if requested is not None and requested < 1:
        raise ValueError("--workers must be at least 1")
    if storage_url.startswith("memory://"):
        return 1
    return requested or configured or usable_cores()


def usable_cores() -> int:
    """The cores this process may run on (all of the machine's where that is not known)."""
    if hasattr(os, "sched_getaffinity"):  # Linux; macOS has no affinity call
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def serve_command(args: argparse.Namespace) -> int:
    from handlers.http.local_server import LocalServer
    from handlers.settings import load_settings
    from handlers.wiring import build_api
    from immersion_tracker.review_cards import with_cards

    settings = load_settings()
    workers = worker_count(args.workers, settings.serve_workers, settings.storage_url())
    listening = bind(args.host, args.port)
    wired = build_api(settings)
    mount_discord(wired)
    with_cards(wired.service)
    if workers > 1:
        from immersion_tracker.serve_parent import serve_with_workers

        return serve_with_workers(wired.service, args, workers, listening)
    server = LocalServer(wired.api, listening=listening)
    announce(*server.address, wired.service, wired.authenticator.has_users())
    asyncio.run(_serve_until_signalled(server, wired.service))
    return 0


def mount_discord(wired: Wired) -> None:
    """Answer Discord's interactions at ``/discord/interactions`` when a public key is set
    (the door's follow-up threads stop with the service)."""
    if not wired.service.settings.discord_public_key:
        return
    from bot.discord.serving import serving_door
    from handlers.http.routes import DISCORD_INTERACTIONS_PATH

    door, close = serving_door(wired.service)
    wired.api.doors.mount(DISCORD_INTERACTIONS_PATH, door.answer)
    wired.service.closers.insert(0, close)


def bind(host: str, port: int) -> socket.socket:
    """The listening socket on ``host:port``; when it cannot be had, exit 1 with one line
    naming the address (a busy port is an everyday mistake, not a crash)."""
    from handlers.http.local_server import ServerLimits, listening_socket

    try:
        return listening_socket(host, port, ServerLimits.backlog)
    except OSError as error:
        reason = error.strerror or str(error)
        hint = (" (is another server running there? choose another --port)"
                if error.errno == errno.EADDRINUSE else "")
        raise SystemExit(f"error: cannot listen on {address(host, port)}: {reason}{hint}") \
            from None


async def _serve_until_signalled(server: LocalServer, service: Service) -> None:
    """API and bot on one event loop; SIGTERM/SIGINT drain in-flight requests, then exit."""
    stop = asyncio.Event()
    stop_on_signals(stop)
    serving = asyncio.create_task(server.serve())
    tasks = [serving]
    bot = start_bot(service, stop)
    if bot is not None:
        tasks.append(bot)
    await asyncio.wait([serving, asyncio.create_task(stop.wait())], return_when="FIRST_COMPLETED")
    stop.set()
    server.stop()
    await asyncio.gather(*tasks)
