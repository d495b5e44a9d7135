"""A big history to load the page with, and the page's timings from the Performance API (I/O)."""

from __future__ import annotations

from typing import Any

import httpx

BATCH = 1000
"""Items per POST /sync: the API's limit."""


def add_episodes(http: httpx.Client, count: int, show: str = "Big Show") -> None:
    """Record ``count`` episodes through the API, a batch per request."""
    for start in range(0, count, BATCH):
        names = [f"{n:05d}" for n in range(start, min(start + BATCH, count))]
        body = {"episodes": [{"folder_name": show, "file_name": name} for name in names]}
        answer = http.post("/sync", json=body, timeout=120)
        answer.raise_for_status()


def resources(page: Any) -> list[dict[str, Any]]:
    """The navigation and every resource the page fetched: name, bytes on the wire, timing."""
    script = """() => performance.getEntriesByType('navigation')
        .concat(performance.getEntriesByType('resource'))
        .map(e => ({name: e.name, transfer: e.transferSize, body: e.encodedBodySize,
                    decoded: e.decodedBodySize, end: e.responseEnd}))"""
    found: list[dict[str, Any]] = page.evaluate(script)
    return found


def overview_ready_ms(page: Any) -> float:
    """Milliseconds from the start of navigation until the overview's figures were drawn."""
    page.wait_for_selector("#overview[data-ready]")
    return float(page.evaluate("performance.getEntriesByName('overview-ready')[0].startTime"))
