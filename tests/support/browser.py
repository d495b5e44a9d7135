"""Headless Chromium from the system's packages, driven by Playwright (process I/O)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = Path(os.environ.get("IMMERSION_TRACKER_CHROMIUM", "/usr/bin/chromium"))
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # The Mini App's tests frame the loopback server in a stand-in for Telegram Web (a public
    # origin); Chromium would refuse a public page's frame of a loopback address, which the
    # real deployment never is.
    "--disable-features=LocalNetworkAccessChecks",
]


def browser_missing() -> str | None:
    """Why the browser tests cannot run here, or ``None`` when they can."""
    if not CHROMIUM.exists():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium; scripts/test does it)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install -e '.[test]')"
    return None


@contextmanager
def chromium() -> Iterator[object]:
    """A Playwright ``Browser`` on the system Chromium, closed on exit.

    Playwright gives every launch a fresh, temporary profile of its own (it refuses a
    ``--user-data-dir``), so no state leaks between runs.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()
