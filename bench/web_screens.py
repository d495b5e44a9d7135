"""Screenshots of the page with a year of logs: the overview at 390 and 1280 px, a title, a
review, and a new account's Get started.

Run: ``.venv/bin/python bench/web_screens.py DIR`` (inside ``unshare -n`` is fine: loopback
only). It starts ``immersion-tracker serve`` on a fresh SQLite file, logs a learner's year
(``tests/support/year_of_logs.py``) ending today, signs in with headless Chromium and
writes PNGs into DIR. It asserts nothing: the pictures are for people to look at.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.api_server import RunningApi, add_user, running_api  # noqa: E402
from tests.support.browser import browser_missing, chromium  # noqa: E402
from tests.support.year_of_logs import year_of_logs  # noqa: E402

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


NEWCOMER = ("newcomer", "pw-newcomer-screens")
"""An account with nothing logged: the Get started state."""


def sign_in(page: Any, api: RunningApi, who: tuple[str, str] | None = None) -> None:
    user, password = who or (api.user, api.password)
    page.goto(api.base_url + "/")
    page.get_by_label("User name").fill(user)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector("#overview[data-ready]")


def shoot(browser: Any, api: RunningApi, folder: Path, scheme: str) -> None:
    for name, viewport in VIEWPORTS.items():
        context = browser.new_context(viewport=viewport, color_scheme=scheme)
        page = context.new_page()
        sign_in(page, api)
        page.wait_for_timeout(300)  # the older months, drawn after the overview
        page.screenshot(path=str(folder / f"overview-{name}-{scheme}.png"), full_page=True)
        page.goto(api.base_url + "/#title/visual_novel/Steins%3BGate")
        page.wait_for_selector("#title[data-ready]")
        page.screenshot(path=str(folder / f"title-{name}-{scheme}.png"), full_page=True)
        page.goto(api.base_url + f"/#review/{date.today().year}")
        page.wait_for_selector("#review[data-ready]")
        page.screenshot(path=str(folder / f"review-{name}-{scheme}.png"), full_page=True)
        context.close()
        context = browser.new_context(viewport=viewport, color_scheme=scheme)
        page = context.new_page()
        sign_in(page, api, NEWCOMER)
        page.screenshot(path=str(folder / f"get-started-{name}-{scheme}.png"), full_page=True)
        context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--dark", action="store_true", help="also in the dark scheme")
    args = parser.parse_args()
    missing = browser_missing()
    if missing:
        raise SystemExit(missing)
    args.folder.mkdir(parents=True, exist_ok=True)
    env = {"IMMERSION_TRACKER_TIMEZONE": "UTC"}
    with tempfile.TemporaryDirectory() as tmp, running_api(Path(tmp), env) as api:
        with api.client() as http:
            print(f"{year_of_logs(http, date.today(), args.days)} entries logged")
        add_user(api.env, *NEWCOMER)
        with chromium() as browser:
            for scheme in ("light", "dark") if args.dark else ("light",):
                shoot(browser, api, args.folder, scheme)
    print(f"screenshots in {args.folder}")


if __name__ == "__main__":
    main()
