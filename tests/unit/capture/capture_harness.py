"""The router with a settable clock, a connected player, and the recorded capture payloads."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from handlers.http.api import Api, ApiResponse
from tests.unit.handlers.router_harness import call, router

EVENTS = Path(__file__).parents[2] / "events" / "capture"
START = datetime(2026, 5, 8, 12, 0, tzinfo=UTC)


def recorded(name: str) -> dict[str, Any]:
    """One recorded payload of ``tests/events/capture``."""
    loaded: dict[str, Any] = json.loads((EVENTS / f"{name}.json").read_text("utf-8"))
    return loaded


@dataclass
class Player:
    """A connected player: the API, its token, and a clock the test moves."""

    api: Api
    token: str
    integration: str
    now: list[datetime]

    def at(self, moment: datetime) -> None:
        self.now[0] = moment

    def later(self, **delta: float) -> None:
        self.now[0] += timedelta(**delta)

    def send(self, source: str, body: Any = None, *, raw: bytes | None = None,
             headers: dict[str, str] | None = None, token: str | None = None) -> ApiResponse:
        from handlers.http.api import ApiRequest

        payload = raw if raw is not None else json.dumps(body).encode()
        request = ApiRequest("POST", f"/capture/{source}", headers=headers or {},
                             query={"token": token or self.token}, body=payload)
        return self.api.handle(request)

    def history(self) -> list[dict[str, Any]]:
        entries: list[dict[str, Any]] = call(self.api, "GET", "/history").json()["entries"]
        return entries

    def captures(self, state: str | None = None) -> list[dict[str, Any]]:
        query = {"state": state} if state else None
        found: list[dict[str, Any]] = call(self.api, "GET", "/captures", query=query).json()[
            "captures"]
        return found


@contextmanager
def player(source: str, languages: list[str] | None = None,
           start: datetime = START, **options: Any) -> Iterator[Player]:
    now = [start]
    with router(clock=lambda: now[0]) as api:
        if languages is not None:
            call(api, "PUT", "/settings", {"languages": languages})
        made = call(api, "POST", "/integrations", {"name": "home", "source": source, **options})
        assert made.status == 201, made.body
        body = made.json()
        yield Player(api, body["token"], body["id"], now)
