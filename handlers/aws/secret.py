"""The service secrets (AWS Secrets Manager): users and credentials; read once per process."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from handlers.service import ServiceUnavailable

_LOG = logging.getLogger(__name__)


class SecretUnreadable(ServiceUnavailable):
    """The configured secret is not the JSON object the service reads; nothing works until fixed."""


@lru_cache(maxsize=8)
def load_service_secret(secret_id: str | None, unset_is_empty: bool = False) -> dict[str, Any]:
    """The secret's JSON document, or ``{}`` when no secret is configured (local runs).

    ``secret_id`` may name several secrets separated by commas: a deployment gives each
    function only the secrets it needs (users, provider keys, Telegram), read as one document.
    With ``unset_is_empty`` a secret that holds no value yet (created, never set) or a
    blank one reads as ``{}``: for a function whose secrets are each optional (the
    notifier's Discord one); one that holds something else than a JSON object still fails.
    """
    ids = [one.strip() for one in (secret_id or "").split(",") if one.strip()]
    if not ids:
        return {}
    import boto3  # imported here: local runs and the sync client never need it

    client = boto3.client("secretsmanager")
    merged: dict[str, Any] = {}
    for one in ids:
        try:
            response = client.get_secret_value(SecretId=one)
        except client.exceptions.ResourceNotFoundException:
            if not unset_is_empty:
                raise
            response = {"SecretString": ""}
        if unset_is_empty and not str(response.get("SecretString") or "").strip():
            # The secret's id names no credential; saying which one was unset helps.
            _LOG.warning("the service secret %s holds no value: read as {}", one)
            continue
        document = _document(response)
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
