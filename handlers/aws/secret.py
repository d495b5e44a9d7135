"""The service secret (AWS Secrets Manager): users and credentials; read once per process."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from handlers.service.errors import ServiceUnavailable


class SecretUnreadable(ServiceUnavailable):
    """The configured secret is not the JSON object the service reads; nothing works until fixed."""


@lru_cache(maxsize=4)
def load_service_secret(secret_id: str | None) -> dict[str, Any]:
    """The secret's JSON document, or ``{}`` when no secret is configured (local runs)."""
    if not secret_id:
        return {}
    import boto3  # imported here: local runs and the sync client never need it

    response = boto3.client("secretsmanager").get_secret_value(SecretId=secret_id)
    try:
        document = json.loads(response["SecretString"])
    except (KeyError, ValueError):
        raise SecretUnreadable("The service secret is not a JSON document.") from None
    if not isinstance(document, dict):
        raise SecretUnreadable("The service secret is not a JSON object.")
    return document
