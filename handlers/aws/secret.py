"""The service secrets (AWS Secrets Manager): users and credentials; read once per process."""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from handlers.service import ServiceUnavailable


class SecretUnreadable(ServiceUnavailable):
    """The configured secret is not the JSON object the service reads; nothing works until fixed."""


@lru_cache(maxsize=4)
def load_service_secret(secret_id: str | None) -> dict[str, Any]:
    """The secret's JSON document, or ``{}`` when no secret is configured (local runs).

    ``secret_id`` may name several secrets separated by commas: a deployment gives each
    function only the secrets it needs (users, provider keys, Telegram), read as one document.
    """
    ids = [one.strip() for one in (secret_id or "").split(",") if one.strip()]
    if not ids:
        return {}
    import boto3  # imported here: local runs and the sync client never need it

    client = boto3.client("secretsmanager")
    merged: dict[str, Any] = {}
    for one in ids:
        document = _document(client.get_secret_value(SecretId=one))
        # A key kept in two secrets would make rotating one of them silently ineffective.
        if shared := sorted(merged.keys() & document.keys()):
            raise SecretUnreadable(f"Two service secrets both hold {shared[0]!r}.")
        merged.update(document)
    return merged


def _document(response: Mapping[str, Any]) -> dict[str, Any]:
    try:
        document = json.loads(response["SecretString"])
    except (KeyError, ValueError):
        raise SecretUnreadable("The service secret is not a JSON document.") from None
    if not isinstance(document, dict):
        raise SecretUnreadable("The service secret is not a JSON object.")
    return document
