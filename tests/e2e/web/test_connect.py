"""Capture on the web page in Chromium: target languages in Settings, connecting a player
(its token shown once), revoking it, and counting a session that was ignored."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.web.conftest import Site, sign_in

pytestmark = pytest.mark.e2e


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
    page.locator("#status").filter(has_text="Settings saved").wait_for()
    assert field.input_value() == "ja, ko"
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
