"""Session cookies of the web page and the Mini App's sign-in, through the real router."""

from __future__ import annotations

import base64
from datetime import timedelta

import pytest
from pydantic import SecretStr

from handlers.http.api import Api, ApiRequest, ApiResponse
from handlers.http.sessions import COOKIE, session_token
from tests.support.mini_app import BOT_TOKEN, signed_init_data
from tests.unit.handlers.router_harness import ALICE, NOW, ORIGIN, SETTINGS, call, message, router

BOB = "Basic " + base64.b64encode(b"bob:password1").decode()
PAGE = {"Host": "tracker.local:8080", "Origin": "http://tracker.local:8080"}
TELEGRAM = SETTINGS.model_copy(update={"telegram_bot_token": SecretStr(BOT_TOKEN)})


def _cookie(response: ApiResponse) -> str:
    token = session_token(response.headers["Set-Cookie"].split(";", 1)[0])
    assert token
    return f"{COOKIE}={token}"


def _with_cookie(api: Api, method: str, path: str, cookie: str, **headers: str) -> ApiResponse:
    request = ApiRequest(method, path, headers={"Cookie": cookie, **headers})
    return api.handle(request)


def _bob_signed_in(api: Api) -> str:
    api.service.accounts.add("bob", "password1")
    response = call(api, "POST", "/session", auth=BOB)
    assert response.status == 200 and response.json() == {"user": "bob"}
    return _cookie(response)


def test_signing_in_sets_a_strict_http_only_cookie_that_reads_the_data() -> None:
    with router() as api:
        response = call(api, "POST", "/prod/session")
        flags = response.headers["Set-Cookie"]
        assert "HttpOnly" in flags and "SameSite=Strict" in flags and "Path=/" in flags
        assert "Secure" not in flags  # plain http on this computer
        assert response.headers["Cache-Control"] == "no-store"
        progress = _with_cookie(api, "GET", "/api/progress", _cookie(response))
        assert progress.status == 200 and "total_hours_watched" in progress.json()


def test_the_cookie_is_secure_over_https() -> None:
    with router() as api:
        headers = {"Authorization": ALICE, "X-Forwarded-Proto": "https"}
        request = ApiRequest("POST", "/session", headers=headers)
        assert "; Secure" in api.handle(request).headers["Set-Cookie"]


def test_a_wrong_password_says_nothing_of_whether_the_user_exists() -> None:
    with router() as api:
        wrong = "Basic " + base64.b64encode(b"alice:nope").decode()
        nobody = "Basic " + base64.b64encode(b"nobody:nope").decode()
        first = message(call(api, "POST", "/session", auth=wrong), 403)
        assert first == message(call(api, "POST", "/session", auth=nobody), 403)


def test_a_change_from_the_cookie_alone_must_come_from_the_page_itself() -> None:
    with router() as api:
        cookie = _cookie(call(api, "POST", "/session"))
        elsewhere = {"Host": "tracker.local:8080", "Origin": "https://evil.example"}
        assert message(_with_cookie(api, "POST", "/linkcode", cookie, **elsewhere), 403)
        no_origin = {"Host": "tracker.local:8080"}
        assert message(_with_cookie(api, "POST", "/linkcode", cookie, **no_origin), 403)
        assert _with_cookie(api, "POST", "/linkcode", cookie, **PAGE).status == 200
        configured = {"Host": "api.example.com", "Origin": ORIGIN}
        assert _with_cookie(api, "POST", "/linkcode", cookie, **configured).status == 200


def test_signing_out_ends_the_session() -> None:
    with router() as api:
        cookie = _cookie(call(api, "POST", "/session"))
        out = _with_cookie(api, "DELETE", "/session", cookie, **PAGE)
        assert out.status == 200 and "Max-Age=0" in out.headers["Set-Cookie"]
        ended = _with_cookie(api, "GET", "/progress", cookie)
        assert "sign in again" in message(ended, 401)


def test_a_session_expires() -> None:
    moments = [NOW]
    with router(clock=lambda: moments[0]) as api:
        cookie = _cookie(call(api, "POST", "/session"))
        moments[0] = NOW + timedelta(days=6)
        assert _with_cookie(api, "GET", "/progress", cookie).status == 200
        moments[0] = NOW + timedelta(days=7, seconds=1)
        message(_with_cookie(api, "GET", "/progress", cookie), 401)


def test_a_password_change_ends_every_session_of_the_user() -> None:
    with router() as api:
        cookie = _bob_signed_in(api)
        assert _with_cookie(api, "GET", "/progress", cookie).status == 200
        api.service.accounts.set_password("bob", "password2")
        message(_with_cookie(api, "GET", "/progress", cookie), 401)


def test_removing_the_user_ends_their_sessions_even_if_the_name_comes_back() -> None:
    with router() as api:
        cookie = _bob_signed_in(api)
        api.service.accounts.remove("bob")
        message(_with_cookie(api, "GET", "/progress", cookie), 401)
        api.service.accounts.add("bob", "password1")
        message(_with_cookie(api, "GET", "/progress", cookie), 401)


@pytest.mark.parametrize("cookie", [f"{COOKIE}=forged", f"{COOKIE}=" + "x" * 500, "other=1"])
def test_an_unknown_cookie_is_no_session(cookie: str) -> None:
    with router() as api:
        assert message(_with_cookie(api, "GET", "/progress", cookie), 401)


def _telegram(api: Api, init_data: str) -> ApiResponse:
    return call(api, "POST", "/session/telegram", {"init_data": init_data}, auth=None)


def test_a_linked_telegram_account_signs_in_until_it_is_unlinked() -> None:
    with router(TELEGRAM) as api:
        api.service.links.redeem(api.service.links.create_code("alice"), 42)
        response = _telegram(api, signed_init_data(42, int(NOW.timestamp()) - 60))
        assert response.status == 200 and response.json() == {"user": "alice"}
        cookie = _cookie(response)
        assert _with_cookie(api, "GET", "/progress", cookie).status == 200
        api.service.links.unlink(42)
        message(_with_cookie(api, "GET", "/progress", cookie), 401)


def test_forged_old_and_unlinked_telegram_sign_ins_are_refused() -> None:
    now = int(NOW.timestamp())
    with router(TELEGRAM) as api:
        api.service.links.redeem(api.service.links.create_code("alice"), 42)
        forged = signed_init_data(42, now, bot_token="654321:someone-else")
        assert "not valid" in message(_telegram(api, forged), 403)
        tampered = signed_init_data(43, now).replace("43", "42", 1)
        assert "not valid" in message(_telegram(api, tampered), 403)
        old = signed_init_data(42, now - 2 * 24 * 3600)
        assert "too old" in message(_telegram(api, old), 403)
        assert "/link" in message(_telegram(api, signed_init_data(43, now)), 403)


def test_telegram_sign_in_without_a_bot_token_is_not_configured() -> None:
    with router() as api:
        message(_telegram(api, signed_init_data(42, int(NOW.timestamp()))), 422)


def test_behind_cloudfront_a_cookie_session_still_needs_the_page_s_origin() -> None:
    # API Gateway's authorizer named the user; the cookie came as "Authorization: Session".
    with router() as api:
        headers = {"Authorization": "Session abc", "Cookie": f"{COOKIE}=abc",
                   "Host": "api.example.com", "Origin": "https://evil.example"}
        forged = ApiRequest("POST", "/linkcode", headers=headers, principal="alice")
        assert message(api.handle(forged), 403)
        honest = ApiRequest("POST", "/linkcode", headers={**headers, "Origin": ORIGIN},
                            principal="alice")
        assert api.handle(honest).status == 200
