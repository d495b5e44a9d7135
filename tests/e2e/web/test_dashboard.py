"""The dashboard's second edition in Chromium: the welcome, the calendar, goals as bars, charts
with units and tables, a page per title with reading speed, the year in review and its card."""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.e2e.web.conftest import Site, no_horizontal_overflow, sign_in
from tests.support.api_server import add_user

pytestmark = pytest.mark.e2e
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def day_name(day: date) -> str:
    """A day as the page's names.js writes it: "9 Mar"."""
    return f"{day.day} {MONTHS[day.month - 1]}"
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def logged(site: Site) -> date:
    """Alice's logs: today a book with characters and a visual novel, two days ago a long
    anime; goals of 30 minutes a day and 100 reading minutes a week. Returns today (UTC)."""
    with site.client() as http:
        http.put("/settings", json={"goals": {"daily_minutes": 30,
                                              "by_group": {"reading": {"weekly_minutes": 100}}}})
        book = http.post("/log", json={"activity": "book", "minutes": 45, "amount": 9000,
                                       "unit": "characters", "title": "Kino"}).json()["entry"]
        today = datetime.fromtimestamp(book["at"], UTC).date()
        http.post("/log", json={"activity": "visual_novel", "minutes": 10, "title": "Steins;Gate"})
        earlier = (today - timedelta(days=2)).isoformat()
        answer = http.post("/log", json={"activity": "anime", "minutes": 150, "title": "Frieren",
                                         "date": earlier})
        assert answer.status_code == 201, answer.text
    return today


def test_a_new_account_is_welcomed_with_three_ways_to_start(page: Any, site: Site) -> None:
    password = "pw-" + secrets.token_hex(8)
    add_user(site.api.env, "newcomer", password)
    page.goto(site.url)
    page.get_by_label("User name").fill("newcomer")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector("#overview[data-ready]")
    assert page.get_by_role("heading", name="Get started").is_visible()
    for name in ("Log", "Connect a player", "Import"):
        assert page.locator("#get-started").get_by_role("link", name=name, exact=True).is_visible()
    assert page.get_by_role("img", name="Calendar of daily minutes").count() == 0
    page.locator("#get-started").get_by_role("link", name="Connect a player").click()
    page.get_by_role("heading", name="Connect a player").wait_for()


def test_calendar_goals_and_charts_with_units_and_tables(
    page: Any, site: Site, logged: date
) -> None:
    today, earlier = logged.isoformat(), (logged - timedelta(days=2)).isoformat()
    sign_in(page, site)
    assert page.get_by_role("heading", name="Get started").is_hidden()
    calendar = page.get_by_role("img", name="Calendar of daily minutes")
    assert calendar.is_visible()
    assert calendar.locator(f'[aria-label="{today}: 55 min"]').count() == 1
    assert calendar.locator(f'[aria-label="{earlier}: 150 min"]').count() == 1
    daily = page.get_by_role("progressbar", name="Daily goal")
    assert daily.get_attribute("aria-valuenow") == "55"
    assert daily.get_attribute("aria-valuemax") == "30"
    reading = page.get_by_role("progressbar", name="Weekly reading goal")
    assert reading.get_attribute("aria-valuemax") == "100"
    assert reading.get_attribute("aria-valuenow") == "55"  # the book and the visual novel
    assert page.locator(f'#streak-calendar [aria-label="{today}: kept"]').count() == 1
    # Under three months of data: weeks; past two hours on an axis: hours.
    assert page.get_by_role("heading", name="Time by week").is_visible()
    assert page.locator("#chart-days .unit").text_content() == "h"
    top = page.locator("#top-titles")
    assert "Visual novel" in top.inner_text() and "visual_novel" not in top.inner_text()
    # A chart with nothing to draw (reading speed, with no measured reading) stays hidden.
    for chart in page.locator("#overview .chart:visible").all():
        assert chart.locator("svg[role=img]").count() == 1
        assert chart.locator("table caption").count() == 1, chart.get_attribute("id")
    # On a desktop the charts take the page's width, not a small box.
    width = page.evaluate("document.querySelector('#chart-days').clientWidth")
    drawn = page.evaluate("document.querySelector('#chart-days svg').getBoundingClientRect().width")
    assert drawn >= width - 1 and drawn > 400


def test_the_calendar_opens_a_day_by_click_and_by_keyboard(
    page: Any, site: Site, logged: date
) -> None:
    today, yesterday = logged.isoformat(), (logged - timedelta(days=1)).isoformat()
    sign_in(page, site)
    page.locator(f'#chart-calendar [aria-label="{today}: 55 min"]').click()
    page.locator("#history-day").filter(has_text=f"Showing {today} only.").wait_for()
    page.locator("#history-list .entry", has_text="Kino").wait_for()
    assert page.locator("#history-list .entry", has_text="Frieren").count() == 0
    page.goto(site.url + "#overview")
    page.wait_for_selector("#overview:not([hidden])")
    cell = page.locator(f'#chart-calendar [aria-label="{today}: 55 min"]')
    assert cell.get_attribute("tabindex") == "0"  # the year is one tab stop
    cell.focus()
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.dataset.day") == yesterday
    page.keyboard.press("Enter")
    page.wait_for_url(f"**#history/{yesterday}")


def test_each_chart_is_one_tab_stop_walked_with_the_arrows(
    page: Any, site: Site, logged: date
) -> None:
    # A chart of a year of days would otherwise be hundreds of tab stops between two links.
    sign_in(page, site)
    for chart in page.locator("#overview .chart:visible").all():
        assert chart.locator("[tabindex='0']").count() == 1, chart.get_attribute("id")
    week = page.locator("#chart-days [tabindex='0']")
    assert week.get_attribute("aria-label") == f"{day_name(logged)}: 55 min"  # today, last
    week.focus()
    assert page.locator("#tooltip").inner_text() == f"{day_name(logged)}: 55 min"
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert focused == f"{day_name(logged - timedelta(days=2))}: 2 h 30 min"
    assert page.locator("#chart-days [tabindex='0']").count() == 1  # the stop moved along
    page.keyboard.press("Home")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')").endswith(": 0 min")
    page.keyboard.press("Tab")  # out of the chart at once, to the next chart
    assert page.evaluate("document.activeElement.closest('.chart').id") == "chart-over-time"


def test_a_title_page_from_top_titles_and_history_with_reading_speed(
    page: Any, site: Site, logged: date
) -> None:
    sign_in(page, site)
    page.locator("#top-titles").get_by_role("link", name="Kino").click()
    page.get_by_role("heading", name="Kino", exact=True).wait_for()
    page.wait_for_selector("#title[data-ready='Kino']")
    assert page.locator("#title-sessions").inner_text() == "1"
    assert page.locator("#title-speed").inner_text() == "200 characters / min"
    speed = page.get_by_role("img", name="Reading speed on Kino, characters a minute by month")
    assert speed.is_visible()
    page.goto(site.url + "#history")
    page.locator("#history-list").get_by_role("link", name="Frieren").click()
    page.wait_for_selector("#title[data-ready='Frieren']")
    assert page.locator("#title-total").inner_text() == "2 h 30 min"
    assert page.locator("#title-speed-part").is_hidden()  # no characters, no speed chart


def test_a_name_in_two_activities_is_two_title_pages(page: Any, site: Site) -> None:
    # Top titles ranks the anime Frieren and the manga Frieren apart; each row (and each
    # history entry) opens its own title's page, not one page adding both.
    password = "pw-" + secrets.token_hex(8)
    add_user(site.api.env, "twofold", password)
    with httpx.Client(base_url=site.api.base_url, auth=("twofold", password), timeout=30) as http:
        for body in ({"activity": "anime", "minutes": 150, "title": "Frieren"},
                     {"activity": "manga", "minutes": 40, "title": "Frieren"},
                     {"activity": "visual_novel", "minutes": 20, "title": "Fate/stay night"}):
            http.post("/log", json=body).raise_for_status()
    page.goto(site.url)
    page.get_by_label("User name").fill("twofold")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector("#overview[data-ready]")
    top = page.locator("#top-titles").get_by_role("link", name="Frieren")
    assert top.count() == 2
    page.locator("#top-titles li", has_text="Manga").get_by_role("link").click()
    page.wait_for_selector("#title[data-ready='Frieren']")
    assert page.locator("#title-total").inner_text() == "40 min"
    assert page.locator("#title-kind").inner_text() == "Manga"
    page.goto(site.url + "#history")
    page.locator("#history-list .entry", has_text="Anime").get_by_role("link").click()
    page.locator("#title-total").filter(has_text="2 h 30 min").wait_for()
    assert page.locator("#title-kind").inner_text() == "Anime"
    page.goto(site.url + "#history")
    page.locator("#history-list").get_by_role("link", name="Fate/stay night").click()
    page.locator("#title-total").filter(has_text="20 min").wait_for()
    assert page.get_by_role("heading", name="Fate/stay night").is_visible()
    page.goto(site.url + "#title/Frieren")  # an older link by name only: every activity's
    page.locator("#title-total").filter(has_text="3 h 10 min").wait_for()


def test_the_year_in_review_and_its_card(page: Any, site: Site, logged: date) -> None:
    year = logged.year
    with site.client() as http:
        review = http.get("/review", params={"year": str(year)}).json()
    sign_in(page, site)
    page.get_by_role("link", name=f"Your {year} in review").click()
    page.get_by_role("heading", name=f"{year} in review").wait_for()
    page.wait_for_selector(f"#review[data-ready='{year}']")
    assert page.locator("#review-days").inner_text() == str(review["days_active"])
    assert page.get_by_role("img", name=f"Time by month in {year}").is_visible()
    page.get_by_role("button", name="Get the card").click()
    card = page.get_by_role("img", name=f"Your {year} in immersion, as a card")
    card.wait_for()
    page.locator("#review-card-status").filter(has_text="The card is ready").wait_for()
    # Decoded under the page's Content-Security-Policy (a blob: image must be allowed).
    assert page.evaluate("document.getElementById('review-card-image').decode().then(() => true)")
    size = page.evaluate(
        "[document.getElementById('review-card-image').naturalWidth,"
        " document.getElementById('review-card-image').naturalHeight]")
    assert size == [1200, 630]
    page.get_by_role("link", name="Previous year").click()
    page.get_by_role("heading", name=f"{year - 1} in review").wait_for()


def test_no_horizontal_scrolling_at_390_px(browser: Any, site: Site, logged: date) -> None:
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        sign_in(page, site)
        for view, ready in (("overview", "#overview[data-ready]"),
                            ("title/book/Kino", "#title[data-ready]"),
                            (f"review/{logged.year}", "#review[data-ready]"),
                            ("history", "#history-list .entry"),
                            ("log", "#log-form"),
                            ("transfer", "#import-form"),
                            ("settings", "#settings-fields:enabled"),
                            ("connect", "#integration-form")):
            page.goto(site.url + f"#{view}")
            page.wait_for_selector(ready)
            assert no_horizontal_overflow(page), view
        # A figure's unit wraps whole, beneath it: never "characters /" above a lone "min".
        page.goto(site.url + "#title/book/Kino")
        page.wait_for_selector("#title[data-ready]")
        unit = "document.querySelector('#title-speed small')"
        assert page.evaluate(f"{unit}.getClientRects().length") == 1
        # The busiest day as its figure, its time whole beside or beneath it.
        page.goto(site.url + f"#review/{logged.year}")
        page.wait_for_selector("#review[data-ready]")
        time = "document.querySelector('#review-busiest small')"
        assert page.evaluate(f"{time}.getClientRects().length") == 1
    finally:
        context.close()


def test_the_first_visit_is_at_most_150_kb_compressed(
    browser: Any, site: Site, logged: date
) -> None:
    # Everything a first visit fetches, from the sign-in to the overview drawn: the page,
    # its assets and the API's reads (gzip, all), as the browser counted the bytes received.
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        sign_in(page, site)
        page.wait_for_load_state("networkidle")
        sizes = page.evaluate("""() => [
          ...performance.getEntriesByType('navigation'),
          ...performance.getEntriesByType('resource'),
        ].map(e => [e.name, e.transferSize, e.encodedBodySize, e.decodedBodySize])""")
    finally:
        context.close()
    assets = [size for size in sizes if "/assets/" in size[0]]
    assert len(assets) >= 10 and all(size[1] > 0 for size in sizes)  # fetched, not cached
    assert any("/api/stats" in size[0] for size in sizes)  # a year of days, tens of KB
    assert all(size[2] < size[3] for size in sizes if size[3] > 1024), sizes  # compressed
    assert sum(size[1] for size in sizes) <= 150 * 1024, sizes


def test_the_api_answers_the_page_s_new_reads(site: Site, logged: date) -> None:
    with site.client() as http:
        card = http.get("/review.png", params={"year": str(logged.year)})
        assert card.headers["content-type"] == "image/png"
        title = http.get("/title", params={"name": "Kino"}).json()
    assert card.content.startswith(b"\x89PNG")
    assert (title["characters"], title["characters_per_minute"]) == (9000, 200.0)


def test_a_message_is_said_in_its_own_section(page: Any, site: Site, logged: date) -> None:
    sign_in(page, site, "log")
    page.get_by_label("Minutes", exact=True).fill("5")
    page.get_by_role("button", name="Log it").click()
    said = page.locator("#log #status")
    said.filter(has_text="Logged 5 min").wait_for()
    # Under the section's heading, not above the page's sections.
    above = page.evaluate("document.getElementById('status').previousElementSibling.id")
    assert above == "log-title"
    page.get_by_role("link", name="History").click()
    page.wait_for_selector("#history-list .entry")
    assert page.locator("#history #status").inner_text() == ""


def test_logs_timed_with_their_characters_draw_the_overview_s_reading_speed(
    page: Any, site: Site, logged: date
) -> None:
    # Kino was logged as 45 minutes and 9,000 characters: a reading speed the learner timed.
    sign_in(page, site)
    speed = page.get_by_role("img", name="Reading speed, characters a minute by day")
    assert speed.is_visible()
    table = page.locator("#chart-speed table")
    assert table.locator("tbody tr").count() == 1 and "200" in table.inner_text()
    page.get_by_role("link", name="Log").first.click()
    page.get_by_label("Activity", exact=True).select_option("visual_novel")
    page.get_by_label("Minutes", exact=True).fill("20")
    page.get_by_label("Amount", exact=True).fill("3000")
    page.get_by_label("Unit", exact=True).select_option("characters")
    page.get_by_label("Title", exact=True).fill("Summer Pockets")
    page.get_by_role("button", name="Log it").click()
    page.locator("#status").filter(has_text="Logged 20 min").wait_for()
    page.get_by_role("link", name="Overview").click()
    page.locator("#chart-speed .legend").filter(has_text="Visual novel").wait_for()
    assert "150" in page.locator("#chart-speed table").inner_text()  # 3,000 in 20 minutes
    # Characters without minutes take their time from the speed setting: not charted.
    with site.client() as http:
        http.post("/log", json={"activity": "manga", "amount": 4000, "unit": "characters",
                                "title": "Yotsuba"}).raise_for_status()
        rows = http.get("/stats", params={"from": logged.isoformat()}).json()["reading_speed"]
    assert sorted(row["activity"] for row in rows) == ["book", "visual_novel"]
    # Eight months of reading: one dot a month, not a smear of daily dots.
    earlier = logged - timedelta(days=240)
    with site.client() as http:
        http.post("/log", json={"activity": "book", "minutes": 60, "amount": 6000,
                                "unit": "characters", "title": "Kino",
                                "date": earlier.isoformat()}).raise_for_status()
    page.goto(site.url + "#log")
    page.get_by_role("link", name="Overview").click()
    monthly = page.get_by_role("img", name="Reading speed, characters a minute by month")
    monthly.wait_for()
    first = f"{MONTHS[earlier.month - 1]} {earlier.year}"
    assert page.locator("#chart-speed tbody tr").first.inner_text().startswith(first)


def test_months_of_two_years_are_told_apart_and_dots_clear_the_axis(
    page: Any, site: Site, logged: date
) -> None:
    earlier = logged - timedelta(days=400)
    with site.client() as http:
        http.post("/log", json={"activity": "book", "minutes": 30, "amount": 4500,
                                "unit": "characters", "title": "Kino",
                                "date": earlier.isoformat()}).raise_for_status()
    sign_in(page, site)
    page.goto(site.url + "#title/book/Kino")
    page.wait_for_selector("#title[data-ready='Kino']")
    chart = page.locator("#chart-title-speed")
    ticks = chart.locator("text.axis:not(.unit)").all_text_contents()
    assert f"{MONTHS[earlier.month - 1]} ’{earlier.year % 100:02d}" in ticks, ticks
    # The first dot sits clear of the figures on the axis beside it.
    figure = chart.locator("text.axis[text-anchor='end']").first.bounding_box()
    dot = chart.locator("circle").first.bounding_box()
    assert figure is not None and dot is not None
    assert figure["x"] + figure["width"] + 4 < dot["x"]  # a gap, not a touch


def test_an_activity_keeps_its_colour_whatever_was_read_first(page: Any, site: Site) -> None:
    # A visual novel read before a book must not take the book's colour on one chart and
    # leave it on the next: series go in the activities' order, not by who came first.
    password = "pw-" + secrets.token_hex(8)
    add_user(site.api.env, "reader", password)
    read = {"minutes": 30, "amount": 4500, "unit": "characters", "title": "Read"}
    with httpx.Client(base_url=site.api.base_url, auth=("reader", password), timeout=30) as http:
        book = http.post("/log", json={**read, "activity": "book"}).json()["entry"]
        earlier = datetime.fromtimestamp(book["at"], UTC).date() - timedelta(days=2)
        http.post("/log", json={**read, "activity": "visual_novel",
                                "date": earlier.isoformat()}).raise_for_status()
    page.goto(site.url)
    page.get_by_label("User name").fill("reader")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector("#overview[data-ready]")
    legend = page.locator("#chart-speed .legend li")
    assert legend.all_inner_texts() == ["Book", "Visual novel"]
    assert legend.first.locator(".swatch.s0").count() == 1


def test_a_title_page_of_a_200_character_title_does_not_scroll_sideways_at_390_px(
    browser: Any, site: Site
) -> None:
    name = "Longtitle" * 22 + "Ab"  # 200 characters, no space to break at
    with site.client() as http:
        http.post("/log", json={"activity": "book", "minutes": 5, "title": name}).raise_for_status()
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        sign_in(page, site)
        page.goto(site.url + f"#title/book/{name}")
        page.wait_for_selector("#title[data-ready]")
        assert no_horizontal_overflow(page)
    finally:
        context.close()
