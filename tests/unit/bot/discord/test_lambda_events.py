"""The Discord Lambda through recorded API Gateway events: verification, answers, and the
deferred half arriving as an asynchronous invocation of the same function."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.discord.door import Defer, DiscordDoor
from bot.discord.interactions_lambda import FOLLOW_UP, InteractionsEntry
from bot.discord.rest import DiscordRest
from handlers.service.accounts.telegram_links import create_link_code, redeem_link_code
from handlers.service.facade import Service
from tests.fakes.discord_api import BOT_TOKEN, FakeDiscordApi
from tests.unit.bot.conftest import START

EVENTS = Path(__file__).parents[3] / "events"
RECORDED_KEY = "a1812ad7f10c74e9705778e1ad33df07c4d8d609d98c41f55d811feea3de699a"
"""The public half of the key the recorded events were signed with, at 12 Jan 2026 09:30."""
ALICE = 310000000000000001


def _event(name: str) -> dict[str, Any]:
    return dict(json.loads((EVENTS / f"{name}.json").read_text("utf-8")))


class Lambda:
    def __init__(self, service: Service, api: FakeDiscordApi, client: httpx.Client) -> None:
        def make_door(defer: Defer) -> DiscordDoor:
            rest = DiscordRest("https://discord.test/api/v10", BOT_TOKEN, client)
            return DiscordDoor(service, rest, defer, public_key=RECORDED_KEY)

        self.entry = InteractionsEntry(make_door)
        self.invoked: list[dict[str, Any]] = []
        self.entry.invoke = self.invoked.append
        self.api = api

    def handle(self, event: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        answer = self.entry.handle(event)
        assert answer["headers"]["Content-Type"] == "application/json"
        return answer["statusCode"], json.loads(answer["body"])


@pytest.fixture
def function(service: Service) -> Any:
    assert service.clock() == START  # the recorded signatures carry this moment
    api = FakeDiscordApi()
    with httpx.Client(transport=api.transport()) as client:
        yield Lambda(service, api, client)


def test_the_recorded_ping_is_answered(function: Lambda) -> None:
    assert function.handle(_event("discord_ping")) == (200, {"type": 1})


def test_a_body_changed_in_transit_is_a_401_and_nothing_runs(function: Lambda,
                                                             service: Service) -> None:
    _link(service)
    status, body = function.handle(_event("discord_tampered_body"))
    assert status == 401 and body["message"]
    assert service.logbook.history("alice", limit=5).entries == []


def test_a_base64_body_is_verified_as_the_bytes_discord_sent(function: Lambda,
                                                            service: Service) -> None:
    _link(service)
    event = _event("discord_log_command")
    event["body"] = base64.b64encode(event["body"].encode()).decode()
    event["isBase64Encoded"] = True
    status, body = function.handle(event)
    assert status == 200 and "Logged **25 min** of anime" in body["data"]["content"]


def test_a_deferred_command_finishes_in_its_own_invocation(function: Lambda,
                                                           service: Service) -> None:
    _link(service)
    status, body = function.handle(_event("discord_progress_command"))
    assert (status, body) == (200, {"type": 5, "data": {"flags": 0}})
    [follow_up] = function.invoked
    assert follow_up["source"] == FOLLOW_UP
    assert function.entry.handle(json.loads(json.dumps(follow_up))) == {"finished": True}
    [patch] = function.api.calls("PATCH")
    assert patch.path.endswith("/recorded-token-progress/messages/@original")
    assert patch.files["files[0]"][1].startswith(b"\x89PNG")


def test_an_event_shaped_like_a_request_is_never_taken_for_a_follow_up(
        function: Lambda) -> None:
    forged = {**_event("discord_ping"), "source": FOLLOW_UP, "interaction": {"type": 2}}
    assert function.handle(forged) == (200, {"type": 1})


def _link(service: Service) -> None:
    now = service.now_epoch()
    redeem_link_code(service.repo, create_link_code(service.repo, "alice", now), ALICE, now,
                     "discord")
