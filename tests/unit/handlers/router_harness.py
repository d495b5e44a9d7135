"""The real router on an in-memory SQLite store with provider stand-ins, and a way to call it."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from handlers.http.api import Api, ApiRequest, ApiResponse
from handlers.service.accounts.credentials import secret_users
from handlers.service.facade import Clock, Service
from handlers.settings import Settings
from storage.sqlite import SQLiteItemRepository
from tests.unit.handlers.provider_doubles import fake_clients

NOW = datetime(2024, 1, 7, 12, 0, tzinfo=UTC)
ORIGIN = "https://immersion.example.com"
ALICE = "Basic " + base64.b64encode(b"alice:secret:pass").decode()
SETTINGS = Settings(
    storage="", web_origin=ORIGIN, secret_id=None, max_items_per_request=1000,
    max_body_bytes=1_000_000,
)


@contextmanager
def router(
    settings: Settings = SETTINGS, without: tuple[str, ...] = (), clock: Clock = lambda: NOW
) -> Iterator[Api]:
    """The API over a fresh in-memory store; ``without`` names providers left unconfigured."""
    providers = replace(fake_clients(), **{name: None for name in without})
    repo = SQLiteItemRepository(":memory:", clock=lambda: clock().timestamp())
    try:
        users = secret_users({"users": [{"user": "alice", "password": "secret:pass"}]})
        core = Service(
            repo=repo, providers=providers, settings=settings, clock=clock, secret_users=users
        )
        yield Api(core, core.accounts.authenticator)
    finally:
        repo.close()


def refuse_writes(api: Api) -> None:
    """Make the real store refuse every write, as a full disk or a held lock would."""
    repo = api.service.repo
    assert isinstance(repo, SQLiteItemRepository)
    # An in-memory database lives in its one connection, which every operation borrows.
    with repo._connection() as connection:
        connection.execute("PRAGMA query_only = 1")


def call(
    api: Api,
    method: str,
    path: str,
    body: Any = None,
    *,
    raw: bytes | None = None,
    auth: str | None = ALICE,
    query: Mapping[str, str] | None = None,
) -> ApiResponse:
    """One request through :meth:`Api.handle`; the answer must be UTF-8-encodable JSON."""
    headers = {"Authorization": auth} if auth else {}
    payload = raw if raw is not None else (b"" if body is None else json.dumps(body).encode())
    request = ApiRequest(method, path, headers=headers, query=dict(query or {}), body=payload)
    response = api.handle(request)
    response.body.encode("utf-8")
    if response.stream is not None:
        # An export: gathered here, as the Lambda adapter does; its type is the format's.
        response.body, response.stream = "".join(response.stream), None
        return response
    if response.binary is not None:
        return response  # an image: its type is its own
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN
    return response


def message(response: ApiResponse, status: int) -> str:
    """The ``{"message"}`` of an error answer, after checking its status and shape."""
    assert response.status == status, response.body
    body = response.json()
    assert set(body) == {"message"} and isinstance(body["message"], str), body
    assert body["message"].strip()
    return str(body["message"])
