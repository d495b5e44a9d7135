"""The page's rough edges: navigation before sign-in, Delete, the Log form's amount and note,
the source of its logs, messages across sections, an import with nothing new, the icon,
group goals, and a settings form that takes input before its values arrive."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.web.conftest import Site, needs_route, sign_in

pytestmark = pytest.mark.e2e


def _entries(site: Site) -> list[dict[str, Any]]:
    with site.client() as http:
        return list(http.get("/history?limit=200").json()["entries"])


def test_the_navigation_is_hidden_until_signed_in(page: Any, site: Site) -> None:
    page.goto(site.url)
    page.get_by_role("button", name="Sign in").wait_for()
    assert page.locator("#nav").is_hidden()
    assert page.get_by_role("link", name="Overview").count() == 0
    sign_in(page, site)
    assert page.get_by_role("link", name="History").is_visible()


@needs_route("DELETE", "/history/{id}")
def test_delete_asks_first_and_does_not_look_like_edit(page: Any, site: Site) -> None:
    with site.client() as http:
        http.post("/log", json={"activity": "anime", "minutes": 12, "title": "Keep or not"})
    sign_in(page, site, "history")
    row = page.locator(".entry", has_text="Keep or not")
    edit, delete = row.get_by_role("button", name="Edit"), row.get_by_role("button", name="Delete")
    look = "(b) => getComputedStyle(b).backgroundColor + getComputedStyle(b).color"
    assert edit.evaluate(look) != delete.evaluate(look)
    delete.click()
    row.get_by_role("button", name="Keep it").click()
    assert any(e["title"] == "Keep or not" for e in _entries(site))
    assert row.get_by_role("button", name="Yes, delete").count() == 0
    delete.click()
    assert any(e["title"] == "Keep or not" for e in _entries(site))  # asked, not deleted
    row.get_by_role("button", name="Yes, delete").click()
    row.wait_for(state="detached")
    assert not any(e["title"] == "Keep or not" for e in _entries(site))


@needs_route("POST", "/log")
def test_the_log_form_takes_an_amount_with_its_unit_and_a_note_as_a_web_log(
    page: Any, site: Site
) -> None:
    sign_in(page, site, "log")
    page.get_by_label("Activity", exact=True).select_option("manga")
    page.get_by_label("Amount", exact=True).fill("40")
    page.get_by_label("Unit", exact=True).select_option("pages")
    page.get_by_label("Title", exact=True).fill("Yotsuba")
    page.get_by_label("Note", exact=True).fill("Volume 1, with furigana")
    page.get_by_role("button", name="Log it").click()
    page.locator("#status").filter(has_text="Logged").wait_for()
    [entry] = [e for e in _entries(site) if e["title"] == "Yotsuba"]
    assert (entry["amount"], entry["unit"]) == (40, "pages")
    assert entry["note"] == "Volume 1, with furigana"
    assert entry["source"] == "web"
    page.goto(site.url + "#history")
    row = page.locator(".entry", has_text="Yotsuba")
    row.filter(has_text="40 pages").filter(has_text="Volume 1, with furigana").wait_for()


@needs_route("POST", "/log")
def test_a_message_does_not_follow_into_another_section(page: Any, site: Site) -> None:
    sign_in(page, site, "log")
    page.get_by_label("Minutes", exact=True).fill("5")
    page.get_by_role("button", name="Log it").click()
    status = page.locator("#status")
    status.filter(has_text="Logged 5 min").wait_for()
    page.goto(site.url + "#settings")
    page.get_by_role("heading", name="Settings").wait_for()
    assert status.inner_text() == ""


BOTSU = (
    '{"id":"77a0b1c2d3e4f5a6b7c8d9e1","user_id":"219870045311","guild_id":"1100000000",'
    '"name":"Hyouka","primary_type":"reading","media_type":"book",'
    '"duration":1200000000000,"date":"2024-02-03T12:00:00Z","meta":{},'
    '"created_at":"2024-02-03T12:05:00Z","deleted_at":null,"imported_at":null}\n'
)


@needs_route("POST", "/import")
def test_a_preview_with_nothing_new_offers_no_import_button(page: Any, site: Site) -> None:
    sign_in(page, site, "transfer")
    upload = {"name": "botsu.jsonl", "mimeType": "application/jsonl", "buffer": BOTSU.encode()}
    page.get_by_label("File to import").set_input_files(upload)
    page.get_by_role("button", name="Preview").click()
    page.locator("#import-summary").filter(has_text="Nothing is written").wait_for()
    page.get_by_role("button", name="Import", exact=True).click()
    page.locator("#status").filter(has_text="Imported 1").wait_for()
    page.get_by_label("File to import").set_input_files(upload)
    page.get_by_role("button", name="Preview").click()
    page.locator("#import-summary").filter(has_text="nothing new").wait_for()
    assert page.get_by_role("button", name="Import", exact=True).count() == 0


def test_the_page_has_an_icon_and_favicon_ico_answers(page: Any, site: Site) -> None:
    page.goto(site.url)
    href = page.locator("link[rel=icon]").get_attribute("href")
    assert href
    for path in (href, "favicon.ico"):
        answer = page.request.get(site.url + path)
        assert answer.status == 200, path
        assert answer.headers["content-type"] == "image/svg+xml"


@needs_route("PUT", "/settings")
def test_saving_the_settings_shows_and_keeps_group_goals(page: Any, site: Site) -> None:
    with site.client() as http:
        http.put("/settings", json={"goals": {"by_group": {"reading": {"daily_minutes": 20}}}})
    sign_in(page, site, "settings")
    # The fields take input (and show values) once the saved settings are in.
    page.locator("#settings-fields:not([disabled])").wait_for()
    reading = page.get_by_label("Reading goal, minutes a day")
    assert reading.input_value() == "20"
    page.get_by_label("Daily goal (minutes)", exact=True).fill("45")
    page.get_by_label("Listening goal, minutes a week").fill("120")
    page.get_by_role("button", name="Save settings").click()
    page.locator("#status").filter(has_text="Settings saved").wait_for()
    with site.client() as http:
        goals = http.get("/settings").json()["goals"]
    assert goals["daily_minutes"] == 45
    assert goals["by_group"]["reading"] == {"daily_minutes": 20, "weekly_minutes": None}
    assert goals["by_group"]["listening"] == {"daily_minutes": None, "weekly_minutes": 120}


@needs_route("PUT", "/settings")
def test_the_settings_take_no_input_until_their_values_arrive(page: Any, site: Site) -> None:
    sign_in(page, site)
    held: list[Any] = []
    page.route("**/api/settings", lambda route: held.append(route)
               if route.request.method == "GET" else route.continue_())
    page.goto(site.url + "#settings")
    daily = page.get_by_label("Daily goal (minutes)", exact=True)
    for _ in range(200):  # each Playwright call lets the held request reach ``held``
        if held:
            break
        page.evaluate("0")
    assert held, "the page did not ask for its settings"
    # Typed now, a value would be overwritten by the answer still on its way.
    assert daily.is_disabled()
    assert page.get_by_role("button", name="Save settings").is_disabled()
    held[0].continue_()
    daily.fill("25")  # waits until the field takes input
    page.get_by_role("button", name="Save settings").click()
    page.locator("#status").filter(has_text="Settings saved").wait_for()
    page.unroute("**/api/settings")
    page.goto(site.url + "#overview")
    # Attached, not visible: alone in the module this user has no entry yet, and the
    # overview then shows how to get started in place of its figures.
    page.locator("#goals").filter(has_text="of 25 min").wait_for(state="attached")
