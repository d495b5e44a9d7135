"""A command run at a pseudo-terminal, answering its prompts as a person would (process I/O)."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Session:
    """What a terminal showed, and how the command ended."""

    shown: str
    returncode: int


def _read_until(master: int, wanted: str | None, shown: str, deadline: float) -> str:
    """Read the terminal until ``wanted`` appears after what was ``shown`` already (or,
    for None, until the terminal closes); what it has shown by then."""
    start = len(shown)
    while time.monotonic() < deadline:
        if wanted is not None and wanted in shown[start:]:
            return shown
        ready, _, _ = select.select([master], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            break
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO: every holder of the terminal's other end has gone
            return shown
        if not chunk:
            return shown
        shown += chunk.decode(errors="replace")
    return shown


def in_terminal(command: Sequence[str], env: Mapping[str, str],
                answers: Sequence[tuple[str, str]], timeout: float = 60.0) -> Session:
    """Run ``command`` with a terminal as its standard streams; each ``(prompt, line)``
    types ``line`` once ``prompt`` shows. A prompt that never shows ends the typing.

    The command gets a session of its own, so it has no controlling terminal and cannot
    reach the terminal pytest runs in: its prompts come to this one.
    """
    master, slave = pty.openpty()
    deadline = time.monotonic() + timeout
    try:
        process = subprocess.Popen(list(command), env=dict(env), stdin=slave, stdout=slave,
                                   stderr=slave, start_new_session=True)
    finally:
        os.close(slave)
    shown = ""
    try:
        for prompt, line in answers:
            seen = len(shown)
            shown = _read_until(master, prompt, shown, deadline)
            if prompt not in shown[seen:]:
                break
            os.write(master, line.encode() + b"\n")
        shown = _read_until(master, None, shown, deadline)
        returncode = process.wait(timeout=max(1.0, deadline - time.monotonic()))
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(master)
    return Session(shown, returncode)
