"""The local server and the Lambda authorizer reach the same verdict on the same credentials."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

from handlers.aws import authorizer
from handlers.http.api import Api, ApiRequest
from tests.unit.handlers.router_harness import ALICE, router

EVENT = Path(__file__).resolve().parents[2] / "events" / "authorizer_request.json"


def _basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def lambda_verdict(header: str | None) -> str:
    event: dict[str, Any] = json.loads(EVENT.read_text("utf-8"))
    event["headers"].pop("Authorization")
    if header is not None:
        event["headers"]["Authorization"] = header
    try:
        answer = authorizer.lambda_handler(event, None)
    except Exception as error:
        # API Gateway answers 401 for exactly this error; anything else is a failure.
        return "401" if str(error) == "Unauthorized" else repr(error)
    effect = answer["policyDocument"]["Statement"][0]["Effect"]
    return answer["principalId"] if effect == "Allow" else "403"


def local_verdict(api: Api, header: str | None) -> str:
    headers = {"Authorization": header} if header is not None else {}
    response = api.handle(ApiRequest("GET", "/session", headers=headers))
    return str(response.json()["user"]) if response.status == 200 else str(response.status)


def test_every_kind_of_credential_gets_one_verdict_on_both_doors(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with router() as api:
        monkeypatch.setattr(authorizer, "_authenticator", api.authenticator)
        monkeypatch.setattr(authorizer, "_sessions", api.service.sessions)
        live = api.service.sessions.start("alice").token
        ended = api.service.sessions.start("alice").token
        api.service.sessions.end(ended)
        cases = {
            None: "401",
            ALICE: "alice",
            _basic("alice", "wrong"): "403",
            _basic("nobody", "secret:pass"): "403",
            "Digest abc": "403",
            f"Bearer {live}": "alice",
            f"Session {live}": "alice",
            f"Bearer {ended}": "401",
            f"Session {ended}": "401",
            "Bearer ": "403",
            "Session ": "403",
        }
        local = {header: local_verdict(api, header) for header in cases}
        on_lambda = {header: lambda_verdict(header) for header in cases}
    assert local == cases
    assert on_lambda == cases
