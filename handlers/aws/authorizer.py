"""AWS Lambda REQUEST authorizer: checks Basic credentials or a web session, returns an IAM policy
(store I/O).

The web page's session cookie arrives as ``Authorization: Session <token>`` (CloudFront's
function on ``/api/*`` puts it there), so API Gateway caches each session on its own; the
Mini App sends the token it holds as ``Authorization: Bearer <token>``. The decision is the
local server's own (:func:`handlers.http.auth.build_auth`); here it only becomes a policy.
"""

from __future__ import annotations

import logging
import secrets
import time
from typing import Any

from handlers.aws.secret import load_service_secret
from handlers.http.auth import Auth, WrongCredentials, build_auth
from handlers.service import (
    AccountStore,
    Authenticator,
    Sessions,
    Unauthorized,
    secret_users,
    telegram_links,
)
from handlers.settings import load_settings
from storage.url import open_repository

_LOG = logging.getLogger(__name__)
_authenticator: Authenticator | None = None
_sessions: Sessions | None = None


def _get_authenticator() -> Authenticator:
    global _authenticator
    if _authenticator is None:
        settings = load_settings()
        accounts = AccountStore(open_repository(settings.storage_url()))
        _authenticator = Authenticator(
            accounts, secret_users(load_service_secret(settings.secret_id))
        )
    return _authenticator


def _get_sessions() -> Sessions:
    global _sessions
    if _sessions is None:
        settings = load_settings()
        repo = open_repository(settings.storage_url())
        prelinks = telegram_links.parse_prelinks(settings.telegram_users)
        _sessions = Sessions(
            repo,
            lambda: int(time.time()),
            secrets.token_bytes,
            _get_authenticator().credential,
            lambda telegram_id: telegram_links.user_for_telegram(repo, telegram_id, prelinks),
            None,
        )
    return _sessions


_auth: Auth = build_auth(
    # Each part is built on first need: a session check never reads the users' secret.
    lambda user, password: _get_authenticator().verify(user, password),
    lambda token: _get_sessions().user_of(token),
)


def _stage_wide(method_arn: str) -> str:
    """``arn:...:api/stage/*``: API Gateway caches the answer per credentials, for every route."""
    parts = method_arn.split("/")
    return "/".join(parts[:2]) + "/*" if len(parts) >= 2 else method_arn


def policy(principal: str, effect: str, method_arn: str) -> dict[str, Any]:
    return {
        "principalId": principal,
        "policyDocument": {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Action": "execute-api:Invoke",
                    "Effect": effect,
                    "Resource": _stage_wide(method_arn),
                }
            ],
        },
    }


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Allow valid credentials, deny wrong ones; no credentials at all answer 401."""
    headers = event.get("headers") or {}
    header = next((v for k, v in headers.items() if k.lower() == "authorization"), None)
    method_arn = str(event.get("methodArn", ""))
    source_ip = ((event.get("requestContext") or {}).get("identity") or {}).get("sourceIp")
    try:
        user = _auth.user(header)
    except Unauthorized:
        # No credentials, or an ended or unknown web session (back to the page's sign-in
        # form): API Gateway turns exactly this error into 401 (the UNAUTHORIZED response).
        refused = "an ended or unknown web session" if header else "a request without credentials"
        _LOG.warning("refused %s from %s", refused, source_ip)
        raise Exception("Unauthorized") from None
    except WrongCredentials as wrong:
        # The user name only, quoted (it is the caller's text): never the password or header.
        _LOG.warning("denied user %r from %s", wrong.user or "anonymous", source_ip)
        return policy(wrong.user or "anonymous", "Deny", method_arn)
    return policy(user, "Allow", method_arn)
