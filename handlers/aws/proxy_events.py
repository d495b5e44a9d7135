"""API Gateway REST (v1) proxy events to our requests and answers back (no I/O of its own).

Shared by the Lambda entries that sit behind the REST API (the API and capture functions).
"""

from __future__ import annotations

import base64
import json
from typing import Any

from handlers.http.exchange import ApiRequest, ApiResponse, api_headers
from handlers.service import LAMBDA_RESPONSE_BYTES, byte_size_text


def request_from_event(event: dict[str, Any]) -> ApiRequest:
    """An :class:`ApiRequest` from a REST (v1) proxy event."""
    raw = event.get("body") or ""
    body = base64.b64decode(raw) if event.get("isBase64Encoded") else raw.encode("utf-8")
    authorizer = (event.get("requestContext") or {}).get("authorizer") or {}
    # API Gateway sets X-Forwarded-For/-Proto itself but passes the client's X-Forwarded-Host
    # through untouched: here it is the client's word, so the router never sees it.
    headers = {k: v for k, v in (event.get("headers") or {}).items()
               if k.lower() != "x-forwarded-host"}
    return ApiRequest(
        method=str(event.get("httpMethod", "GET")),
        path=str(event.get("path") or event.get("resource") or "/"),
        headers=headers,
        query=event.get("queryStringParameters") or {},
        body=body,
        principal=authorizer.get("principalId"),
    )


def response_to_proxy(response: ApiResponse) -> dict[str, Any]:
    """The proxy answer; a streamed body is gathered (API Gateway cannot stream), up to the
    6 MB a Lambda answer may carry, beyond which the client is told where to go instead."""
    body = response.body
    if response.binary is not None:
        return {"statusCode": response.status, "headers": response.headers,
                "body": base64.b64encode(response.binary).decode("ascii"), "isBase64Encoded": True}
    if response.stream is not None:
        parts: list[str] = []
        size = 0
        for chunk in response.stream:
            size += len(chunk.encode("utf-8"))
            if size > LAMBDA_RESPONSE_BYTES:
                message = (
                    f"The export is over the {byte_size_text(LAMBDA_RESPONSE_BYTES)} an answer"
                    " through API Gateway may carry; use the bot's /export or"
                    " `immersion-tracker export`."
                )
                headers = api_headers(response.headers.get("Access-Control-Allow-Origin", "*"))
                return response_to_proxy(ApiResponse(413, json.dumps({"message": message}),
                                                     headers))
            parts.append(chunk)
        body = "".join(parts)
    return {
        "statusCode": response.status,
        "headers": response.headers,
        "body": body,
        "isBase64Encoded": False,
    }
