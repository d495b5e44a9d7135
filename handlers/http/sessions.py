"""Session cookies over HTTP: the cookie, its CSRF defence, the session bodies (no I/O).

The cookie is ``HttpOnly`` and ``SameSite=Strict`` (``Secure`` over https); a request that
changes something on the strength of the cookie alone must also come from the page's own
origin (its ``Origin`` header), so another site cannot make a signed-in browser act.
"""

from __future__ import annotations

from collections.abc import Callable
from http.cookies import CookieError, SimpleCookie
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field, StrictStr

from handlers.http import responses
from handlers.service.errors import Forbidden
from handlers.service.sessions import NewSession

if TYPE_CHECKING:
    from handlers.http.api import Api, ApiRequest, ApiResponse

Handler = Callable[["ApiRequest", str], "ApiResponse"]

COOKIE = "it_session"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class SignedIn(BaseModel):
    """``POST /session`` and ``POST /session/telegram``: who is signed in now."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    user: str


class TelegramSignInBody(BaseModel):
    """``POST /session/telegram``: the Mini App's raw ``initData`` string."""

    model_config = ConfigDict(extra="ignore", frozen=True, defer_build=True)
    init_data: StrictStr = Field(min_length=1, max_length=8192)


def session_token(cookie_header: str | None) -> str | None:
    """The session token of a ``Cookie`` header, if it carries one."""
    if not cookie_header:
        return None
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(cookie_header)
    except CookieError:
        return None
    morsel = jar.get(COOKIE)
    return morsel.value if morsel is not None and morsel.value else None


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


def check_origin(method: str, header: Callable[[str], str | None], web_origin: str) -> None:
    """Refuse a state-changing request from another origin when only the cookie vouches for it."""
    if method.upper() in SAFE_METHODS:
        return
    origin = (header("Origin") or "").rstrip("/")
    host = header("X-Forwarded-Host") or header("Host") or ""
    allowed = {f"http://{host}", f"https://{host}"}
    if web_origin != "*":
        allowed.add(web_origin.rstrip("/"))
    if not origin or origin not in allowed:
        raise Forbidden("This change must come from the tracker's own page; reload it and retry.")


def session_handlers(api: Api) -> dict[tuple[str, str], Handler]:
    """The handlers of ``POST``/``DELETE /session`` and ``POST /session/telegram``."""
    sessions = api.service.sessions

    def signed_in(request: ApiRequest, session: NewSession) -> ApiResponse:
        response = api.send(SignedIn(user=session.user))
        secure = is_https(request.header)
        response.headers["Set-Cookie"] = set_cookie(session, sessions.lifetime, secure)
        response.headers["Cache-Control"] = "no-store"
        return response

    def sign_in(request: ApiRequest, user: str) -> ApiResponse:
        return signed_in(request, sessions.start(user))

    def sign_in_telegram(request: ApiRequest, _user: str) -> ApiResponse:
        # No Origin check: the signed initData is the proof, not an ambient cookie.
        body = api.parse(request, TelegramSignInBody)
        return signed_in(request, sessions.start_telegram(body.init_data))

    def sign_out(request: ApiRequest, _user: str) -> ApiResponse:
        token = session_token(request.header("Cookie"))
        if token is not None:
            sessions.end(token)
        response = api.send(responses.Updated())
        response.headers["Set-Cookie"] = clear_cookie(is_https(request.header))
        return response

    return {
        ("POST", "/session"): sign_in,
        ("DELETE", "/session"): sign_out,
        ("POST", "/session/telegram"): sign_in_telegram,
    }
