"""AWS Lambda REQUEST authorizer: checks Basic credentials, returns an IAM policy (store I/O)."""

from __future__ import annotations

import logging
from typing import Any

from handlers.aws.secret import load_service_secret
from handlers.http.basic_auth import basic_credentials
from handlers.service.accounts import AccountStore, Authenticator, secret_users
from handlers.settings import load_settings
from storage.url import open_repository

_LOG = logging.getLogger(__name__)
_authenticator: Authenticator | None = None


def _get_authenticator() -> Authenticator:
    global _authenticator
    if _authenticator is None:
        settings = load_settings()
        accounts = AccountStore(open_repository(settings.storage_url()))
        _authenticator = Authenticator(
            accounts, secret_users(load_service_secret(settings.secret_id))
        )
    return _authenticator


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
    credentials = basic_credentials(header)
    if credentials is not None and _get_authenticator().verify(*credentials):
        return policy(credentials[0], "Allow", method_arn)
    user = credentials[0] if credentials else "anonymous"
    # The user name only, quoted (it is the caller's text): never the password or header.
    _LOG.warning("denied user %r from %s", user, source_ip)
    return policy(user, "Deny", method_arn)
