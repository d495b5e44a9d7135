"""One time zone, the account's: the page dates logs, history and edits in it, never in the
browser's, and offers the browser's zone once.

The browser is in Pacific/Pago_Pago (UTC-11) and the account in Pacific/Kiritimati (UTC+14):
25 hours apart, their dates differ at every moment, so no test depends on the time of day.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.e2e.web.conftest import Site, needs_route, sign_in

pytestmark = pytest.mark.e2e
ACCOUNT = "Pacific/Kiritimati"
BROWSER = "Pacific/Pago_Pago"


@pytest.fixture
def far_page(browser: Any, site: Site) -> Any:
    with site.client() as http:
        assert http.put("/settings", json={"timezone": ACCOUNT}).status_code == 200
    context = browser.new_context(timezone_id=BROWSER, viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def _entry(site: Site, title: str) -> dict[str, Any]:
    with site.client() as http:
        entries = http.get("/history").json()["entries"]
    [found] = [entry for entry in entries if entry["title"] == title]
    return dict(found)


def _day(at: int) -> str:
    return datetime.fromtimestamp(at, ZoneInfo(ACCOUNT)).date().isoformat()


@needs_route("POST", "/log")
def test_a_log_lands_on_the_account_s_today_and_a_title_edit_keeps_its_day(
    far_page: Any, site: Site
) -> None:
    page = far_page
    sign_in(page, site, "log")
    offer = page.locator("#zone-offer")
    # The spec's words, then the account's zone for comparison.
    offer.filter(has_text=f"Your browser is in {BROWSER}; use it for your account? "
                          f"It uses {ACCOUNT} now.").wait_for()
    page.get_by_role("button", name=f"Keep {ACCOUNT}").click()
    offer.wait_for(state="hidden")

    page.get_by_label("Activity", exact=True).select_option("book")
    page.get_by_label("Minutes", exact=True).fill("30")
    page.get_by_label("Title", exact=True).fill("Zone book")
    page.get_by_role("button", name="Log it").click()
    page.locator("#status").filter(has_text="Logged 30 min; today: 30 min").wait_for()

    logged = _entry(site, "Zone book")
    page.goto(site.url + "#history")
    row = page.locator(".entry", has_text="Zone book")
    row.filter(has_text=_day(logged["at"])).wait_for()

    row.get_by_role("button", name="Edit").click()
    row.get_by_label("Title").fill("Zone book, renamed")
    row.get_by_role("button", name="Save").click()
    page.locator(".entry", has_text="Zone book, renamed").wait_for()
    renamed = _entry(site, "Zone book, renamed")
    assert renamed["at"] == logged["at"]
    assert renamed["minutes"] == logged["minutes"]

    # The dismissal is remembered: opening the page again does not ask again.
    page.reload()
    page.wait_for_selector("#history-list .entry")
    assert offer.is_hidden()


def test_accepting_the_offer_moves_the_account_to_the_browser_s_zone(
    far_page: Any, site: Site
) -> None:
    page = far_page
    sign_in(page, site)
    page.get_by_role("button", name=f"Use {BROWSER}").click()
    page.locator("#zone-offer").wait_for(state="hidden")
    with site.client() as http:
        assert http.get("/settings").json()["timezone"] == BROWSER


def test_emptying_the_zone_field_gives_the_account_the_deployment_s_zone_again(
    far_page: Any, site: Site
) -> None:
    page = far_page
    sign_in(page, site, "settings")
    page.wait_for_selector("#settings-fields:not([disabled])")
    field = page.get_by_label("Time zone", exact=True)
    assert field.input_value() == ACCOUNT
    field.fill("")
    with page.expect_request(lambda r: r.method == "PUT" and r.url.endswith("/settings")) as sent:
        page.get_by_role("button", name="Save settings").click()
    # null is the merge patch's "remove"; an empty name would be refused as no zone.
    assert sent.value.post_data_json["timezone"] is None
    page.locator("#status").filter(has_text="Settings saved").wait_for()
    with site.client() as http:
        assert http.get("/settings").json()["timezone"] not in ("", ACCOUNT)


@needs_route("PUT", "/settings")
def test_a_refused_time_zone_is_said_beside_its_field_and_clears_the_earlier_success(
    page: Any, site: Site
) -> None:
    sign_in(page, site, "settings")
    page.locator("#settings-fields:not([disabled])").wait_for()
    page.get_by_role("button", name="Save settings").click()
    status = page.locator("#status")
    status.filter(has_text="Settings saved").wait_for()
    zone = page.get_by_label("Time zone", exact=True)
    zone.fill("Nowhere/Atlantis")
    page.get_by_role("button", name="Save settings").click()
    beside = page.locator("#" + (zone.get_attribute("aria-describedby") or "none").split()[-1])
    beside.filter(has_text="is not a known time zone").wait_for(timeout=5000)
    assert page.locator("#settings-form [data-error]").inner_text() == ""
    assert "Settings saved" not in status.inner_text()
    with site.client() as http:
        assert http.get("/settings").json()["timezone"] != "Nowhere/Atlantis"
