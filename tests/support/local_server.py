"""The local server in a background thread, and raw-socket HTTP for tests (network I/O)."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from handlers.http.local_server import LocalServer
from tests.support.serve_workers import server_side_inode


@contextmanager
def serving(server: LocalServer) -> Iterator[LocalServer]:
    """``server`` on its own event loop in a thread; stopped gracefully and joined on exit."""
    thread = threading.Thread(target=asyncio.run, args=(server.serve(),), name="server")
    thread.start()
    try:
        yield server
    finally:
        server.stop()
        thread.join(timeout=30)
        assert not thread.is_alive(), "the server did not stop"


@dataclass(frozen=True)
class RawAnswer:
    status: int
    headers: dict[str, str]
    body: bytes
    closed: bool
    """Whether the server closed the connection after answering."""

    def json(self) -> Any:
        return json.loads(self.body)


class RawConnection:
    """A client socket that reads answers exactly, keeping bytes that belong to the next one."""

    def __init__(self, port: int, source: str = "127.0.0.1", timeout: float = 5.0) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout, (source, 0))
        self._buffer = b""

    def __enter__(self) -> RawConnection:
        return self

    def __exit__(self, *_: object) -> None:
        self.sock.close()

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)

    def _fill(self) -> None:
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError(f"closed before a full answer: {self._buffer!r}")
        self._buffer += chunk

    def answer(self) -> RawAnswer:
        """The next HTTP/1.1 response (a Content-Length body), and whether the server closed."""
        while b"\r\n\r\n" not in self._buffer:
            self._fill()
        head, _, self._buffer = self._buffer.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        headers = {k.strip().lower(): v.strip()
                   for k, _, v in (line.partition(":") for line in lines[1:])}
        length = int(headers.get("content-length", "0"))
        while len(self._buffer) < length:
            self._fill()
        body, self._buffer = self._buffer[:length], self._buffer[length:]
        closed = headers.get("connection") == "close" and self._at_eof()
        return RawAnswer(int(lines[0].split()[1]), headers, body, closed)

    def _at_eof(self) -> bool:
        return not self._buffer and self.sock.recv(1) == b""


def exchange(port: int, data: bytes, source: str = "127.0.0.1") -> RawAnswer:
    """Send raw bytes on a fresh connection from ``source`` and read the answer."""
    with RawConnection(port, source) as connection:
        connection.send(data)
        return connection.answer()


def server_end(client: socket.socket, port: int) -> socket.socket:
    """A duplicate of the accepted socket at the other end of ``client``'s connection to a
    server running in this process on ``port`` (to read its options; close it after)."""
    inode = server_side_inode(port, int(client.getsockname()[1]))
    target = f"socket:[{inode}]"
    for fd in os.listdir("/proc/self/fd"):
        try:
            if inode and os.readlink(f"/proc/self/fd/{fd}") == target:
                return socket.socket(fileno=os.dup(int(fd)))
        except FileNotFoundError:  # a descriptor closed while we looked
            continue
    raise AssertionError(f"no socket of this process is the server end of port {port}")
