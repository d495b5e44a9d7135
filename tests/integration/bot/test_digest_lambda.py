"""The scheduled digest Lambda, configured from the environment like a deployment."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.digest_lambda import lambda_handler
from handlers.service.digest_schedule import subscribe
from storage.sqlite import SQLiteItemRepository
from tests.fakes.telegram_api import TelegramFake


def test_the_lambda_sends_due_digests_once(tmp_path: Path, telegram: TelegramFake,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    store = tmp_path / "tracker.sqlite3"
    with SQLiteItemRepository(store) as repo:
        # Monday 00:00 UTC starts every ISO week, so the digest is due whenever this runs.
        subscribe(repo, "carol", 3003, ZoneInfo("UTC"), weekday=0, local_time="00:00")
    monkeypatch.setenv("IMMERSION_TRACKER_STORAGE", f"sqlite:///{store}")
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", telegram.token)
    monkeypatch.setenv("IMMERSION_TRACKER_TELEGRAM_BASE_URL", telegram.base_url)
    monkeypatch.delenv("IMMERSION_TRACKER_SECRET_ID", raising=False)
    assert lambda_handler({"source": "aws.events"}, None)["sent"] == 1
    assert lambda_handler({"source": "aws.events"}, None) == {
        "sent": 0, "skipped": 0, "blocked": 0, "failed": 0}
    [digest] = telegram.sent("sendPhoto", chat_id=3003)
    assert "Your week" in digest.text
