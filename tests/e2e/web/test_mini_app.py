"""The page as a Telegram Mini App: signed in by initData, refused when forged, old or unlinked."""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import quote

import pytest

from tests.e2e.web.conftest import LINKED, Site
from tests.support.mini_app import signed_init_data

pytestmark = pytest.mark.e2e
THEME = {"bg_color": "#17212b", "text_color": "#f5f5f5", "button_color": "#5288c1"}


@pytest.fixture(scope="module")
def linked(site: Site) -> Site:
    with site.client() as http:
        code = http.post("/linkcode").json()["code"]
    site.telegram.enqueue(site.telegram.text_update(LINKED, f"/link {code}"))
    site.telegram.wait_for_sent(lambda s: "Linked as" in s.text, timeout=30)
    return site


def _open(page: Any, site: Site, init_data: str) -> None:
    fragment = (
        f"tgWebAppData={quote(init_data, safe='')}&tgWebAppVersion=8.0&tgWebAppPlatform=ios"
        f"&tgWebAppThemeParams={quote(json.dumps(THEME), safe='')}"
    )
    page.goto(site.url + "#" + fragment)


def test_a_linked_account_opens_the_dashboard_in_telegram_s_theme(page: Any, linked: Site) -> None:
    _open(page, linked, signed_init_data(LINKED, int(time.time()), linked.telegram.token))
    page.wait_for_selector("#overview[data-ready]")
    assert page.get_by_role("heading", name="Total").is_visible()
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(23, 33, 43)"
    assert "tgWebAppData" not in page.url  # the signed data does not linger in history


@pytest.mark.parametrize(
    ("who", "age", "token", "says"),
    [
        (LINKED, 0, "999:forged", "not valid"),
        (LINKED, 3 * 24 * 3600, None, "too old"),
        (777, 0, None, "/link"),
    ],
    ids=["forged", "old", "unlinked"],
)
def test_a_bad_sign_in_from_telegram_is_refused_with_a_reason(
    page: Any, linked: Site, who: int, age: int, token: str | None, says: str
) -> None:
    init_data = signed_init_data(who, int(time.time()) - age, token or linked.telegram.token)
    _open(page, linked, init_data)
    page.locator("#status").filter(has_text=says).wait_for()
    # The form appears after the page has also asked whether a session is open.
    page.get_by_role("button", name="Sign in").wait_for()


BRIDGE = """
window.sentToTelegram = [];
window.TelegramWebviewProxy = {
  postEvent: (type, data) => window.sentToTelegram.push([type, JSON.parse(data)]),
};
"""


def test_telegram_s_back_button_follows_the_sections(page: Any, linked: Site) -> None:
    page.add_init_script(BRIDGE)
    _open(page, linked, signed_init_data(LINKED, int(time.time()), linked.telegram.token))
    page.wait_for_selector("#overview[data-ready]")
    page.get_by_role("link", name="History").click()
    page.locator("#history:not([hidden])").wait_for()
    sent = page.evaluate("window.sentToTelegram")
    assert ["web_app_ready", {}] in sent
    assert sent[-1] == ["web_app_setup_back_button", {"is_visible": True}]
    page.evaluate("window.Telegram.WebView.receiveEvent('back_button_pressed', null)")
    page.locator("#overview:not([hidden])").wait_for()
    assert page.evaluate("window.sentToTelegram.at(-1)") == [
        "web_app_setup_back_button", {"is_visible": False}
    ]
