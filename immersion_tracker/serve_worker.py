"""One worker process of a multi-process ``serve``: the API on an inherited socket (network I/O).

Started by :mod:`immersion_tracker.worker_pool`, never by hand: it serves the socket its
parent bound, asks the parent's login throttle over the other inherited socket, and
stops gracefully on SIGTERM/SIGINT or when the parent goes away.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import socket
import sys
from collections.abc import Sequence


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="immersion_tracker.serve_worker")
    parser.add_argument("--listen-fd", type=int, required=True)
    parser.add_argument("--control-fd", type=int, required=True)
    parser.add_argument("--workers", type=int, required=True)
    parser.add_argument("--verbose", action="store_true")
    return parser.parse_args(argv)


async def _serve(listening: socket.socket, control: socket.socket) -> None:
    from handlers.http.local_server import LocalServer
    from handlers.http.shared_throttle import ThrottleClient
    from handlers.wiring import build_api
    from immersion_tracker.review_cards import with_cards
    from immersion_tracker.serve_command import mount_discord

    # The store is opened here, in this process: nothing of it crosses a process boundary.
    wired = build_api()
    mount_discord(wired)
    with_cards(wired.service)
    try:
        server: LocalServer | None = None

        def stop() -> None:
            if server is not None:
                server.stop()

        throttle = ThrottleClient(control, on_lost=stop)
        server = LocalServer(wired.api, throttle=throttle, listening=listening)
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, server.stop)
        await throttle.start()
        try:
            await server.serve()
        finally:
            await throttle.close()
    finally:
        wired.service.close()


def main(argv: Sequence[str] | None = None) -> int:
    args = _arguments(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    from handlers.service import share_hashing_cores

    share_hashing_cores(args.workers)
    listening = socket.socket(fileno=args.listen_fd)
    control = socket.socket(fileno=args.control_fd)
    asyncio.run(_serve(listening, control))
    return 0


if __name__ == "__main__":
    sys.exit(main())
