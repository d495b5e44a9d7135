"""The processes of a multi-process ``serve``: start, watch, replace, stop (process I/O).

The parent binds the listening socket and starts each worker as a fresh interpreter
(``python -m immersion_tracker.serve_worker``) that inherits the socket and one end of the
throttle's socket pair. Fresh interpreters rather than ``fork``: the parent runs threads
(the bot, the throttle's, the store's pool) and replaces crashed workers while they run,
and a fork copies whatever locks those threads hold; a new interpreter shares nothing but
the two sockets, and opens its own store connections.

A worker that exits before it is ready fails the start (the settings or the store are
broken; every replacement would fail alike). One that dies later is replaced, up to
:data:`CRASH_BUDGET` times a minute; past that the whole service stops with an error
rather than spin. Workers run in their own process group, so a terminal's Ctrl+C reaches
only the parent, which stops them in order.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import socket
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from handlers.http.shared_throttle import ThrottleHost

log = logging.getLogger(__name__)

CRASH_BUDGET = 5
"""Worker deaths tolerated within a minute before the service gives up."""
START_SECONDS = 120.0
"""How long a worker may take to import, open the store and report ready."""


class WorkersFailed(Exception):
    """Workers could not be started, or kept dying; the message says which."""


@dataclass
class WorkerPool:
    """``count`` workers serving ``listening``, all asking one throttle host."""

    listening: socket.socket
    count: int
    host: ThrottleHost
    verbose: bool = False
    stop_seconds: float = 35.0
    """How long a stopping worker may drain before it is killed."""
    processes: list[asyncio.subprocess.Process] = field(default_factory=list)
    _deaths: list[float] = field(default_factory=list)

    def _command(self, control: int) -> list[str]:
        return [sys.executable, "-m", "immersion_tracker.serve_worker",
                "--listen-fd", str(self.listening.fileno()), "--control-fd", str(control),
                "--workers", str(self.count), *(["--verbose"] if self.verbose else [])]

    async def _spawn(self) -> tuple[asyncio.subprocess.Process, threading.Event]:
        theirs, ready = self.host.connect_worker()
        try:
            process = await asyncio.create_subprocess_exec(
                *self._command(theirs.fileno()),
                pass_fds=(self.listening.fileno(), theirs.fileno()),
                stdin=asyncio.subprocess.DEVNULL,
                process_group=0,
            )
        finally:
            theirs.close()
        return process, ready

    async def start(self, stop: asyncio.Event) -> None:
        """Start every worker and wait until each is ready (or ``stop`` is set);
        :class:`WorkersFailed` if one is not."""
        started = [await self._spawn() for _ in range(self.count)]
        self.processes = [process for process, _ in started]
        deadline = time.monotonic() + START_SECONDS
        for process, ready in started:
            while not ready.is_set() and process.returncode is None and not stop.is_set():
                if time.monotonic() > deadline:
                    break
                await asyncio.sleep(0.05)
            if stop.is_set():
                return
            if not ready.is_set():
                await self.stop()
                raise WorkersFailed(f"a server worker did not start (pid {process.pid}, "
                                    f"exit code {process.returncode}); see its error above")

    async def run(self, stop: asyncio.Event) -> None:
        """Serve until ``stop`` is set, replacing workers that die; then stop them all."""
        waits: dict[asyncio.Future[object], int] = {
            asyncio.ensure_future(p.wait()): i for i, p in enumerate(self.processes)
        }
        stopping: asyncio.Future[object] = asyncio.ensure_future(stop.wait())
        try:
            while not stop.is_set():
                done, _ = await asyncio.wait([*waits, stopping],
                                             return_when=asyncio.FIRST_COMPLETED)
                for finished in done - {stopping}:
                    index = waits.pop(finished)
                    if stop.is_set():
                        continue
                    waits[await self._replace(index)] = index
        finally:
            stopping.cancel()
            for waiting in waits:
                waiting.cancel()
            await self.stop()

    async def _replace(self, index: int) -> asyncio.Future[object]:
        dead = self.processes[index]
        now = time.monotonic()
        self._deaths = [t for t in self._deaths if t > now - 60] + [now]
        if len(self._deaths) > CRASH_BUDGET:
            raise WorkersFailed(f"server workers died {len(self._deaths)} times within a "
                                "minute; stopping")
        log.error("Server worker %d exited with code %s; starting another.",
                  dead.pid, dead.returncode)
        process, _ = await self._spawn()
        self.processes[index] = process
        return asyncio.ensure_future(process.wait())

    async def stop(self) -> None:
        """SIGTERM every live worker (each drains its requests), wait, kill the late ones."""
        await asyncio.gather(*(self._stop_one(p) for p in self.processes))
        await asyncio.to_thread(self.host.join, 5.0)

    async def _stop_one(self, process: asyncio.subprocess.Process) -> None:
        if process.returncode is None:
            with contextlib.suppress(ProcessLookupError):  # exited; the wait reaps it
                process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(process.wait(), self.stop_seconds)
        except TimeoutError:
            log.error("Server worker %d did not stop in time; killing it.", process.pid)
            process.kill()
            await process.wait()

    def pids(self) -> Sequence[int]:
        return [p.pid for p in self.processes]
