"""``immersion-tracker bot`` as a child process polling the fake Bot API (process I/O)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from tests.support.api_server import COMMAND


@contextmanager
def running_bot(environment: Mapping[str, str], log_path: Path) -> Iterator[subprocess.Popen[str]]:
    """The bot running until the block ends (terminated, killed if it will not stop)."""
    # The log goes to a file: an unread pipe could fill up and stall the bot.
    with log_path.open("w") as log, subprocess.Popen(
            [*COMMAND, "bot"], env=dict(environment), stdout=log, stderr=subprocess.STDOUT,
            text=True) as process:
        try:
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
