"""The parent of a multi-process ``serve``: socket, workers, login throttle and bot (I/O).

SIGTERM/SIGINT stop the bot and every worker; each worker drains its in-flight requests
before it exits, and the parent exits 0 once all have. Workers that cannot start, or keep
dying, stop the service with exit code 1.
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import sys
from typing import TYPE_CHECKING

from immersion_tracker.serving import announce, start_bot, stop_on_signals

if TYPE_CHECKING:
    from handlers.service import Service
    from immersion_tracker.worker_pool import WorkerPool


def serve_with_workers(service: Service, args: argparse.Namespace, workers: int,
                       listening: socket.socket) -> int:
    """Serve the API bound to ``listening`` on ``workers`` processes until signalled; the
    exit code."""
    from handlers.http.local_server import ServerLimits
    from handlers.http.shared_throttle import ThrottleHost
    from handlers.http.throttle import LoginThrottle
    from immersion_tracker.worker_pool import WorkerPool, WorkersFailed

    listening.set_inheritable(True)
    pool = WorkerPool(listening, workers, ThrottleHost(LoginThrottle()),
                      verbose=bool(args.verbose),
                      stop_seconds=ServerLimits.graceful_seconds + 5)
    has_users = service.accounts.authenticator.has_users()
    try:
        asyncio.run(_supervise(pool, service, has_users))
    except WorkersFailed as failure:
        print(f"error: {failure}", file=sys.stderr)
        return 1
    finally:
        listening.close()
        service.close()
    return 0


async def _supervise(pool: WorkerPool, service: Service, has_users: bool) -> None:
    stop = asyncio.Event()
    stop_on_signals(stop)
    await pool.start(stop)
    if not stop.is_set():
        host, port = pool.listening.getsockname()[:2]
        announce(str(host), int(port), service, has_users)
        print(f"Workers: {pool.count} processes ({', '.join(map(str, pool.pids()))})",
              flush=True)
    bot = start_bot(service, stop)
    try:
        await pool.run(stop)
    finally:
        stop.set()
        if bot is not None:
            await bot
