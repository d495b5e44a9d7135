"""AWS Lambda entry for API Gateway REST proxy events: event in, API answer out (I/O)."""

from __future__ import annotations

import base64
from typing import Any

from handlers.http.api import ApiRequest, ApiResponse
from handlers.wiring import Wired, build_api

_wired: Wired | None = None


def _api() -> Wired:
    # Built once per warm container: the store client and provider tokens are reused.
    global _wired
    if _wired is None:
        _wired = build_api()
    return _wired


def request_from_event(event: dict[str, Any]) -> ApiRequest:
    """An :class:`ApiRequest` from a REST (v1) proxy event."""
    raw = event.get("body") or ""
    body = base64.b64decode(raw) if event.get("isBase64Encoded") else raw.encode("utf-8")
    authorizer = (event.get("requestContext") or {}).get("authorizer") or {}
    return ApiRequest(
        method=str(event.get("httpMethod", "GET")),
        path=str(event.get("path") or event.get("resource") or "/"),
        headers=event.get("headers") or {},
        query=event.get("queryStringParameters") or {},
        body=body,
        principal=authorizer.get("principalId"),
    )


def response_to_proxy(response: ApiResponse) -> dict[str, Any]:
    return {
        "statusCode": response.status,
        "headers": response.headers,
        "body": response.body,
        "isBase64Encoded": False,
    }


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Answer one API Gateway request."""
    return response_to_proxy(_api().api.handle(request_from_event(event)))
