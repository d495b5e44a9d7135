"""The capture Lambda on API Gateway proxy events: its route only, the token, Plex's bytes."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from handlers.aws import capture_lambda
from tests.unit.capture.capture_harness import recorded


@pytest.fixture
def capture(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IMMERSION_TRACKER_STORAGE", "memory://")
    monkeypatch.delenv("IMMERSION_TRACKER_SECRET_ID", raising=False)
    monkeypatch.setattr(capture_lambda, "_router", None)


def _event(path: str, body: bytes, content_type: str, query: dict[str, str] | None = None,
           principal: str | None = None) -> dict[str, Any]:
    context: dict[str, Any] = {"authorizer": {"principalId": principal}} if principal else {}
    return {"httpMethod": "POST", "path": path, "resource": "/capture/{source}",
            "headers": {"Content-Type": content_type}, "queryStringParameters": query,
            "body": base64.b64encode(body).decode(), "isBase64Encoded": True,
            "requestContext": context}


def test_a_plex_multipart_event_through_api_gateway_is_counted(capture: None) -> None:
    service = capture_lambda._capture_router().service
    service.accounts.add("alice", "a long password")
    _, token = service.capture.connect("alice", "tv", "plex")
    boundary = "b0undary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"payload\"\r\n\r\n"
            f"{json.dumps(recorded('plex_media_play'))}\r\n--{boundary}\r\n"
            "Content-Disposition: form-data; name=\"thumb\"; filename=\"t.jpg\"\r\n\r\n"
            ).encode() + b"\xff\xd8\xff" + bytes(5000) + f"\r\n--{boundary}--\r\n".encode()
    answer = capture_lambda.lambda_handler(
        _event("/prod/capture/plex", body, f"multipart/form-data; boundary={boundary}",
               {"token": token}), None)
    assert answer["statusCode"] == 202, answer["body"]
    assert json.loads(answer["body"])["state"] == "open"


def test_without_a_token_an_authorizer_principal_opens_nothing(capture: None) -> None:
    answer = capture_lambda.lambda_handler(
        _event("/capture/generic", b"{}", "application/json", principal="alice"), None)
    assert answer["statusCode"] == 401


def test_other_routes_are_not_this_functions(capture: None) -> None:
    event = {**_event("/progress", b"", "application/json"), "httpMethod": "GET"}
    assert capture_lambda.lambda_handler(event, None)["statusCode"] == 404
