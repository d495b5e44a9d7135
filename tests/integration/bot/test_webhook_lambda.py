"""The webhook Lambda entry with recorded API Gateway events, twice in a row on one loop."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.webhook_lambda import WebhookEntry
from handlers.service.facade import Service
from storage.models import user_pk
from tests.fakes.telegram_api import TelegramFake
from tests.unit.bot.conftest import ALICE_TG, Harness

EVENTS = Path(__file__).parents[2] / "events"
SECRET = "webhook-secret-value"


def _event(name: str) -> dict[str, Any]:
    event: dict[str, Any] = json.loads((EVENTS / f"telegram_{name}.json").read_text("utf-8"))
    return event


@pytest.fixture
def entry(service: Service, telegram: TelegramFake) -> Any:
    webhook = WebhookEntry(lambda: (service, telegram.token, SECRET))
    yield webhook
    webhook.close()


def test_updates_are_handled_twice_in_a_row_on_one_loop(
        entry: WebhookEntry, harness: Harness, telegram: TelegramFake) -> None:
    harness.link(ALICE_TG, "alice")
    first = entry.handle(_event("link_message"))
    second = entry.handle(_event("start_command"))
    assert first["statusCode"] == 200
    assert second["statusCode"] == 200
    replies = telegram.sent("sendMessage", chat_id=ALICE_TG)
    assert "<b>Logged</b>" in replies[0].text
    assert "Linked as <b>alice</b>" in replies[1].text
    assert harness.service.repo.get(user_pk("alice"), "YOUTUBEVIDEO#9bZkp7q19f0") is not None
    # The same update redelivered by Telegram logs nothing twice.
    assert entry.handle(_event("link_message"))["statusCode"] == 200
    assert "<b>Already logged</b>" in telegram.sent("sendMessage", chat_id=ALICE_TG)[-1].text


def test_a_wrong_secret_is_refused_before_anything_runs(
        entry: WebhookEntry, telegram: TelegramFake) -> None:
    response = entry.handle(_event("wrong_secret"))
    assert response["statusCode"] == 403
    event = _event("start_command")
    del event["headers"]["X-Telegram-Bot-Api-Secret-Token"]
    assert entry.handle(event)["statusCode"] == 403
    assert telegram.sent("sendMessage") == []


def test_a_body_that_is_not_an_update_still_gets_200(entry: WebhookEntry) -> None:
    event = _event("start_command")
    event["body"] = "not json"
    assert entry.handle(event)["statusCode"] == 200
