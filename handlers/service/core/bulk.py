"""Bulk work without the cycle collector's full passes, which find nothing there (no I/O).

An import of 10^5 rows keeps each batch's thousands of rows, items and ops alive until the
batch is written. CPython's collector counts them as survivors and, each time survivors
have grown the long-lived heap by a quarter, walks every object the process holds: 23 full
passes and 0.56 s of a 9.4 s import, none of which freed an object. Inside
:func:`no_full_collections` the oldest generation is left alone. The young ones are still
collected as before, so a reference cycle made there (an exception kept with its
traceback) is still freed, one young pass later.

The thresholds are the process's own: blocks may overlap (one per thread), and the last
one to end puts back what the first one found.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

NEVER = 2**31 - 1
"""The oldest generation's threshold inside a block: no count of young passes reaches it."""


class _Blocks:
    """How many blocks are open, and the thresholds found when the first one began."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.open = 0
        self.found = gc.get_threshold()


_BLOCKS = _Blocks()


@contextmanager
def no_full_collections() -> Iterator[None]:
    """Run the block without the collector's passes over the oldest generation."""
    with _BLOCKS.lock:
        if _BLOCKS.open == 0:
            _BLOCKS.found = gc.get_threshold()
            young, middle = _BLOCKS.found[:2]
            gc.set_threshold(young, middle, NEVER)
        _BLOCKS.open += 1
    try:
        yield
    finally:
        with _BLOCKS.lock:
            _BLOCKS.open -= 1
            if _BLOCKS.open == 0:
                gc.set_threshold(*_BLOCKS.found)
