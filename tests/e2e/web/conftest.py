"""Browser tests: ``immersion-tracker serve`` (with a fake Telegram) and headless Chromium."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from handlers.http.routes import ROUTES
from tests.fakes.telegram_api import TelegramFake
from tests.support.api_server import RunningApi, running_api
from tests.support.browser import browser_missing, chromium

REQUIRE_VARIABLE = "IMMERSION_TRACKER_REQUIRE_BROWSER"
LINKED = 5151
"""The Telegram account the tests link to the user."""


@dataclass(frozen=True)
class Site:
    api: RunningApi
    telegram: TelegramFake

    @property
    def url(self) -> str:
        return self.api.base_url + "/"

    def client(self) -> httpx.Client:
        return self.api.client()


def needs_route(method: str, path: str) -> pytest.MarkDecorator:
    """Skip a test whose route the server does not serve yet (it runs once the route lands)."""
    served = any((r.method, r.path) == (method, path) for r in ROUTES)
    return pytest.mark.skipif(not served, reason=f"{method} {path} is not served yet")


@pytest.fixture(scope="package")
def browser() -> Iterator[Any]:
    # Package scope, not session: Playwright's sync API keeps an event loop running on this
    # thread while it is open, and every later test that runs its own loop would fail.
    missing = browser_missing()
    if missing:
        if os.environ.get(REQUIRE_VARIABLE) == "1":
            pytest.fail(f"{REQUIRE_VARIABLE}=1 but {missing}")
        pytest.skip(missing)
    with chromium() as running:
        yield running


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    with TelegramFake() as telegram:
        env = {
            "TELEGRAM_BOT_TOKEN": telegram.token,
            "IMMERSION_TRACKER_TELEGRAM_BASE_URL": telegram.base_url,
            "IMMERSION_TRACKER_TIMEZONE": "UTC",
        }
        with running_api(tmp_path_factory.mktemp("web"), env) as api:
            yield Site(api, telegram)


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        yield context.new_page()
    finally:
        context.close()


def sign_in(page: Any, site: Site, section: str = "") -> None:
    """Open the page and sign in through its form; waits for the overview's figures."""
    page.goto(site.url + (f"#{section}" if section else ""))
    page.get_by_label("User name").fill(site.api.user)
    page.get_by_label("Password").fill(site.api.password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Overview").wait_for()
    if not section:
        page.wait_for_selector("#overview[data-ready]")


def no_horizontal_overflow(page: Any) -> bool:
    return bool(page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    ))
