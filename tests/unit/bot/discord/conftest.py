"""Fixtures: the Discord door over the real service, signed interactions, Discord's REST fake.

No server runs: the door's REST client reaches the fake through an httpx mock transport,
and deferred work waits in a list until the test runs it (as ``serve``'s threads would).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from bot.discord.door import DiscordDoor
from bot.discord.rest import DiscordRest
from handlers.service.accounts.telegram_links import create_link_code, redeem_link_code
from handlers.service.facade import Service
from tests.fakes.discord_api import BOT_TOKEN, Call, FakeDiscordApi, Signer
from tests.unit.bot.conftest import Clock

ALICE = 310000000000000001
BOB = 310000000000000002
CAROL = 310000000000000003
STRANGER = 310000000000000009
GUILD = 320000000000000001
OTHER_GUILD = 320000000000000002
EPHEMERAL = 64


@dataclass
class Discord:
    """The door driven interaction by interaction."""

    door: DiscordDoor
    signer: Signer
    api: FakeDiscordApi
    service: Service
    clock: Clock
    pending: list[dict[str, Any]] = field(default_factory=list)
    sleeps: list[float] = field(default_factory=list)
    """The waits the REST client asked for (nothing really sleeps)."""

    def post(self, payload: dict[str, Any], *, skew: int = 0) -> tuple[int, dict[str, Any]]:
        """Sign ``payload`` ``skew`` seconds from now and hand it to the door."""
        body = json.dumps(payload).encode()
        headers = self.signer.sign(body, int(self.clock().timestamp()) + skew)
        return self.door.answer(headers, body)

    def answer(self, payload: dict[str, Any]) -> dict[str, Any]:
        status, body = self.post(payload)
        assert status == 200, body
        return body

    def command(self, user: int, name: str, **options: Any) -> dict[str, Any]:
        return self.answer(self.signer.command(user, name, **options))

    def follow_up(self) -> Call:
        """Run the deferred work; the one ``PATCH @original`` it sent."""
        before = len(self.api.calls("PATCH"))
        deferred, self.pending[:] = list(self.pending), []
        for payload in deferred:
            self.door.finish(payload)
        [patch] = self.api.calls("PATCH")[before:]
        return patch

    def link(self, discord_id: int, user: str) -> None:
        repo, now = self.service.repo, self.service.now_epoch()
        redeem_link_code(repo, create_link_code(repo, user, now), discord_id, now, "discord")


def content(answer: dict[str, Any]) -> str:
    return str(answer["data"]["content"])


def custom_ids(answer: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, custom_id) of every button of an answer or of a message body."""
    data = answer.get("data", answer)
    return [(b["label"], b["custom_id"]) for row in data.get("components", ())
            for b in row["components"]]


@pytest.fixture
def discord(service: Service, clock: Clock) -> Iterator[Discord]:
    api, signer = FakeDiscordApi(), Signer()
    pending: list[dict[str, Any]] = []
    sleeps: list[float] = []
    with httpx.Client(transport=api.transport()) as client:
        # The REST client's clock moves only by the waits it asks for.
        rest = DiscordRest("https://discord.test/api/v10", BOT_TOKEN, client,
                           sleep=sleeps.append, clock=lambda: sum(sleeps))
        door = DiscordDoor(service, rest, pending.append, public_key=signer.public_key,
                           application_id=signer.application_id)
        yield Discord(door, signer, api, service, clock, pending, sleeps)
