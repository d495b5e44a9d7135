"""Benchmark of the web page in headless Chromium, from the browser's Performance API.

Run: ``.venv/bin/python bench/web.py [--entries 10000] [--repeat 5] [--screenshots DIR]``
It starts ``immersion-tracker serve`` on loopback with a fresh SQLite file holding
``--entries`` entries over five years of every kind (``bench.reads.recent_items``, written
through the unit of work), and measures: the bytes a first visit transfers
(navigation and every resource, compressed, headers included); the time from navigation
to the overview's figures on screen, signed in, against one ``GET /progress`` from Python
as the baseline, and the API requests it made; the time from a click on History's "Older"
to the next page drawn (when ``GET /history`` is served); ``GET /review`` and ``GET /title``
from Python (the year in review and a title page, each one period of the history). It
prints figures; it asserts nothing. Budgets: first visit at most 150 KB compressed, the
overview interactive within 1 s with 100,000 entries (``--entries 100000``). A second
server, whose ``--entries`` episodes are all recorded today through ``POST /sync`` (each
one of the newest entries ``/progress`` reads one by one), gives the overview's worst case.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.api import USER  # noqa: E402
from bench.history import populate  # noqa: E402
from bench.reads import recent_items  # noqa: E402
from handlers.http.routes import ROUTES  # noqa: E402
from storage.sqlite import SQLiteItemRepository  # noqa: E402
from tests.support.api_server import RunningApi, running_api  # noqa: E402
from tests.support.browser import browser_missing, chromium  # noqa: E402
from tests.support.web_timing import add_episodes, overview_ready_ms, resources  # noqa: E402

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def sign_in(page: Any, api: RunningApi) -> None:
    page.goto(api.base_url + "/")
    page.get_by_label("User name").fill(api.user)
    page.get_by_label("Password").fill(api.password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector("#overview[data-ready]")


def first_visit(browser: Any, api: RunningApi) -> tuple[int, int, int]:
    """Bytes on the wire, compressed bodies and decoded bodies of a visit with an empty cache."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    sign_in(page, api)
    found = resources(page)
    context.close()
    return (sum(r["transfer"] for r in found), sum(r["body"] for r in found),
            sum(r["decoded"] for r in found))


def overview_times(browser: Any, api: RunningApi, repeat: int) -> list[float]:
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    sign_in(page, api)
    times = []
    for _ in range(repeat):
        page.reload()
        times.append(overview_ready_ms(page))
    context.close()
    return times


def overview_requests(browser: Any, api: RunningApi) -> list[str]:
    """The API requests of one signed-in load of the overview."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    sign_in(page, api)
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.reload()
    page.wait_for_selector("#overview[data-ready]")
    context.close()
    return [url.split("/api/", 1)[1] for url in asked if "/api/" in url]


def read_ms(api: RunningApi, path: str, params: dict[str, str], repeat: int) -> float:
    with api.client() as http:
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            http.get(path, params=params).raise_for_status()
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def history_page_times(browser: Any, api: RunningApi, repeat: int) -> list[float]:
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    sign_in(page, api)
    page.goto(api.base_url + "/#history")
    page.locator("#history-list .entry").first.wait_for()
    times = []
    for n in range(1, repeat + 1):
        page.get_by_role("button", name="Older").click()
        page.locator(f"#history-list[data-page='{n}']").wait_for()
        # From the page's click handler to the list drawn: the browser's own clock, without
        # the test driver's round trips.
        times.append(page.evaluate(
            "performance.measure('page', 'history-click', 'history-drawn').duration"
        ))
    context.close()
    return times


def baseline_progress_ms(api: RunningApi, repeat: int) -> float:
    with api.client() as http:
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            http.get("/progress").raise_for_status()
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def screenshots(browser: Any, api: RunningApi, folder: Path) -> None:
    for name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        sign_in(page, api)
        page.screenshot(path=str(folder / f"overview-{name}.png"), full_page=True)
        context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--screenshots", type=Path)
    args = parser.parse_args()
    missing = browser_missing()
    if missing:
        raise SystemExit(missing)
    with chromium() as browser:
        with tempfile.TemporaryDirectory() as tmp, running_api(Path(tmp)) as api:
            # The worst case, second row: every entry recorded today (each one of the
            # newest entries /progress reads one by one).
            with api.client() as http:
                add_episodes(http, args.entries)
            today = statistics.median(overview_times(browser, api, args.repeat))
        with tempfile.TemporaryDirectory() as tmp:
            seed_history(Path(tmp), args.entries)
            with running_api(Path(tmp), user=USER) as api:
                run_realistic(browser, api, args, today)


def seed_history(folder: Path, entries: int) -> None:
    """Five years of every kind (``bench.reads.recent_items``), written through the unit
    of work into the SQLite file a server then opens."""
    repo = SQLiteItemRepository(folder / "tracker.sqlite3")
    populate(repo, recent_items(entries))
    repo.close()


def run_realistic(browser: Any, api: RunningApi, args: argparse.Namespace,
                  today: float) -> None:
    """Every figure on the realistic history, the all-today overview beside it."""
    wire, compressed, decoded = first_visit(browser, api)
    print(f"first visit: {wire / 1024:.1f} KB on the wire (headers included), "
          f"{compressed / 1024:.1f} KB compressed bodies, {decoded / 1024:.1f} KB decoded")
    baseline = baseline_progress_ms(api, args.repeat)
    overview = statistics.median(overview_times(browser, api, args.repeat))
    print(f"overview interactive with {args.entries} entries over five years: "
          f"{overview:.0f} ms median (baseline GET /progress from Python: {baseline:.0f} ms; "
          f"ratio {overview / baseline:.1f})")
    print(f"overview interactive with {args.entries} entries all today (worst case): "
          f"{today:.0f} ms median")
    asked = overview_requests(browser, api)
    print(f"overview API requests: {len(asked)} ({', '.join(a.split('?')[0] for a in asked)})")
    if any((r.method, r.path) == ("GET", "/review") for r in ROUTES):
        review = read_ms(api, "/review", {}, args.repeat)
        title = read_ms(api, "/title", {"name": "Show 01 [1080p]"}, args.repeat)
        print(f"GET /review (this year): {review:.0f} ms median; "
              f"GET /title (the show): {title:.0f} ms median")
    if any((r.method, r.path) == ("GET", "/history") for r in ROUTES):
        pages = history_page_times(browser, api, args.repeat)
        print(f"History page after the click: {statistics.median(pages):.0f} ms median, "
              f"{max(pages):.0f} ms worst of {len(pages)}")
    else:
        print("History page after the click: not measured (GET /history is not served)")
    if args.screenshots:
        args.screenshots.mkdir(parents=True, exist_ok=True)
        screenshots(browser, api, args.screenshots)
        print(f"screenshots in {args.screenshots}")


if __name__ == "__main__":
    main()
