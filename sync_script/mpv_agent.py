"""The mpv agent's shell: mpv's IPC socket in, capture events out over HTTP (socket, network I/O).

Events that cannot be sent (the API down, no network) wait in the on-disk queue and go
first the next time one can be sent.
"""

from __future__ import annotations

import json
import logging
import socket
import time
from collections.abc import Callable, Iterable
from typing import Any

import httpx

from sync_script.capture_queue import CaptureQueue
from sync_script.mpv_watch import Watcher, observe_commands

log = logging.getLogger(__name__)


class CaptureRefused(Exception):
    """The API refused the capture token (wrong or revoked): sending again cannot help."""


class CaptureSender:
    """Posts one ``generic`` event to the capture URL (the token rides in it)."""

    def __init__(self, client: httpx.Client, url: str) -> None:
        self._client = client
        self._url = url

    def send(self, event: dict[str, Any]) -> bool:
        """True once the API took it (or refused it for good); False to keep it queued."""
        try:
            answer = self._client.post(self._url, json=event)
        except httpx.HTTPError as error:
            log.info("capture not sent (%s); queued", type(error).__name__)
            return False
        if answer.status_code == 401:
            raise CaptureRefused("The capture token was refused; connect the player again.")
        if answer.status_code >= 500 or answer.status_code == 429:
            return False
        if answer.status_code >= 400:
            # A body the API cannot read will never be read: dropped, not retried forever.
            log.warning("capture refused (%s): %s", answer.status_code, answer.text[:200])
        return True


class Delivery:
    """Sends events in order: whatever waits in the queue goes before anything new."""

    def __init__(self, sender: CaptureSender, queue: CaptureQueue,
                 clock: Callable[[], float]) -> None:
        self._sender = sender
        self._queue = queue
        self._clock = clock

    def deliver(self, events: Iterable[dict[str, Any]]) -> None:
        events = list(events)
        if not events:
            return
        self._queue.drain(self._sender.send, self._clock())
        for event in events:
            if self._queue.pending() or not self._sender.send(event):
                self._queue.put(event)


def _lines(connection: socket.socket) -> Iterable[bytes | None]:
    """The socket's lines; None after a quiet second; ends when mpv closes it."""
    buffered = b""
    while True:
        try:
            chunk = connection.recv(65536)
        except TimeoutError:
            yield None
            continue
        if not chunk:
            return
        buffered += chunk
        *complete, buffered = buffered.split(b"\n")
        yield from (line for line in complete if line.strip())


def follow(path: str, delivery: Delivery, clock: Callable[[], float] = time.time,
           quiet: float = 1.0) -> None:
    """Follow one mpv until it closes its socket (OSError when there is none)."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        connection.connect(path)
        follow_connection(connection, delivery, clock, quiet)


def follow_connection(connection: socket.socket, delivery: Delivery,
                      clock: Callable[[], float] = time.time, quiet: float = 1.0) -> None:
    """Follow the mpv at the other end of ``connection`` until it closes it."""
    watcher = Watcher()
    connection.settimeout(quiet)
    for command in observe_commands():
        connection.sendall(json.dumps(command).encode() + b"\n")
    for line in _lines(connection):
        if line is None:
            delivery.deliver(watcher.tick(clock()))
            continue
        try:
            message = json.loads(line)
        except ValueError:
            continue
        if isinstance(message, dict):
            delivery.deliver(watcher.message(message, clock()))
    delivery.deliver(watcher.closed(clock()))
