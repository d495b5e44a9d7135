"""One login throttle for several server processes: the parent holds it, workers ask (socket I/O).

Each worker gets one end of a socket pair; the parent answers each worker on a thread of
its own, in the order asked. Messages are JSON lines: ``admit`` is answered, ``record`` and
``ready`` are not (one connection keeps their order). Whatever a worker had admitted and not
yet recorded when its connection ends (it crashed) is released, so a dead worker cannot
leave a client's in-flight allowance taken. The worker's end doubles as its lifeline: when
the parent is gone, the worker reads end-of-file and stops serving.
"""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import threading
from collections import Counter, deque
from collections.abc import Callable
from typing import Any

from handlers.http.throttle import Attempt, LoginThrottle, ThrottleUnavailable

log = logging.getLogger(__name__)

ADMIT_TIMEOUT = 10.0
"""Seconds a worker waits for the parent's decision before refusing the request."""


def _line(message: dict[str, Any]) -> bytes:
    return json.dumps(message, separators=(",", ":")).encode() + b"\n"


def _attempt(message: dict[str, Any]) -> Attempt:
    return Attempt(message["client"], message["name"], message["credential"],
                   pending=bool(message.get("pending")))


class ThrottleHost:
    """The parent's side: one :class:`LoginThrottle` answering every worker."""

    def __init__(self, throttle: LoginThrottle) -> None:
        self.throttle = throttle
        self._threads: list[threading.Thread] = []

    def connect_worker(self) -> tuple[socket.socket, threading.Event]:
        """The end to hand a new worker (inheritable), and an event set once it is ready."""
        ours, theirs = socket.socketpair()
        theirs.set_inheritable(True)
        ready = threading.Event()
        thread = threading.Thread(
            target=self._answer, args=(ours, ready), name="throttle-host", daemon=True
        )
        thread.start()
        self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        return theirs, ready

    def join(self, timeout: float) -> None:
        """Wait (bounded) for the threads of workers that have gone."""
        for thread in self._threads:
            thread.join(timeout)

    def _answer(self, conn: socket.socket, ready: threading.Event) -> None:
        pending: Counter[tuple[str, str, str]] = Counter()
        try:
            with conn, conn.makefile("rb") as lines:
                for line in lines:
                    self._one(conn, json.loads(line), ready, pending)
        except (OSError, ValueError, KeyError):
            log.exception("a server worker's throttle connection failed")
        finally:
            for (client, name, credential), count in pending.items():
                for _ in range(count):
                    self.throttle.record(Attempt(client, name, credential, pending=True), None)

    def _one(self, conn: socket.socket, message: dict[str, Any], ready: threading.Event,
             pending: Counter[tuple[str, str, str]]) -> None:
        op = message["op"]
        if op == "ready":
            ready.set()
        elif op == "admit":
            decided = self.throttle.admit(message["client"], message["name"],
                                          message["credential"])
            if decided.pending:
                pending[(decided.client, decided.name, decided.credential)] += 1
            conn.sendall(_line({"retry_after": decided.retry_after, "pending": decided.pending}))
        elif op == "record":
            attempt = _attempt(message)
            key = (attempt.client, attempt.name, attempt.credential)
            if attempt.pending and pending[key] > 0:
                pending[key] -= 1
                if not pending[key]:
                    del pending[key]
            self.throttle.record(attempt, message["succeeded"])


class ThrottleClient:
    """A worker's side (a :class:`~handlers.http.throttle.ThrottleGate`), on its event loop."""

    def __init__(self, conn: socket.socket, on_lost: Callable[[], None]) -> None:
        self._conn = conn
        self._on_lost = on_lost
        self._writer: asyncio.StreamWriter | None = None
        self._waiting: deque[asyncio.Future[dict[str, Any] | None]] = deque()
        """Admits asked, in order; each resolves to its answer, or None once the parent is gone."""
        self._reading: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Connect, and tell the parent this worker is ready to serve."""
        reader, self._writer = await asyncio.open_connection(sock=self._conn)
        self._reading = asyncio.create_task(self._read(reader))
        self._send({"op": "ready"})

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
        if self._reading is not None:
            await self._reading

    async def admit(self, client: str, name: str, credential: str) -> Attempt:
        if self._writer is None or self._writer.is_closing():
            raise ThrottleUnavailable
        answer: asyncio.Future[dict[str, Any] | None] = asyncio.get_running_loop().create_future()
        self._waiting.append(answer)
        self._send({"op": "admit", "client": client, "name": name, "credential": credential})
        try:
            # Shielded: a late answer must still be taken off the queue in its turn.
            decided = await asyncio.wait_for(asyncio.shield(answer), ADMIT_TIMEOUT)
        except TimeoutError as error:
            raise ThrottleUnavailable from error
        if decided is None:
            raise ThrottleUnavailable
        return Attempt(client, name, credential, retry_after=int(decided["retry_after"]),
                       pending=bool(decided["pending"]))

    def record(self, attempt: Attempt, succeeded: bool | None) -> None:
        if self._writer is None or self._writer.is_closing():
            return
        self._send({"op": "record", "client": attempt.client, "name": attempt.name,
                    "credential": attempt.credential, "pending": attempt.pending,
                    "succeeded": succeeded})

    def _send(self, message: dict[str, Any]) -> None:
        assert self._writer is not None
        self._writer.write(_line(message))

    async def _read(self, reader: asyncio.StreamReader) -> None:
        try:
            while line := await reader.readline():
                answer = self._waiting.popleft()
                if not answer.done():
                    answer.set_result(json.loads(line))
        except (OSError, ValueError, IndexError):
            log.exception("the throttle connection to the parent process failed")
        finally:
            while self._waiting:
                answer = self._waiting.popleft()
                if not answer.done():
                    answer.set_result(None)
            self._on_lost()
