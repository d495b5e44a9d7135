"""Sessions of the web page (cookie) and the Mini App (bearer token), through the real router."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from datetime import timedelta

import pytest
from pydantic import SecretStr

from handlers.aws.api_lambda import request_from_event, response_to_proxy
from handlers.http.api import Api, ApiRequest, ApiResponse
from handlers.http.auth import COOKIE, session_token
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


def _bearer(api: Api, method: str, path: str, token: str, **headers: str) -> ApiResponse:
    request = ApiRequest(method, path, headers={"Authorization": f"Bearer {token}", **headers})
    return api.handle(request)


def test_a_linked_telegram_account_signs_in_until_it_is_unlinked() -> None:
    with router(TELEGRAM) as api:
        api.service.links.redeem(api.service.links.create_code("alice"), 42)
        response = _telegram(api, signed_init_data(42, int(NOW.timestamp()) - 60))
        assert response.status == 200 and response.json()["user"] == "alice"
        token = response.json()["token"]
        assert _bearer(api, "GET", "/progress", token).status == 200
        api.service.links.unlink(42)
        message(_bearer(api, "GET", "/progress", token), 401)


def test_a_telegram_sign_in_never_sets_or_replaces_the_cookie() -> None:
    # Login CSRF: a page opened with someone else's initData must not swap Bob's session.
    with router(TELEGRAM) as api:
        bob = _bob_signed_in(api)
        api.service.links.redeem(api.service.links.create_code("alice"), 42)
        request = ApiRequest(
            "POST", "/session/telegram", headers={"Cookie": bob, **PAGE},
            body=f'{{"init_data": "{signed_init_data(42, int(NOW.timestamp()))}"}}'.encode(),
        )
        response = api.handle(request)
        assert response.status == 200 and response.json()["user"] == "alice"
        assert "Set-Cookie" not in response.headers
        assert _with_cookie(api, "GET", "/session", bob).json() == {"user": "bob"}


def test_the_mini_app_s_token_works_as_a_header_without_cookie_or_origin() -> None:
    # In Telegram Web the page is a cross-site frame: a strict cookie is never sent there.
    with router(TELEGRAM) as api:
        api.service.links.redeem(api.service.links.create_code("alice"), 42)
        token = _telegram(api, signed_init_data(42, int(NOW.timestamp()))).json()["token"]
        assert _bearer(api, "GET", "/session", token).json() == {"user": "alice"}
        assert _bearer(api, "POST", "/linkcode", token).status == 200
        message(_bearer(api, "GET", "/progress", "forged"), 401)


def test_a_password_sign_in_can_hand_the_token_to_the_page_instead_of_a_cookie() -> None:
    with router() as api:
        response = call(api, "POST", "/session/token")
        assert response.status == 200 and "Set-Cookie" not in response.headers
        assert response.json()["expires_in"] == 7 * 24 * 3600
        assert _bearer(api, "GET", "/session", response.json()["token"]).json() == {
            "user": "alice"
        }


def test_a_session_cannot_start_another_so_it_cannot_live_forever() -> None:
    with router() as api:
        cookie = _cookie(call(api, "POST", "/session"))
        by_cookie = _with_cookie(api, "POST", "/session", cookie, **PAGE)
        assert "password" in message(by_cookie, 401)
        assert "Set-Cookie" not in by_cookie.headers
        token = call(api, "POST", "/session/token").json()["token"]
        message(_bearer(api, "POST", "/session", token), 401)
        message(_bearer(api, "POST", "/session/token", token), 401)
        behind_cloudfront = ApiRequest(
            "POST", "/session", principal="alice",
            headers={"Authorization": f"Session {token}", "Cookie": cookie, "Origin": ORIGIN},
        )
        message(api.handle(behind_cloudfront), 401)


def test_a_telegram_session_ends_a_lifetime_after_telegram_signed_the_data() -> None:
    moments = [NOW]
    with router(TELEGRAM, clock=lambda: moments[0]) as api:
        api.service.links.redeem(api.service.links.create_code("alice"), 42)
        signed = int(NOW.timestamp()) - 20 * 3600  # still recent enough to sign in with
        token = _telegram(api, signed_init_data(42, signed)).json()["token"]
        moments[0] = NOW + timedelta(days=6, hours=5)  # 7 days after signing, not after now
        message(_bearer(api, "GET", "/progress", token), 401)


def test_signing_out_of_an_ended_session_still_clears_the_cookie() -> None:
    moments = [NOW]
    with router(clock=lambda: moments[0]) as api:
        cookie = _cookie(call(api, "POST", "/session"))
        moments[0] = NOW + timedelta(days=8)
        out = _with_cookie(api, "DELETE", "/session", cookie, **PAGE)
        assert out.status == 200 and "Max-Age=0" in out.headers["Set-Cookie"]
        assert _with_cookie(api, "DELETE", "/session", "", **PAGE).status == 200
        # Behind CloudFront the cookie's token may arrive only as the Authorization header.
        token = _cookie(call(api, "POST", "/session")).split("=", 1)[1]
        behind = ApiRequest("DELETE", "/session", headers={"Authorization": f"Session {token}"})
        assert "Max-Age=0" in api.handle(behind).headers["Set-Cookie"]
        message(_with_cookie(api, "GET", "/progress", f"{COOKIE}={token}"), 401)


def test_signing_out_ends_the_mini_app_s_token() -> None:
    with router() as api:
        cookie = _cookie(call(api, "POST", "/session"))
        token = call(api, "POST", "/session/token").json()["token"]
        out = _bearer(api, "DELETE", "/session", token, Cookie=cookie)
        assert out.status == 200 and "Set-Cookie" not in out.headers
        message(_bearer(api, "GET", "/session", token), 401)
        # The browser's own cookie session is another one, and lives on.
        assert _with_cookie(api, "GET", "/session", cookie).json() == {"user": "alice"}


@pytest.mark.parametrize(
    ("method", "path", "auth", "status"),
    [
        ("GET", "/session", ALICE, 200),
        ("GET", "/progress", None, 401),
        ("GET", "/progress", "Basic " + base64.b64encode(b"alice:nope").decode(), 403),
        ("GET", "/nowhere", ALICE, 404),
        ("PATCH", "/progress", ALICE, 405),
        ("OPTIONS", "/progress", None, 200),
        ("GET", "/openapi.json", None, 200),
    ],
)
def test_every_api_answer_forbids_content_sniffing(
    method: str, path: str, auth: str | None, status: int
) -> None:
    with router() as api:
        response = call(api, method, path, auth=auth)
        assert response.status == status
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_the_lambda_s_own_refusal_of_a_large_export_forbids_sniffing_too() -> None:
    def endless() -> Iterator[str]:
        while True:
            yield "x" * 1_000_000

    answer = ApiResponse(200, "", {"Access-Control-Allow-Origin": ORIGIN}, stream=endless())
    proxy = response_to_proxy(answer)
    assert proxy["statusCode"] == 413
    assert proxy["headers"]["X-Content-Type-Options"] == "nosniff"
    assert proxy["headers"]["Access-Control-Allow-Origin"] == ORIGIN


def test_on_lambda_the_client_s_x_forwarded_host_cannot_pass_the_origin_check() -> None:
    # API Gateway passes X-Forwarded-Host through from the client untouched.
    with router() as api:
        cookie = _cookie(call(api, "POST", "/session"))
        event = {
            "httpMethod": "POST", "path": "/linkcode",
            "headers": {"Host": "api.example.com", "X-Forwarded-Host": "evil.example",
                        "Origin": "http://evil.example", "Cookie": cookie},
        }
        assert message(api.handle(request_from_event(event)), 403)


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
