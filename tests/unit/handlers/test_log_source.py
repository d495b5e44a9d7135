"""Where a log came from: the web page's session records ``web``, Basic credentials ``api``."""

from __future__ import annotations

import json

from handlers.http.api import Api, ApiRequest
from handlers.http.auth import COOKIE, session_token
from tests.unit.handlers.router_harness import ALICE, call, router

PAGE = {"Host": "tracker.local:8080", "Origin": "http://tracker.local:8080"}


def _sources(api: Api) -> dict[str, str | None]:
    entries = call(api, "GET", "/history").json()["entries"]
    return {entry["title"]: entry["source"] for entry in entries}


def _log(title: str) -> bytes:
    return json.dumps({"activity": "anime", "minutes": 20, "title": title}).encode()


def test_a_log_through_the_page_s_session_is_web_and_basic_stays_api() -> None:
    with router() as api:
        signed_in = call(api, "POST", "/session", auth=ALICE)
        token = session_token(signed_in.headers["Set-Cookie"].split(";", 1)[0])
        request = ApiRequest("POST", "/log", headers={"Cookie": f"{COOKIE}={token}", **PAGE},
                             body=_log("From the page"))
        assert api.handle(request).status == 201
        # Behind CloudFront the cookie arrives as "Authorization: Session <token>" too.
        proxied = ApiRequest("POST", "/log", headers={
            "Cookie": f"{COOKIE}={token}", "Authorization": f"Session {token}", **PAGE,
        }, body=_log("Through CloudFront"))
        assert api.handle(proxied).status == 201
        # Inside Telegram the page holds a token and sends it as Bearer, with no cookie.
        held = call(api, "POST", "/session/token", auth=ALICE).json()["token"]
        mini_app = ApiRequest("POST", "/log", headers={"Authorization": f"Bearer {held}"},
                              body=_log("From the Mini App"))
        assert api.handle(mini_app).status == 201
        call(api, "POST", "/log", {"activity": "anime", "minutes": 20, "title": "A script"})
        assert _sources(api) == {"From the page": "web", "Through CloudFront": "web",
                                 "From the Mini App": "web", "A script": "api"}
