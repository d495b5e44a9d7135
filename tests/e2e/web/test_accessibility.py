"""An axe-core scan of every section and view: no serious or critical violations, light and dark."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.web.conftest import Site, sign_in
from tests.support.api_server import add_user

pytestmark = pytest.mark.e2e
AXE = Path(__file__).with_name("node_modules") / "axe-core" / "axe.min.js"


def _violations(page: Any) -> list[str]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE.read_text("utf-8"))
    found = page.evaluate("axe.run(document).then(r => r.violations)")
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]}"
        for v in found
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_or_critical_violations(browser: Any, site: Site, scheme: str) -> None:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run 'npm ci --prefix tests/e2e/web' (scripts/test does)")
    with site.client() as http:  # something to draw: the calendar, charts, reading speed
        for body in ({"activity": "book", "minutes": 40, "amount": 8000, "unit": "characters",
                      "title": "Kino"}, {"activity": "anime", "minutes": 150, "title": "Frieren"}):
            http.post("/log", json=body).raise_for_status()
        year = http.get("/review").json()["year"]
        http.put("/settings", json={"languages": ["ja"]}).raise_for_status()
        made = http.post("/integrations", json={"name": "mpv", "source": "generic"}).json()
    start = {"session_id": "a11y", "event": "start", "position_seconds": 0, "kind": "video",
             "title": "Bluey", "audio_language": "en"}  # ignored: not Japanese
    with httpx.Client(timeout=30) as player:
        player.post(made["capture_url"], json=start).raise_for_status()
    context = browser.new_context(color_scheme=scheme, bypass_csp=True)
    page = context.new_page()
    try:
        page.goto(site.url)
        page.get_by_role("button", name="Sign in").wait_for()
        problems = {"signin": _violations(page)}
        sign_in(page, site)
        for section in ["overview", "history", "log", "transfer", "settings", "title/book/Kino",
                        f"review/{year}", "connect"]:
            page.goto(site.url + f"#{section}")
            view = section.partition("/")[0]
            # The title and review views are checked drawn, charts and all.
            page.wait_for_selector(f"#{view}:not([hidden])" if view not in ("title", "review")
                                   else f"#{view}[data-ready]")
            page.wait_for_timeout(200)
            problems[section] = _violations(page)
        # Connect a player with what it shows: players, a new URL with its steps and
        # template, the confirm of a revoke, and an ignored session to count.
        page.goto(site.url + "#connect")
        connect = page.locator("#connect")
        connect.get_by_label("Name", exact=True).fill(f"jellyfin {scheme}")
        connect.get_by_role("button", name="Connect").click()
        connect.locator("#integration-template").wait_for()
        connect.get_by_role("button", name=f"Revoke jellyfin {scheme}").click()
        connect.get_by_role("group", name="Confirm revoke").wait_for()
        problems["connect, a player added"] = _violations(page)
        assert {k: v for k, v in problems.items() if v} == {}
    finally:
        context.close()


def test_the_get_started_state_has_no_serious_or_critical_violations(
    browser: Any, site: Site
) -> None:
    password = "pw-" + secrets.token_hex(8)
    add_user(site.api.env, "newcomer", password)
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    try:
        page.goto(site.url)
        page.get_by_label("User name").fill("newcomer")
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.get_by_role("heading", name="Get started").wait_for()
        assert _violations(page) == []
    finally:
        context.close()
