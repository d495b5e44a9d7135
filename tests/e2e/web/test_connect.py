"""Capture on the web page in Chromium: target languages in Settings, connecting a player
(its token shown once), revoking it, and counting a session that was ignored."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

from tests.e2e.web.conftest import Site, no_horizontal_overflow, sign_in

pytestmark = pytest.mark.e2e
PHONE = {"width": 390, "height": 844}


def _saved_body(page: Any) -> dict[str, Any]:
    """Click Save settings and return the merge patch the page sent."""
    with page.expect_request(lambda r: r.method == "PUT" and r.url.endswith("/settings")) as sent:
        page.get_by_role("button", name="Save settings").click()
    body: dict[str, Any] = sent.value.post_data_json
    return body


def test_languages_are_shown_saved_as_a_patch_and_refused_beside_the_field(
    page: Any, site: Site
) -> None:
    with site.client() as http:
        assert http.put("/settings", json={"languages": ["ko"]}).status_code == 200
    sign_in(page, site, "settings")
    field = page.get_by_label("Languages you are learning", exact=True)
    page.wait_for_selector("#settings-fields:not([disabled])")
    assert field.input_value() == "ko"

    # Something else changed: the languages are not sent again.
    page.get_by_label("Daily goal (minutes)").fill("20")
    assert "languages" not in _saved_body(page)
    page.locator("#status").filter(has_text="Settings saved").wait_for()

    # Any form the players send is accepted; the field shows the codes the API keeps.
    field.fill("Japanese, ko")
    assert _saved_body(page)["languages"] == ["Japanese", "ko"]
    # The status still says the first save: wait for the answer's codes in the field.
    page.wait_for_function(
        "() => document.getElementById('settings-form').languages.value === 'ja, ko'")
    with site.client() as http:
        assert http.get("/settings").json()["languages"] == ["ja", "ko"]

    # An unknown code: the API's sentence beside the field, nothing saved.
    field.fill("ja, klingonese")
    _saved_body(page)
    beside = page.locator("#settings-languages-error")
    beside.filter(has_text="klingonese").wait_for()
    assert beside.inner_text().startswith("languages: 'klingonese' is not a language we know")
    assert "settings-languages-error" in (field.get_attribute("aria-describedby") or "")
    assert page.locator("#settings-form > fieldset > p[data-error]").inner_text() == ""
    with site.client() as http:
        assert http.get("/settings").json()["languages"] == ["ja", "ko"]


def test_a_player_is_connected_its_url_shown_once_and_revoked_after_a_confirm(
    page: Any, site: Site
) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    sign_in(page, site, "connect")
    section = page.locator("#connect")
    section.get_by_text("No player is connected yet.").wait_for()
    section.get_by_label("Name", exact=True).fill("home jellyfin")
    section.get_by_label("Player").select_option(label="Jellyfin")
    assert section.get_by_label("Player").locator("option").all_inner_texts() == [
        "Jellyfin", "Plex", "Emby", "mpv / generic"]
    section.get_by_role("button", name="Connect").click()

    url_field = section.get_by_label("Capture URL", exact=True)
    url_field.wait_for()
    url = url_field.input_value()
    token = section.get_by_label("Token", exact=True).input_value()
    assert token.startswith("itk_") and url.endswith(f"/capture/jellyfin?token={token}")
    assert "Add Generic Destination" in section.locator("#integration-steps").inner_text()
    template = section.locator("#integration-template").inner_text()
    assert '"NotificationType":"{{NotificationType}}"' in template
    section.get_by_role("button", name="Copy URL").click()
    section.get_by_text("URL copied.").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == url

    row = section.locator("#integrations-list li")
    row.filter(has_text="home jellyfin").wait_for()
    assert "Jellyfin" in row.inner_text() and "last used never" in row.inner_text()
    with site.client() as http:
        [listed] = http.get("/integrations").json()
    assert listed["name"] == "home jellyfin" and "token" not in listed

    # Shown once: away and back, the token is gone from the page.
    page.goto(site.url + "#overview")
    page.goto(site.url + "#connect")
    row.filter(has_text="home jellyfin").wait_for()
    assert url_field.is_hidden() and token not in page.content()

    # The URL reaches the capture route with a live token (an empty body is a 400, not a 401).
    with httpx.Client(timeout=30) as player:
        assert player.post(url, json={}).status_code == 400

    # Revoke asks first; keeping it changes nothing.
    section.get_by_role("button", name="Revoke home jellyfin").click()
    confirm = section.get_by_role("group", name="Confirm revoke")
    confirm.get_by_role("button", name="Keep it").click()
    assert confirm.count() == 0
    section.get_by_role("button", name="Revoke home jellyfin").click()
    confirm.get_by_role("button", name="Yes, revoke").click()
    section.get_by_text("No player is connected yet.").wait_for()
    with site.client() as http:
        assert http.get("/integrations").json() == []
    with httpx.Client(timeout=30) as player:
        assert player.post(url, json={}).status_code == 401


def test_the_new_url_and_template_fit_a_phone(browser: Any, site: Site) -> None:
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        sign_in(page, site, "connect")
        page.locator("#connect").get_by_label("Name", exact=True).fill("pocket")
        page.get_by_role("button", name="Connect").click()
        page.get_by_label("Capture URL", exact=True).wait_for()
        assert page.locator("#integration-template").is_visible()
        assert no_horizontal_overflow(page)
    finally:
        context.close()


def test_an_ignored_session_is_listed_with_its_reason_and_counted_on_request(
    page: Any, site: Site
) -> None:
    now = time.time()
    with site.client() as http:
        assert http.put("/settings", json={"languages": ["ja"]}).status_code == 200
        made = http.post("/integrations", json={"name": "laptop mpv", "source": "generic"})
        url = made.json()["capture_url"]
    with httpx.Client(timeout=30) as player:
        for event, ago, position in (("start", 700, 0), ("progress", 400, 300)):
            body = {"session_id": "mpv-en", "event": event, "position_seconds": position,
                    "duration_seconds": 1440, "at": now - ago, "kind": "episode",
                    "series": "Bluey", "season": 1, "episode": 2, "audio_language": "en",
                    "player": "mpv"}
            sent = player.post(url, json=body)
            assert sent.json()["state"] == "ignored", sent.text
    sign_in(page, site, "connect")
    section = page.locator("#connect")
    row = section.locator("#captures-list li").filter(has_text="Bluey")
    row.wait_for()
    assert "Audio en" in row.inner_text()
    row.get_by_role("button", name="Count it").click()
    section.get_by_text("None.").wait_for()
    with site.client() as http:
        assert http.get("/captures", params={"state": "ignored"}).json()["captures"] == []
        titles = [e["title"] for e in http.get("/history").json()["entries"]]
    assert "Bluey" in titles
