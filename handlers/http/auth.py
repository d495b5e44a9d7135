"""Who a request comes from: the one decision every door asks (pure, no I/O of its own).

The local server's router and API Gateway's Lambda authorizer both call :func:`build_auth`'s
:meth:`Auth.user`, so Basic credentials, the web page's cookie (or CloudFront's copy of it
in ``Authorization: Session <token>``) and the Mini App's ``Bearer`` token are read the same
way everywhere. What a door does with a refusal (an error answer, an IAM policy) is its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from http.cookies import CookieError, SimpleCookie

from handlers.http.basic_auth import basic_credentials
from handlers.service import Forbidden, Unauthorized

COOKIE = "it_session"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
BEARER = "bearer "
CLOUDFRONT_SESSION = "session "
"""Behind CloudFront the cookie also arrives as ``Authorization: Session <token>``."""

Header = Callable[[str], "str | None"]
"""A request's header by (case-insensitive) name."""


class WrongCredentials(Forbidden):
    """Basic credentials that name no user or the wrong password (a 403, or a Deny policy)."""

    def __init__(self, user: str | None) -> None:
        super().__init__("Wrong user name or password.")
        self.user = user
        """The name the caller gave (their text: quote it in logs), never the password."""


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


def bearer_token(authorization: str | None) -> str | None:
    """The session token of an ``Authorization: Bearer <token>`` header, if it is one."""
    if not authorization or authorization[: len(BEARER)].lower() != BEARER:
        return None
    return authorization[len(BEARER) :].strip() or None


def header_session_token(authorization: str | None) -> str | None:
    """The session token an ``Authorization`` header carries (``Bearer`` or ``Session``)."""
    if authorization and authorization[: len(CLOUDFRONT_SESSION)].lower() == CLOUDFRONT_SESSION:
        return authorization[len(CLOUDFRONT_SESSION) :].strip() or None
    return bearer_token(authorization)


def check_origin(method: str, header: Header, web_origin: str) -> None:
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


@dataclass(frozen=True)
class Presented:
    """What a request offers as proof of who it is."""

    token: str | None
    """A session token, from ``Bearer``, or from the cookie (directly or as ``Session``)."""
    ambient: bool
    """Only the browser's cookie vouches: the request must come from our own page."""


def presented(authorization: str | None, cookie: str | None) -> Presented:
    """The session token a request carries, and whether the cookie is what vouches for it."""
    bearer = bearer_token(authorization)
    if bearer is not None:
        # A browser never adds this header on its own: no other site can send it.
        return Presented(bearer, ambient=False)
    if not authorization:
        return Presented(session_token(cookie), ambient=True)
    if authorization[: len(CLOUDFRONT_SESSION)].lower() == CLOUDFRONT_SESSION:
        # CloudFront's copy of the cookie; the cookie itself, when it came along, is the
        # same token (CloudFront only copies it when no other Authorization was sent).
        return Presented(session_token(cookie) or header_session_token(authorization),
                         ambient=True)
    return Presented(None, ambient=False)


@dataclass(frozen=True)
class Auth:
    """The authentication decision, given how to check a password and look up a session."""

    verify_password: Callable[[str, str], bool]
    session_user: Callable[[str], str | None]

    def user(
        self,
        authorization: str | None,
        cookie: str | None = None,
        *,
        vouched: str | None = None,
        same_origin: Callable[[], None] | None = None,
    ) -> str:
        """The user the request proves it is; raises :class:`Unauthorized` (nothing sent,
        or an ended session) or :class:`Forbidden` (wrong credentials, a cross-site cookie).

        ``vouched`` is the user an upstream authorizer already verified; ``same_origin``
        refuses a request from another site, asked only when the cookie alone vouches.
        """
        proof = presented(authorization, cookie)
        if proof.token is not None and proof.ambient and same_origin is not None:
            same_origin()
        if vouched:
            return vouched
        if proof.token is not None:
            signed_in = self.session_user(proof.token)
            if signed_in is None:
                raise Unauthorized("Your session has ended; please sign in again.")
            return signed_in
        if not authorization:
            raise Unauthorized("Unauthorized")
        credentials = basic_credentials(authorization)
        if credentials is None or not self.verify_password(*credentials):
            raise WrongCredentials(credentials[0] if credentials else None)
        return credentials[0]


def build_auth(
    verify_password: Callable[[str, str], bool], session_user: Callable[[str], str | None]
) -> Auth:
    """The one authentication decision, over this password check and session lookup."""
    return Auth(verify_password, session_user)
