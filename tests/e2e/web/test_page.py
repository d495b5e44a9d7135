"""The web page in headless Chromium: sign in, overview, log, edit, delete, import, goals."""

from __future__ import annotations

import json
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from handlers.http import log_responses
from tests.e2e.web.conftest import Site, needs_route, no_horizontal_overflow, sign_in
from tests.support.api_server import add_user

pytestmark = pytest.mark.e2e
PHONE = {"width": 390, "height": 844}


@pytest.fixture(params=["desktop", "phone"])
def sized_page(request: pytest.FixtureRequest, browser: Any) -> Any:
    viewport = PHONE if request.param == "phone" else {"width": 1280, "height": 900}
    context = browser.new_context(viewport=viewport)
    yield context.new_page()
    context.close()


def _figures(page: Any) -> tuple[int, int]:
    total = page.get_by_role("heading", name="Total").locator("xpath=following-sibling::p")
    today = page.get_by_role("heading", name="Today").locator("xpath=following-sibling::p")
    return int(total.get_attribute("data-minutes")), int(today.get_attribute("data-minutes"))


def test_sign_in_shows_the_progress_figures_and_sign_out_ends_it(
    sized_page: Any, site: Site
) -> None:
    page = sized_page
    with site.client() as http:
        http.post("/sync", json={"episodes": [{"folder_name": "Show", "file_name": "01"}]})
        progress = http.get("/progress").json()
    sign_in(page, site)
    assert _figures(page) == (progress["total_minutes"], progress["today_minutes"])
    assert progress["total_minutes"] > 0
    for section in ["overview", "history", "log", "transfer", "settings"]:
        page.goto(site.url + f"#{section}")
        assert no_horizontal_overflow(page), section
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("button", name="Sign in").wait_for()
    status = page.request.get(site.api.base_url + "/api/progress")
    assert status.status == 401


def test_a_wrong_password_is_a_clear_message_without_a_hint(page: Any, site: Site) -> None:
    page.goto(site.url)
    page.get_by_label("User name").fill(site.api.user)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    alert = page.locator("#signin [role=alert]")
    alert.filter(has_text="do not match").wait_for()
    page.get_by_label("User name").fill("nobody-at-all")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_timeout(300)
    assert alert.inner_text() == "That user name and password do not match."


def test_an_ended_session_asks_to_sign_in_and_keeps_a_half_filled_form(
    page: Any, site: Site
) -> None:
    sign_in(page, site, "log")
    page.get_by_label("Minutes", exact=True).fill("42")
    page.get_by_label("Title", exact=True).fill("Half-typed title")
    page.context.clear_cookies()
    page.goto(site.url + "#settings")  # loading the settings finds the session gone
    page.get_by_role("button", name="Sign in").wait_for()
    assert "sign in again" in page.locator("#status").inner_text()
    page.get_by_label("User name").fill(site.api.user)
    page.get_by_label("Password").fill(site.api.password)
    page.get_by_role("button", name="Sign in").click()
    page.goto(site.url + "#log")
    assert page.get_by_label("Minutes", exact=True).input_value() == "42"
    assert page.get_by_label("Title", exact=True).input_value() == "Half-typed title"


@needs_route("POST", "/log")
@needs_route("GET", "/history")
def test_log_edit_and_delete_through_the_page(sized_page: Any, site: Site) -> None:
    page = sized_page
    sign_in(page, site)
    before, _ = _figures(page)
    page.goto(site.url + "#log")
    page.get_by_label("Activity", exact=True).select_option("book")
    page.get_by_label("Minutes", exact=True).fill("37")
    page.get_by_label("Title", exact=True).fill("Kiki's Delivery Service")
    page.get_by_role("button", name="Log it").click()
    page.locator("#status").filter(has_text="Logged 37 min").wait_for()
    page.goto(site.url + "#overview")
    page.locator(f"#total[data-minutes='{before + 37}']").wait_for()
    page.goto(site.url + "#history")
    entry = page.locator(".entry", has_text="Kiki's Delivery Service")
    entry.wait_for()
    page.get_by_label("Show activity").select_option("anime")
    page.locator("#history-list", has_text="Nothing logged here yet").wait_for()
    page.get_by_label("Show activity").select_option("book")
    entry.get_by_role("button", name="Edit").click()
    entry.get_by_label("Minutes", exact=True).fill("45")
    entry.get_by_role("button", name="Save").click()
    page.locator(".entry", has_text="45 min").filter(has_text="Kiki").wait_for()
    row = page.locator(".entry", has_text="Kiki")
    row.get_by_role("button", name="Delete").click()
    row.get_by_role("button", name="Yes, delete").click()
    page.locator("#status").filter(has_text="Deleted").wait_for()
    # The status is said before the list is drawn again: wait for the row itself to go.
    page.locator(".entry", has_text="Kiki").wait_for(state="detached")
    assert page.locator(".entry", has_text="Kiki").count() == 0


@needs_route("POST", "/log")
def test_a_failed_save_keeps_what_was_typed_and_says_why(page: Any, site: Site) -> None:
    sign_in(page, site, "log")
    page.get_by_label("Minutes", exact=True).fill("37")
    page.get_by_label("Title", exact=True).fill("Kept")
    page.get_by_label("Date", exact=True).fill("1999-01-01")
    page.evaluate("document.getElementById('log-minutes').removeAttribute('max')")
    page.get_by_label("Minutes", exact=True).fill("100000")
    page.get_by_role("button", name="Log it").click()
    error = page.locator("#log [role=alert]")
    error.filter(has_text="minutes").wait_for()
    assert page.get_by_label("Title", exact=True).input_value() == "Kept"


BOTSU = (  # one activity of a Botsu export: JSON Lines, durations in nanoseconds
    '{"id":"66a0b1c2d3e4f5a6b7c8d9e0","user_id":"219870045311","guild_id":"1100000000",'
    '"name":"Shirobako","primary_type":"reading","media_type":"book",'
    '"duration":1800000000000,"date":"2024-01-02T12:00:00Z","meta":{},'
    '"created_at":"2024-01-02T12:05:00Z","deleted_at":null,"imported_at":null}\n'
)


@needs_route("POST", "/import")
def test_import_shows_a_preview_before_anything_is_written(page: Any, site: Site) -> None:
    sign_in(page, site, "transfer")
    page.get_by_label("File to import").set_input_files(
        {"name": "wrong.txt", "mimeType": "text/plain", "buffer": b"not an export at all"}
    )
    page.get_by_role("button", name="Preview").click()
    page.locator("#transfer [role=alert]").filter(has_text=".").wait_for()
    page.get_by_label("File to import").set_input_files(
        {"name": "botsu.jsonl", "mimeType": "application/jsonl", "buffer": BOTSU.encode()}
    )
    page.get_by_role("button", name="Preview").click()
    page.locator("#import-summary").filter(has_text="Nothing is written").wait_for()
    page.get_by_role("button", name="Import", exact=True).click()
    page.locator("#status").filter(has_text="Imported").wait_for()


@needs_route("PUT", "/settings")
@pytest.mark.skipif(
    "goals" not in log_responses.Settings.model_fields, reason="the settings hold no goals yet"
)
def test_changing_the_daily_goal_moves_the_overview(page: Any, site: Site) -> None:
    sign_in(page, site, "settings")
    page.get_by_label("Daily goal (minutes)").fill("25")
    page.get_by_role("button", name="Save settings").click()
    page.locator("#status").filter(has_text="Settings saved").wait_for()
    page.goto(site.url + "#overview")
    page.locator("#goals").filter(has_text="25 min").wait_for()


def test_a_reader_export_imports_and_the_overview_charts_its_speed(
    page: Any, site: Site
) -> None:
    # Days a few days back from the server's today (UTC here): inside the overview's weeks.
    today = datetime.now(UTC).date()
    days = [{"title": "かがみの孤城", "dateKey": (today - timedelta(days=back)).isoformat(),
             "charactersRead": 6000 * back, "readingTime": 1200 * back,
             "lastStatisticModified": back} for back in (3, 4)]
    sign_in(page, site, "transfer")
    page.get_by_label("File to import").set_input_files(
        {"name": "statistics_1_6_1.json", "mimeType": "application/json",
         "buffer": json.dumps(days, ensure_ascii=False).encode()}
    )
    page.get_by_role("button", name="Preview").click()
    page.locator("#import-summary").filter(has_text="A ttu file: 2 entries").wait_for()
    page.get_by_role("button", name="Import", exact=True).click()
    page.locator("#status").filter(has_text="Imported 2 entries").wait_for()
    page.get_by_role("link", name="Overview").click()
    page.get_by_role("img", name="Reading speed, characters a minute by day").wait_for()


def _new_user(site: Site, name: str, logs: int) -> tuple[str, str]:
    """A user of its own with ``logs`` book logs titled "<name> 1" (oldest) onwards."""
    password = "pw-" + secrets.token_hex(8)
    add_user(site.api.env, name, password)
    with httpx.Client(base_url=site.api.base_url, auth=(name, password), timeout=30) as http:
        for number in range(1, logs + 1):
            http.post("/log", json={"activity": "book", "minutes": number,
                                    "title": f"{name} {number}"}).raise_for_status()
    return name, password


def _sign_in_as(page: Any, site: Site, user: tuple[str, str], section: str) -> None:
    page.goto(site.url + f"#{section}")
    page.get_by_label("User name").fill(user[0])
    page.get_by_label("Password").fill(user[1])
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Overview").wait_for()


@needs_route("PATCH", "/history/{id}")
def test_an_entry_shown_as_0_minutes_can_have_its_date_changed(page: Any, site: Site) -> None:
    user = _new_user(site, "brief", 0)
    with httpx.Client(base_url=site.api.base_url, auth=user, timeout=30) as http:
        entry = http.post("/log", json={"activity": "visual_novel", "amount": 50,
                                        "unit": "characters", "title": "One line"}).json()["entry"]
        assert 0 < entry["minutes"] < 0.5
        _sign_in_as(page, site, user, "history")
        row = page.locator(".entry", has_text="One line")
        row.get_by_role("button", name="Edit").click()
        row.get_by_label("Date", exact=True).fill("2024-05-05")
        row.get_by_role("button", name="Save").click()
        row.locator("form").wait_for(state="detached", timeout=5000)
        [after] = http.get("/history").json()["entries"]
    assert datetime.fromtimestamp(after["at"], UTC).date().isoformat() == "2024-05-05"
    assert after["minutes"] == entry["minutes"]


@needs_route("GET", "/history")
def test_history_starts_from_the_newest_entry_after_signing_in_as_another_user(
    page: Any, site: Site
) -> None:
    first, second = _new_user(site, "pages", 25), _new_user(site, "few", 2)
    _sign_in_as(page, site, first, "history")
    page.locator(".entry", has_text="pages 25").wait_for()
    page.get_by_role("button", name="Older").click()
    page.locator("#history-list[data-page='1']").wait_for()
    page.get_by_role("button", name="Sign out").click()
    _sign_in_as(page, site, second, "history")
    page.locator(".entry", has_text="few 2").wait_for(timeout=5000)
    assert page.locator("#history-list .entry").count() == 2
    assert page.get_by_role("button", name="Newer").is_disabled()


@needs_route("DELETE", "/history/{id}")
def test_deleting_the_only_entry_of_the_last_page_shows_the_page_before(
    page: Any, site: Site
) -> None:
    user = _new_user(site, "fortyone", 41)
    _sign_in_as(page, site, user, "history")
    page.locator(".entry", has_text="fortyone 41").wait_for()
    for shown in ("1", "2"):
        page.get_by_role("button", name="Older").click()
        page.locator(f"#history-list[data-page='{shown}']").wait_for()
    row = page.locator(".entry", has_text="fortyone 1")
    row.get_by_role("button", name="Delete").click()
    row.get_by_role("button", name="Yes, delete").click()
    page.locator("#history-list[data-page='1']").wait_for(timeout=5000)
    titles = page.locator("#history-list .entry strong").all_inner_texts()
    assert titles == [f"fortyone {number}" for number in range(21, 1, -1)]
    assert page.get_by_role("button", name="Older").is_disabled()


@needs_route("PATCH", "/history/{id}")
def test_the_edit_form_offers_no_minutes_for_a_show_episode(page: Any, site: Site) -> None:
    user = _new_user(site, "viewer", 0)
    with httpx.Client(base_url=site.api.base_url, auth=user, timeout=30) as http:
        http.post("/sync", json={"episodes": [{"folder_name": "Mushishi", "file_name": "01"}]})
        [entry] = http.get("/history").json()["entries"]
    assert entry["kind"] == "episode"
    _sign_in_as(page, site, user, "history")
    row = page.locator(".entry", has_text="Mushishi")
    row.get_by_role("button", name="Edit").click()
    minutes = row.get_by_label("Minutes", exact=True)
    assert minutes.count() == 0 or minutes.is_disabled()
    assert row.get_by_label("Date", exact=True).is_enabled()


@needs_route("POST", "/log")
def test_a_refused_log_clears_the_earlier_success(page: Any, site: Site) -> None:
    sign_in(page, site, "log")
    page.get_by_label("Minutes", exact=True).fill("48")
    page.get_by_role("button", name="Log it").click()
    status = page.locator("#status")
    status.filter(has_text="Logged 48 min").wait_for()
    page.evaluate("document.getElementById('log-minutes').removeAttribute('max')")
    page.get_by_label("Minutes", exact=True).fill("100000")
    page.get_by_role("button", name="Log it").click()
    page.locator("#log [role=alert]").filter(has_text="minutes").wait_for()
    assert "Logged" not in status.inner_text()
