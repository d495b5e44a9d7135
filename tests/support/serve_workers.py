"""Which process of a multi-process ``serve`` holds a connection (reads /proc; Linux only)."""

from __future__ import annotations

import os
import socket
import time
from pathlib import Path


def children(pid: int) -> list[int]:
    """The living child processes of ``pid`` (a server's workers)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        found += [int(child) for child in task.read_text().split()]
    return sorted(found)


def wait_for_children(pid: int, count: int, other_than: frozenset[int] = frozenset(),
                      timeout: float = 60.0) -> list[int]:
    """Wait (bounded) until ``pid`` has ``count`` children, none of them in ``other_than``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        now = children(pid)
        if len(now) == count and not other_than & set(now):
            return now
        time.sleep(0.05)
    raise AssertionError(f"{pid} has children {children(pid)}, not {count} new ones")


def alive(pid: int) -> bool:
    """Whether ``pid`` is a process that has not ended (zombies count as ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state not in ("Z", "X")


def server_side_inode(server_port: int, client_port: int) -> int:
    """The inode of the server's end of a loopback connection (0 until it is accepted)."""
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local, remote, inode = fields[1], fields[2], int(fields[9])
        if int(local.split(":")[1], 16) == server_port and \
                int(remote.split(":")[1], 16) == client_port:
            return inode
    return 0


def _holds(pid: int, inode: int) -> bool:
    target = f"socket:[{inode}]"
    try:
        descriptors = os.listdir(f"/proc/{pid}/fd")
    except FileNotFoundError:
        return False
    for fd in descriptors:
        try:
            if os.readlink(f"/proc/{pid}/fd/{fd}") == target:
                return True
        except FileNotFoundError:
            continue
    return False


def accepted_by(sock: socket.socket, server_port: int, pids: list[int],
                timeout: float = 10.0) -> int:
    """The process among ``pids`` that accepted the client connection ``sock``."""
    client_port = int(sock.getsockname()[1])
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        inode = server_side_inode(server_port, client_port)
        # Before accept() the kernel's socket has inode 0 and no process holds it.
        owner = next((pid for pid in pids if inode and _holds(pid, inode)), None)
        if owner is not None:
            return owner
        time.sleep(0.01)
    raise AssertionError(f"no process of {pids} accepted the connection from {client_port}")
