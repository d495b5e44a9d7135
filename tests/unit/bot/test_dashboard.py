"""The dashboard in Telegram: the menu button and /progress's "Open dashboard" button."""

from __future__ import annotations

import asyncio

import pytest

from bot.dashboard import set_menu_button
from handlers.settings import Settings
from tests.fakes.bot_api import FakeBotApi
from tests.unit.bot.conftest import ALICE_TG, Harness
from tests.unit.bot.scenario import play

DASHBOARD = "https://tracker.example.com/"


@pytest.fixture
def bot_settings(bot_settings: Settings) -> Settings:
    return bot_settings.model_copy(update={"web_url": DASHBOARD})


def test_progress_offers_to_open_the_dashboard_as_a_mini_app(harness: Harness) -> None:
    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        [photo] = await h.say(ALICE_TG, "/progress")
        assert photo.buttons() == [{"text": "Open dashboard", "web_app": {"url": DASHBOARD}}]

    play(harness, scenario)


def test_the_menu_button_opens_the_dashboard(harness: Harness, telegram: FakeBotApi) -> None:
    asyncio.run(set_menu_button(harness.app))
    [request] = telegram.sent("setChatMenuButton")
    assert request.params["menu_button"] == {
        "type": "web_app", "text": "Dashboard", "web_app": {"url": DASHBOARD}
    }


@pytest.mark.parametrize("url", ["", "http://127.0.0.1:8080/"])
def test_without_an_https_page_there_is_no_dashboard_button(
    harness: Harness, telegram: FakeBotApi, url: str
) -> None:
    harness.service.settings = harness.service.settings.model_copy(update={"web_url": url})

    async def scenario(h: Harness) -> None:
        h.link(ALICE_TG, "alice")
        [photo] = await h.say(ALICE_TG, "/progress")
        assert photo.buttons() == []
        await set_menu_button(h.app)

    play(harness, scenario)
    assert telegram.sent("setChatMenuButton") == []
