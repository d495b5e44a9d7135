"""Sessions over HTTP: the cookie, the bearer token, the CSRF defence, the bodies (no I/O).

The cookie is ``HttpOnly`` and ``SameSite=Strict`` (``Secure`` over https); a request that
changes something on the strength of the cookie alone must also come from the page's own
origin (its ``Origin`` header), so another site cannot make a signed-in browser act.

Inside Telegram the page is often a cross-site frame (Telegram Web), where a strict cookie
is never sent; there it holds the session's token itself and sends it as
``Authorization: Bearer <token>``. A browser never adds that header on its own, so it needs
no CSRF defence, and a Telegram sign-in never touches the cookie: opening the page with
someone else's ``initData`` cannot swap the session of the browser it is opened in.
"""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel, ConfigDict, Field, StrictStr

from handlers.http import responses
from handlers.http.auth import COOKIE, bearer_token, header_session_token, session_token
from handlers.http.basic_auth import basic_credentials
from handlers.http.exchange import ApiRequest, ApiResponse, Handler, Responder
from handlers.service import NewSession, Sessions, Unauthorized


class SignedIn(BaseModel):
    """``GET``/``POST /session``: who is signed in now."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    user: str


class TokenSignedIn(BaseModel):
    """``POST /session/telegram`` and ``POST /session/token``: the token the page keeps."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    user: str
    token: str
    """Sent back as ``Authorization: Bearer <token>``; the page keeps it, never a cookie."""
    expires_in: int
    """Seconds the session has left (its lifetime is counted from the sign-in's proof)."""


class TelegramSignInBody(BaseModel):
    """``POST /session/telegram``: the Mini App's raw ``initData`` string."""

    model_config = ConfigDict(extra="ignore", frozen=True, defer_build=True)
    init_data: StrictStr = Field(min_length=1, max_length=8192)


def is_https(header: Callable[[str], str | None]) -> bool:
    """Whether the browser reached us over https (directly or through a proxy that says so)."""
    forwarded = (header("X-Forwarded-Proto") or "").split(",")[0].strip().lower()
    return forwarded == "https" or (header("Origin") or "").startswith("https://")


def set_cookie(session: NewSession, max_age: int, secure: bool) -> str:
    """The ``Set-Cookie`` value that hands ``session`` to the browser."""
    flags = "; Secure" if secure else ""
    return (
        f"{COOKIE}={session.token}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Strict{flags}"
    )


def clear_cookie(secure: bool) -> str:
    """The ``Set-Cookie`` value that makes the browser forget its session."""
    flags = "; Secure" if secure else ""
    return f"{COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict{flags}"


def _end_session(sessions: Sessions, request: ApiRequest) -> bool:
    """End the session the request carries; True when it was the page's own token, whose
    browser may hold another session in its cookie (which then stays)."""
    bearer = bearer_token(request.header("Authorization"))
    if bearer is not None:
        sessions.end(bearer)
        return True
    # Behind CloudFront the cookie's token may come only as "Authorization: Session".
    token = session_token(request.header("Cookie")) or header_session_token(
        request.header("Authorization")
    )
    if token is not None:
        sessions.end(token)
    return False


def session_handlers(api: Responder) -> dict[tuple[str, str], Handler]:
    """The handlers of ``/session``, ``/session/token`` and ``/session/telegram``."""
    # The area is looked up when a route is answered: building the router builds none.

    def with_cookie(request: ApiRequest, session: NewSession) -> ApiResponse:
        response = api.send(SignedIn(user=session.user))
        secure = is_https(request.header)
        max_age = max(0, session.expires_at - api.service.sessions.now())
        response.headers["Set-Cookie"] = set_cookie(session, max_age, secure)
        response.headers["Cache-Control"] = "no-store"
        return response

    def with_token(session: NewSession) -> ApiResponse:
        expires_in = max(0, session.expires_at - api.service.sessions.now())
        response = api.send(TokenSignedIn(user=session.user, token=session.token,
                                          expires_in=expires_in))
        response.headers["Cache-Control"] = "no-store"
        return response

    def who(_request: ApiRequest, user: str) -> ApiResponse:
        response = api.send(SignedIn(user=user))
        response.headers["Cache-Control"] = "no-store"
        return response

    def by_password(request: ApiRequest, user: str) -> NewSession:
        # Only a password starts a session: a session that could start another would never
        # end, whatever its own lifetime.
        if basic_credentials(request.header("Authorization")) is None:
            raise Unauthorized(
                "Signing in takes a user name and password; a session cannot start another."
            )
        return api.service.sessions.start(user)

    def sign_in(request: ApiRequest, user: str) -> ApiResponse:
        return with_cookie(request, by_password(request, user))

    def sign_in_for_token(request: ApiRequest, user: str) -> ApiResponse:
        return with_token(by_password(request, user))

    def sign_in_telegram(request: ApiRequest, _user: str) -> ApiResponse:
        # No Origin check: the signed initData is the proof, not an ambient cookie. The
        # token goes only to the page that asked, so nothing here can replace a cookie.
        body = api.parse(request, TelegramSignInBody)
        return with_token(api.service.sessions.start_telegram(body.init_data))

    def sign_out(request: ApiRequest, _user: str) -> ApiResponse:
        # Public: a session that has already ended must still be able to clear its cookie.
        response = api.send(responses.Updated())
        response.headers["Cache-Control"] = "no-store"
        if not _end_session(api.service.sessions, request):
            response.headers["Set-Cookie"] = clear_cookie(is_https(request.header))
        return response

    return {
        ("GET", "/session"): who,
        ("POST", "/session"): sign_in,
        ("POST", "/session/token"): sign_in_for_token,
        ("DELETE", "/session"): sign_out,
        ("POST", "/session/telegram"): sign_in_telegram,
    }
