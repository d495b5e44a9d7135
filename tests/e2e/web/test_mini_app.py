"""The page as a Telegram Mini App: signed in by Telegram.WebApp's initData, in a native client
and framed cross-site as in Telegram Web; never by a link's fragment; never swapping a session."""

from __future__ import annotations

import json
import secrets
import time
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from tests.e2e.web.conftest import LINKED, Site
from tests.support.api_server import add_user
from tests.support.mini_app import signed_init_data

pytestmark = pytest.mark.e2e
THEME = {"bg_color": "#17212b", "text_color": "#f5f5f5", "button_color": "#5288c1",
         "link_color": "#6ab3f3", "secondary_bg_color": "#232e3c"}
OTHER = 6262
"""Bob's Telegram account."""
TELEGRAM_WEB = "https://web.telegram.org/k/"


@pytest.fixture(scope="module")
def linked(site: Site) -> Site:
    with site.client() as http:
        code = http.post("/linkcode").json()["code"]
    site.telegram.enqueue(site.telegram.text_update(LINKED, f"/link {code}"))
    site.telegram.wait_for_sent(lambda s: "Linked as" in s.text, timeout=30)
    return site


@pytest.fixture(scope="module")
def bob(linked: Site) -> Site:
    """A second account, bob, linked to the Telegram account ``OTHER``."""
    password = "pw-" + secrets.token_hex(8)
    add_user(linked.api.env, "bob", password)
    with httpx.Client(base_url=linked.api.base_url, auth=("bob", password), timeout=30) as http:
        code = http.post("/linkcode").json()["code"]
    linked.telegram.enqueue(linked.telegram.text_update(OTHER, f"/link {code}"))
    linked.telegram.wait_for_sent(lambda s: "Linked as <b>bob</b>" in s.text, timeout=30)
    return linked


def _init_data(site: Site, who: int = LINKED, age: int = 0, token: str | None = None) -> str:
    return signed_init_data(who, int(time.time()) - age, token or site.telegram.token)


def _fragment(init_data: str) -> str:
    return (
        f"#tgWebAppData={quote(init_data, safe='')}&tgWebAppVersion=8.0&tgWebAppPlatform=ios"
        f"&tgWebAppThemeParams={quote(json.dumps(THEME), safe='')}"
    )


def _client(init_data: str) -> str:
    """What a Telegram client provides the page: its bridge and a ``Telegram.WebApp``."""
    return f"""
window.sentToTelegram = [];
window.TelegramWebviewProxy = {{ postEvent: () => {{}} }};
window.Telegram = {{ WebApp: {{
  initData: {json.dumps(init_data)},
  themeParams: {json.dumps(THEME)},
  ready: () => window.sentToTelegram.push('ready'),
  expand: () => window.sentToTelegram.push('expand'),
  onEvent: (name, handler) => {{ (window.telegramEvents ||= {{}})[name] = handler; }},
  HapticFeedback: {{
    notificationOccurred: (kind) => window.sentToTelegram.push('haptic:' + kind),
  }},
  BackButton: {{
    show: () => window.sentToTelegram.push('back:show'),
    hide: () => window.sentToTelegram.push('back:hide'),
    onClick: (handler) => {{ window.pressBack = handler; }},
  }},
}} }};
"""


def _in_telegram(page: Any, site: Site, init_data: str) -> None:
    page.add_init_script(_client(init_data))
    page.goto(site.url + _fragment(init_data))


def _sign_in_by_password(page: Any, site: Site) -> None:
    page.goto(site.url)
    page.get_by_label("User name").fill(site.api.user)
    page.get_by_label("Password").fill(site.api.password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector("#overview[data-ready]")


def _who(page: Any) -> str:
    return str(page.evaluate(
        "fetch('api/session', {headers: {'X-Requested-With': 'fetch'}})"
        ".then(r => r.ok ? r.json().then(b => b.user) : String(r.status))"
    ))


def test_a_linked_account_opens_the_dashboard_in_telegram_s_theme(page: Any, linked: Site) -> None:
    _in_telegram(page, linked, _init_data(linked))
    page.wait_for_selector("#overview[data-ready]")
    assert page.get_by_role("heading", name="Total").is_visible()
    assert page.locator("#account").inner_text() == f"Signed in as {linked.api.user}"
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(23, 33, 43)"
    assert page.evaluate("window.sentToTelegram").count("ready") == 1
    assert "tgWebAppData" not in page.url  # the signed data does not linger in history


def _colour(page: Any, selector: str, what: str) -> str:
    return str(page.evaluate(
        f"getComputedStyle(document.querySelector({selector!r})).{what}"))


def test_every_colour_of_telegram_s_theme_is_taken_and_follows_a_change(
    page: Any, linked: Site
) -> None:
    _in_telegram(page, linked, _init_data(linked))
    page.wait_for_selector("#overview[data-ready]")
    assert _colour(page, "body", "color") == "rgb(245, 245, 245)"  # text_color
    assert _colour(page, ".figure", "backgroundColor") == "rgb(35, 46, 60)"  # secondary_bg
    # Links in the page's text too, not only the navigation: link_color, not the browser's blue.
    for link in ("#nav a", "#get-started a", "#overview-body a", "#connect p a"):
        assert _colour(page, link, "color") == "rgb(106, 179, 243)", link
    # The user switches Telegram to a light theme: the page follows without a reload.
    page.evaluate("""() => {
      Telegram.WebApp.themeParams = {bg_color: '#ffffff', text_color: '#000000',
                                     link_color: '#2481cc', secondary_bg_color: '#efeff3'};
      window.telegramEvents.themeChanged();
    }""")
    assert _colour(page, "body", "backgroundColor") == "rgb(255, 255, 255)"
    assert _colour(page, "#get-started a", "color") == "rgb(36, 129, 204)"
    assert _colour(page, ".figure", "backgroundColor") == "rgb(239, 239, 243)"


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
    _in_telegram(page, linked, _init_data(linked, who, age, token))
    page.locator("#status").filter(has_text=says).wait_for()
    page.get_by_role("button", name="Sign in").wait_for()


def test_telegram_s_back_button_follows_the_sections(page: Any, linked: Site) -> None:
    _in_telegram(page, linked, _init_data(linked))
    page.wait_for_selector("#overview[data-ready]")
    page.get_by_role("link", name="History").click()
    page.locator("#history:not([hidden])").wait_for()
    assert page.evaluate("window.sentToTelegram.at(-1)") == "back:show"
    page.evaluate("window.pressBack()")
    page.locator("#overview:not([hidden])").wait_for()
    assert page.evaluate("window.sentToTelegram.at(-1)") == "back:hide"


def test_a_link_carrying_someone_else_s_init_data_signs_nobody_in(page: Any, bob: Site) -> None:
    # Login CSRF: outside Telegram the fragment is just text, whoever signed it.
    _sign_in_by_password(page, bob)
    page.goto(bob.url + _fragment(_init_data(bob, OTHER)))
    page.reload()
    page.wait_for_selector("#overview[data-ready]")
    assert page.locator("#account").inner_text() == f"Signed in as {bob.api.user}"
    assert _who(page) == bob.api.user
    fresh = page.context.browser.new_context()
    try:
        stranger = fresh.new_page()
        stranger.goto(bob.url + _fragment(_init_data(bob, OTHER)))
        stranger.get_by_role("button", name="Sign in").wait_for()
        assert stranger.locator("#overview").is_hidden()
        assert "tgWebAppData" not in stranger.url
        assert _who(stranger) == "401"
    finally:
        fresh.close()


def test_inside_telegram_a_session_already_open_is_replaced_only_when_asked(
    page: Any, bob: Site
) -> None:
    _sign_in_by_password(page, bob)
    page.add_init_script(_client(_init_data(bob, OTHER)))
    page.reload()
    page.get_by_role("button", name=f"Stay {bob.api.user}").click()
    page.wait_for_selector("#overview[data-ready]")
    assert page.locator("#account").inner_text() == f"Signed in as {bob.api.user}"
    page.reload()
    page.get_by_role("button", name="Continue as bob").click()
    page.wait_for_selector("#overview[data-ready]")
    assert page.locator("#account").inner_text() == "Signed in as bob"
    assert _who(page) == bob.api.user  # the browser's own session is left as it was


def _framed_in_telegram_web(page: Any, site: Site, init_data: str) -> Any:
    """The page inside a cross-site frame of a stand-in for Telegram Web, as it runs there."""
    src = site.url + _fragment(init_data)
    parent = f'<!doctype html><title>Telegram</title><iframe src="{src}"></iframe>'
    page.route(TELEGRAM_WEB, lambda route: route.fulfill(body=parent, content_type="text/html"))
    page.add_init_script(_client(init_data).replace("window.TelegramWebviewProxy", "window.x"))
    page.goto(TELEGRAM_WEB)
    return page.frame_locator("iframe")


def test_in_telegram_web_s_cross_site_frame_the_mini_app_signs_in_and_reads(
    page: Any, linked: Site
) -> None:
    # The strict cookie never travels into a cross-site frame: the page's token must.
    frame = _framed_in_telegram_web(page, linked, _init_data(linked))
    frame.locator("#overview[data-ready]").wait_for()
    assert frame.locator("#account").inner_text() == f"Signed in as {linked.api.user}"
    frame.get_by_role("link", name="Settings").click()
    frame.get_by_role("button", name="Get a link code").click()  # a change, by the token
    frame.locator("#link-code-text").filter(has_text="Send the bot: /link").wait_for()
    assert frame.locator("#signin").is_hidden()


def test_blocked_storage_leaves_a_working_page_not_a_blank_one(page: Any, linked: Site) -> None:
    page.add_init_script("""
for (const name of ['sessionStorage', 'localStorage']) {
  Object.defineProperty(window, name, {
    get() { throw new DOMException('Access is denied for this document.', 'SecurityError'); },
  });
}
""")
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    frame = _framed_in_telegram_web(page, linked, _init_data(linked))
    frame.locator("#overview[data-ready]").wait_for()
    assert errors == []


def test_in_telegram_web_an_unlinked_account_signs_in_by_password_and_stays_in(
    page: Any, linked: Site
) -> None:
    frame = _framed_in_telegram_web(page, linked, _init_data(linked, 777))
    frame.locator("#status").filter(has_text="/link").wait_for()
    frame.get_by_label("User name").fill(linked.api.user)
    frame.get_by_label("Password").fill(linked.api.password)
    frame.get_by_role("button", name="Sign in").click()
    frame.locator("#overview[data-ready]").wait_for()
    frame.get_by_role("link", name="History").click()
    frame.locator("#history:not([hidden])").wait_for()
    assert frame.locator("#signin").is_hidden()


def test_a_log_inside_telegram_is_felt_and_back_leaves_a_title(page: Any, linked: Site) -> None:
    _in_telegram(page, linked, _init_data(linked))
    page.wait_for_selector("#overview[data-ready]")
    page.get_by_role("link", name="Log").first.click()
    page.get_by_label("Activity", exact=True).select_option("manga")
    page.get_by_label("Minutes", exact=True).fill("12")
    page.get_by_label("Title", exact=True).fill("Yotsuba")
    page.get_by_role("button", name="Log it").click()
    page.locator("#status").filter(has_text="Logged 12 min").wait_for()
    assert page.evaluate("window.sentToTelegram").count("haptic:success") == 1
    page.goto(linked.url + "#title/Yotsuba")
    page.wait_for_selector("#title[data-ready='Yotsuba']")
    assert page.evaluate("window.sentToTelegram.at(-1)") == "back:show"
    page.evaluate("window.pressBack()")
    page.locator("#title").wait_for(state="hidden")


def test_outside_telegram_a_log_asks_for_no_haptics(page: Any, linked: Site) -> None:
    # A browser tab with Telegram's object (a script, an extension) is still not a client.
    page.add_init_script(
        "window.sent = []; window.Telegram = { WebApp: { HapticFeedback: {"
        " notificationOccurred: (k) => window.sent.push(k) } } };")
    _sign_in_by_password(page, linked)
    page.goto(linked.url + "#log")
    page.get_by_label("Minutes", exact=True).fill("5")
    page.get_by_role("button", name="Log it").click()
    page.locator("#status").filter(has_text="Logged 5 min").wait_for()
    assert page.evaluate("window.sent") == []
