"""Terminal output of the sync client: messages and a progress bar (writes to streams)."""

from __future__ import annotations

from types import TracebackType
from typing import TextIO

BAR_WIDTH = 30
PLAIN_STEPS = 10
"""Without a terminal, a long step prints about this many progress lines."""


class Console:
    """Where the client writes: messages to ``out``, errors to ``err``."""

    def __init__(self, out: TextIO, err: TextIO, *, terminal: bool = False) -> None:
        self.out = out
        self.err = err
        self.terminal = terminal

    def say(self, text: str = "") -> None:
        """Print one message line."""
        self.out.write(text + "\n")
        self.out.flush()

    def error(self, text: str) -> None:
        """Print one error line."""
        self.err.write(text + "\n")
        self.err.flush()

    def progress(self, label: str, total: int) -> Progress:
        """A progress display for ``total`` steps."""
        return Progress(self, label, total)


class Progress:
    """A redrawn bar on a terminal; otherwise a few plain lines."""

    def __init__(self, console: Console, label: str, total: int) -> None:
        self._console = console
        self._label = label
        self._total = max(0, total)
        self._done = 0
        self._last_step = -1

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._console.terminal and self._total:
            self._console.out.write("\n")
            self._console.out.flush()

    def advance(self, steps: int = 1) -> None:
        """Record progress and show it."""
        if not self._total:
            return
        self._done = min(self._total, self._done + steps)
        if self._console.terminal:
            filled = self._done * BAR_WIDTH // self._total
            bar = "#" * filled + "." * (BAR_WIDTH - filled)
            self._console.out.write(f"\r{self._label} [{bar}] {self._done}/{self._total}")
            self._console.out.flush()
            return
        step = self._done * PLAIN_STEPS // self._total
        if step != self._last_step:
            self._last_step = step
            self._console.say(f"{self._label}: {self._done}/{self._total}")
