"""A history of 10,000 entries: the overview comes in a few requests, History pages by cursor."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.web.conftest import Site, needs_route, sign_in
from tests.support.web_timing import add_episodes

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
ENTRIES = 10_000


@pytest.fixture(scope="module")
def big(site: Site) -> Site:
    with site.client() as http:
        add_episodes(http, ENTRIES)
        assert http.get("/progress").json()["total_episodes_watched"] == ENTRIES
    return site


def test_the_overview_never_asks_per_entry(page: Any, big: Site) -> None:
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    sign_in(page, big)
    with big.client() as http:
        total = http.get("/progress").json()["total_minutes"]
    assert page.locator("#total").get_attribute("data-minutes") == str(total)
    api_calls = [url for url in asked if "/api/" in url]
    # probe, session, settings (the account's time zone dates everything), progress, stats
    assert len(api_calls) <= 5, api_calls


@needs_route("GET", "/history")
def test_history_pages_through_ten_thousand_entries(page: Any, big: Site) -> None:
    sign_in(page, big, "history")
    entries = page.locator("#history-list .entry")
    entries.first.wait_for()
    first = entries.first.inner_text()
    page.get_by_role("button", name="Older").click()
    page.locator("#history-list[data-page='1']").wait_for()
    assert entries.count() == 20 and entries.first.inner_text() != first
    page.get_by_role("button", name="Newer").click()
    page.locator("#history-list[data-page='0']").wait_for()
    assert entries.first.inner_text() == first
