"""The web page's files: at / and /assets/, cached by ETag, compressed, API paths left alone."""

from __future__ import annotations

import gzip
import re
from collections.abc import Callable, Mapping

from handlers.http.capture_models import IntegrationBody
from handlers.http.static import WEB_ROOT, StaticFiles
from handlers.service.capture.area import Capture
from handlers.service.core.activities import ACTIVITIES

PAGE = StaticFiles()


def _headers(values: Mapping[str, str]) -> Callable[[str], str | None]:
    lowered = {k.lower(): v for k, v in values.items()}
    return lambda name: lowered.get(name.lower())


def test_the_page_is_served_compressed_with_an_etag_and_revalidated() -> None:
    first = PAGE.answer("GET", "/", _headers({"Accept-Encoding": "gzip, br"}))
    assert first is not None and first.status == 200
    assert first.headers["Content-Type"] == "text/html; charset=utf-8"
    assert first.headers["Content-Encoding"] == "gzip"
    assert first.headers["Cache-Control"] == "no-cache"
    assert first.headers["Vary"] == "Accept-Encoding"
    assert gzip.decompress(first.body) == (WEB_ROOT / "index.html").read_bytes()
    again = PAGE.answer("GET", "/", _headers({"If-None-Match": first.headers["ETag"]}))
    assert again is not None and again.status == 304 and again.body == b""


def test_assets_are_served_plain_to_a_client_without_gzip() -> None:
    found = PAGE.answer("GET", "/assets/app.js", _headers({}))
    assert found is not None and "Content-Encoding" not in found.headers
    assert found.headers["Content-Type"].startswith("text/javascript")
    assert found.body == (WEB_ROOT / "assets" / "app.js").read_bytes()


def test_api_paths_and_unknown_files_are_left_to_the_api() -> None:
    for method, path in [("GET", "/progress"), ("GET", "/assets/nope.js"), ("POST", "/"),
                         ("GET", "/api/progress"), ("GET", "/assets/../pyproject.toml")]:
        assert PAGE.answer(method, path, _headers({})) is None


def test_the_page_loads_nothing_from_elsewhere() -> None:
    for path in [WEB_ROOT / "index.html", *sorted((WEB_ROOT / "assets").iterdir())]:
        text = path.read_text("utf-8")
        assert not re.search(r"(src|href)=\"(https?:)?//", text), path
        assert "fonts.googleapis" not in text and "//cdn" not in text.lower(), path
    policy = PAGE.answer("GET", "/", _headers({}))
    assert policy is not None and "default-src 'self'" in policy.headers["Content-Security-Policy"]


def test_the_log_form_offers_exactly_the_api_s_activities() -> None:
    app = (WEB_ROOT / "assets" / "app.js").read_text("utf-8")
    listed = re.search(r"const ACTIVITIES = \[(.*?)\];", app, re.S)
    assert listed is not None
    assert tuple(re.findall(r"'([a-z_]+)'", listed.group(1))) == ACTIVITIES


def test_the_page_names_every_api_activity_in_the_api_s_order() -> None:
    # A title's link starts with its activity (#title/anime/Frieren) only if the page knows
    # it, and a chart colours activities in this order.
    names = (WEB_ROOT / "assets" / "names.js").read_text("utf-8")
    listed = re.search(r"const ACTIVITY_NAMES = \{(.*?)\};", names, re.S)
    assert listed is not None
    assert tuple(re.findall(r"([a-z_]+): '", listed.group(1))) == ACTIVITIES


def test_favicon_ico_is_the_page_s_icon_not_a_404() -> None:
    found = PAGE.answer("GET", "/favicon.ico", _headers({}))
    assert found is not None and found.status == 200
    assert found.headers["Content-Type"] == "image/svg+xml"
    assert found.body == (WEB_ROOT / "assets" / "icon.svg").read_bytes()
    linked = re.search(r'<link rel="icon" href="([^"]+)"', (WEB_ROOT / "index.html").read_text())
    assert linked is not None
    assert PAGE.answer("GET", "/" + linked.group(1), _headers({})) is not None


def test_connect_a_player_offers_exactly_the_api_s_sources_each_with_its_steps() -> None:
    page = (WEB_ROOT / "index.html").read_text("utf-8")
    select = re.search(r'<select id="integration-source"[^>]*>(.*?)</select>', page, re.S)
    assert select is not None
    offered = re.findall(r'<option value="([a-z]+)">', select.group(1))
    schema = IntegrationBody.model_json_schema()["properties"]["source"]
    assert offered == schema["enum"]
    # The page shows the steps the API answers; each player it offers has some, URL in them.
    for source in offered:
        _, steps, _ = Capture.setup(source, "https://tracker.example/capture/x?token=itk_t")
        assert steps and any("token=itk_t" in step for step in steps), source


def test_the_page_s_jellyfin_template_is_the_readme_s() -> None:
    # The page shows the template the API answers: the README must document the same one.
    _, _, template = Capture.setup("jellyfin", "https://tracker.example/capture/jellyfin")
    readme = (WEB_ROOT.parent / "README.md").read_text("utf-8")
    documented = re.search(r"```handlebars\n(.*?)```", readme, re.S)
    assert template is not None and documented is not None
    lines = [line.strip() for line in documented.group(1).splitlines() if line.strip()]
    assert template.splitlines() == lines
