"""The parts of one request timed beside the whole, in turns (the ``*_shares.py`` scripts).

Each round times every part once, so the load of a shared machine moves them alike; the
medians are printed in milliseconds, then what the indented parts (named with two leading
spaces, inside the whole) leave of the whole.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import httpx

from bench.history import populate
from bench.reads import recent_items
from handlers.service.facade import Service
from handlers.settings import Settings
from metadata_clients.settings import ProviderSettings, build_clients
from storage.sqlite import SQLiteItemRepository


@contextmanager
def user_of(size: int) -> Iterator[tuple[SQLiteItemRepository, Service]]:
    """``bench/reads.py``'s user at ``size`` entries, written through the unit of work into
    a fresh SQLite store, and the service over it (on the real clock)."""
    with tempfile.TemporaryDirectory() as tmp:
        repo = SQLiteItemRepository(Path(tmp) / "tracker.sqlite3")
        populate(repo, recent_items(size))
        try:
            yield repo, Service(repo=repo, settings=Settings(),
                                providers=build_clients(ProviderSettings(), httpx.Client()),
                                clock=lambda: datetime.now(UTC))
        finally:
            repo.close()


def medians(parts: Mapping[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """Each part's median over ``repeat`` rounds, in milliseconds."""
    times: dict[str, list[float]] = {name: [] for name in parts}
    for _ in range(repeat):
        for name, part in parts.items():
            began = time.perf_counter()
            part()
            times[name].append(time.perf_counter() - began)
    return {name: statistics.median(values) * 1000 for name, values in times.items()}


def print_parts(found: Mapping[str, float], whole: str) -> None:
    """The medians, then the rest of ``whole`` the indented parts leave."""
    inside = sum(value for name, value in found.items() if name.startswith("  "))
    for name, value in found.items():
        print(f"  {name:<28} {value:8.2f} ms")
    print(f"  {'  the rest':<28} {found[whole] - inside:8.2f} ms")


def by_size(shares: Callable[[int, int], None], description: str | None,
            argv: Sequence[str] | None = None) -> None:
    """``--sizes`` (history lengths) and ``--repeat``: ``shares(size, repeat)`` for each."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--sizes", default="200,20000")
    parser.add_argument("--repeat", type=int, default=31)
    args = parser.parse_args(argv)
    for size in (int(raw) for raw in args.sizes.split(",")):
        shares(size, args.repeat)
