"""AWS Lambda entry for API Gateway REST proxy events: event in, API answer out (I/O)."""

from __future__ import annotations

from typing import Any

# The router every event needs, loaded with the entry (wiring imports it only when called):
# the cold import then shows what a cold start pays instead of hiding it in the first event.
import handlers.http.api  # noqa: F401
from handlers.aws.proxy_events import request_from_event, response_to_proxy
from handlers.aws.secret import load_service_secret
from handlers.service import LAMBDA_IMPORT_BYTES
from handlers.settings import load_settings
from handlers.wiring import Wired, build_api

__all__ = ["lambda_handler", "request_from_event", "response_to_proxy"]
"""The proxy conversions live in ``proxy_events`` (the capture function shares them)."""

_wired: Wired | None = None


def _api() -> Wired:
    # Built once per warm container: the store client and provider tokens are reused.
    global _wired
    if _wired is None:
        settings = load_settings()
        limit = min(settings.max_import_bytes, LAMBDA_IMPORT_BYTES)
        _wired = build_api(settings.model_copy(update={"max_import_bytes": limit}),
                           secrets=load_service_secret)
    return _wired


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Answer one API Gateway request."""
    return response_to_proxy(_api().api.handle(request_from_event(event)))
