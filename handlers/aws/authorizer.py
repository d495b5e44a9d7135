"""AWS Lambda REQUEST authorizer: checks Basic credentials or a web session, returns an IAM policy
(store I/O).

The web page's session cookie arrives as ``Authorization: Session <token>`` (CloudFront's
function on ``/api/*`` puts it there), so API Gateway caches each session on its own; the
Mini App sends the token it holds as ``Authorization: Bearer <token>``. Both are read by
the same function as the local server's (``handlers.http.sessions``), so one decision holds
on every door.
"""

from __future__ import annotations

import logging
import secrets
import time
from typing import Any

from handlers.aws.secret import load_service_secret
from handlers.http.basic_auth import basic_credentials
from handlers.http.sessions import header_session_token
from handlers.service import telegram_links
from handlers.service.accounts import AccountStore, Authenticator, secret_users
from handlers.service.sessions import Sessions
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
    if not header:
        _LOG.warning("refused a request without credentials from %s", source_ip)
        # API Gateway turns exactly this error into 401 (the UNAUTHORIZED gateway response).
        raise Exception("Unauthorized")
    session_token = header_session_token(header)
    if session_token is not None:
        signed_in = _get_sessions().user_of(session_token)
        if signed_in is None:
            _LOG.warning("refused an ended or unknown web session from %s", source_ip)
            raise Exception("Unauthorized")  # back to the page's sign-in form
        return policy(signed_in, "Allow", method_arn)
    credentials = basic_credentials(header)
    if credentials is not None and _get_authenticator().verify(*credentials):
        return policy(credentials[0], "Allow", method_arn)
    user = credentials[0] if credentials else "anonymous"
    # The user name only, quoted (it is the caller's text): never the password or header.
    _LOG.warning("denied user %r from %s", user, source_ip)
    return policy(user, "Deny", method_arn)
