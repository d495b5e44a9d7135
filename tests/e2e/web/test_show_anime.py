"""The title page of a show says whether it is anime: its synced episodes then count as anime."""

from __future__ import annotations

import secrets
from typing import Any

import httpx

from tests.e2e.web.conftest import Site
from tests.support.api_server import add_user

FOLDER = "Free! S1"


def _by_activity(http: httpx.Client) -> dict[str, int]:
    body = http.get("/progress").raise_for_status().json()
    return {row["activity"]: row["count"] for row in body["by_activity"]}


def test_a_show_is_marked_anime_and_back_to_tv_from_its_title_page(page: Any, site: Site) -> None:
    password = "pw-" + secrets.token_hex(8)
    add_user(site.api.env, "marker", password)
    with httpx.Client(base_url=site.api.base_url, auth=("marker", password), timeout=30) as http:
        episodes = [{"folder_name": FOLDER, "file_name": f"{n:02d}.mkv"} for n in (1, 2)]
        http.post("/sync", json={"episodes": episodes}).raise_for_status()
        page.goto(site.url)
        page.get_by_label("User name").fill("marker")
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_selector("#overview[data-ready]")
        page.locator("#top-titles").get_by_role("link", name=FOLDER).click()
        page.wait_for_selector(f"#title[data-ready='{FOLDER}']")
        assert page.locator("#title-kind").inner_text() == "TV"
        anime = page.get_by_label("This is anime")
        assert anime.is_visible() and not anime.is_checked()

        anime.check()
        page.get_by_role("status").filter(has_text="now count as Anime").wait_for()
        assert page.locator("#title-kind").inner_text() == "Anime"
        assert page.evaluate("window.location.hash").startswith("#title/anime/")
        assert page.get_by_label("This is anime").is_checked()
        assert _by_activity(http) == {"anime": 2}

        page.get_by_label("This is anime").uncheck()
        page.get_by_role("status").filter(has_text="now count as TV").wait_for()
        assert page.locator("#title-kind").inner_text() == "TV"
        assert _by_activity(http) == {"tv": 2}


def test_a_log_title_page_offers_no_anime_box(page: Any, site: Site) -> None:
    password = "pw-" + secrets.token_hex(8)
    add_user(site.api.env, "logger", password)
    with httpx.Client(base_url=site.api.base_url, auth=("logger", password), timeout=30) as http:
        http.post("/log", json={"activity": "tv", "minutes": 30, "title": "Dorama"}
                  ).raise_for_status()
    page.goto(site.url + "#title/tv/Dorama")
    page.get_by_label("User name").fill("logger")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector("#title[data-ready='Dorama']")
    assert page.locator("#title-shows").is_hidden()
