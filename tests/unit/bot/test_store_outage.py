"""The bot while its store is throttled: one sentence per message, nothing half-done."""

from __future__ import annotations

from collections.abc import Iterator

import boto3
import httpx
import pytest
from moto import mock_aws

from handlers.service.core.errors import STORE_BUSY_MESSAGE
from handlers.service.facade import Service
from handlers.settings import Settings
from metadata_clients.settings import ProviderSettings, build_clients
from storage.backoff import Backoff
from storage.dynamodb import DynamoDBItemRepository, create_table
from tests.fakes.providers import ProviderFake
from tests.support.aws_environment import FAKE_REGION, use_fake_aws_environment
from tests.support.dynamodb_faults import ThrottlingFaults
from tests.unit.bot.conftest import ALICE_TG, Clock, Harness
from tests.unit.bot.scenario import play

FAULTS = ThrottlingFaults()


@pytest.fixture
def service(monkeypatch: pytest.MonkeyPatch, providers: ProviderFake, bot_settings: Settings,
            clock: Clock) -> Iterator[Service]:
    use_fake_aws_environment(monkeypatch)
    FAULTS.should_fail = lambda: False
    with mock_aws(), httpx.Client(transport=providers.mock_transport()) as http:
        client = boto3.client("dynamodb", region_name=FAKE_REGION)
        create_table(client, "items")
        FAULTS.install(client)
        # The store's clock is the service's: link codes expire by the test's time.
        repo = DynamoDBItemRepository("items", client, backoff=Backoff(sleep=lambda _: None),
                                      clock=lambda: clock().timestamp())
        yield Service(repo=repo, providers=build_clients(ProviderSettings(), http),
                      settings=bot_settings, clock=clock)


def test_every_message_gets_one_sentence_while_the_store_is_throttled(
    harness: Harness,
) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        FAULTS.should_fail = lambda: True
        for text in ("/progress", "https://youtu.be/9bZkp7q19f0", "/shows", "/undo"):
            [answer] = await h.say(ALICE_TG, text)
            assert answer.method == "sendMessage"
            assert answer.text == f"⚠️ {STORE_BUSY_MESSAGE}", (text, answer.text)
        FAULTS.should_fail = lambda: False
        [logged] = await h.say(ALICE_TG, "https://youtu.be/9bZkp7q19f0")
        assert "Logged" in logged.text, logged.text  # nothing was half-written before

    play(harness, scenario)
