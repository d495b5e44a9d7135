"""End to end: ``immersion-tracker serve`` with a bot token: API and bot on one store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fakes.providers import ProviderFake
from tests.fakes.telegram_api import TelegramFake
from tests.support.api_server import running_api

pytestmark = pytest.mark.e2e
LEARNER = 5151


@pytest.fixture
def telegram() -> Iterator[TelegramFake]:
    with TelegramFake() as fake:
        yield fake


def test_a_code_from_the_api_links_the_bot_and_both_see_one_history(
    tmp_path: Path, telegram: TelegramFake
) -> None:
    with ProviderFake() as providers:
        env = {
            **providers.environment(),
            "TELEGRAM_BOT_TOKEN": telegram.token,
            "IMMERSION_TRACKER_TELEGRAM_BASE_URL": telegram.base_url,
        }
        with running_api(tmp_path, env) as api, api.client() as http:
            telegram.enqueue(telegram.text_update(LEARNER, "https://youtu.be/9bZkp7q19f0"))
            refused = telegram.wait_for_sent(lambda s: s.chat_id == LEARNER, timeout=30)[0]
            assert "/link" in refused.text
            assert http.get("/progress").json()["youtube_videos_watched"] == 0

            code = http.post("/linkcode").json()["code"]
            telegram.enqueue(telegram.text_update(LEARNER, f"/link {code}"))
            telegram.wait_for_sent(lambda s: "Linked as" in s.text, timeout=30)
            telegram.enqueue(telegram.text_update(LEARNER, "https://youtu.be/9bZkp7q19f0?si=x"))
            telegram.wait_for_sent(lambda s: "officialpsy" in s.text, timeout=30)

            assert http.get("/progress").json()["youtube_videos_watched"] == 1
            again = http.post("/syncyoutube", json={"video_ids": ["9bZkp7q19f0"]})
            assert again.json() == {"videos_added": 0}
