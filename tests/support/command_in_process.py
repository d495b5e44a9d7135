"""The ``immersion-tracker`` command run in this process, as the interpreter would run it."""

from __future__ import annotations

import sys

from immersion_tracker.cli import main


def run_main(argv: list[str]) -> int:
    """``main(argv)``'s exit status; a ``SystemExit`` message goes to stderr with status 1."""
    try:
        return main(argv)
    except SystemExit as exit:
        if isinstance(exit.code, int):
            return exit.code
        print(exit.code, file=sys.stderr)
        return 1
