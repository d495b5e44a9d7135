"""The scheduled notifier Lambda, configured from the environment like a deployment."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.notifier_lambda import lambda_handler
from handlers.service.notify.digest_schedule import subscribe
from storage.sqlite import SQLiteItemRepository
from tests.fakes.telegram_api import TelegramFake


def test_the_lambda_sends_due_digests_once(tmp_path: Path, telegram: TelegramFake,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    store = tmp_path / "tracker.sqlite3"
    with SQLiteItemRepository(store) as repo:
        # Subscribed the Sunday before the last Monday 00:00: that digest is due now.
        today = datetime.now(UTC).date()
        monday = datetime.combine(today - timedelta(days=today.weekday()), time(0), UTC)
        subscribe(repo, "carol", 3003, ZoneInfo("UTC"), weekday=0, local_time="00:00",
                  now=monday - timedelta(days=1))
    monkeypatch.setenv("IMMERSION_TRACKER_STORAGE", f"sqlite:///{store}")
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", telegram.token)
    monkeypatch.setenv("IMMERSION_TRACKER_TELEGRAM_BASE_URL", telegram.base_url)
    monkeypatch.delenv("IMMERSION_TRACKER_SECRET_ID", raising=False)
    first = lambda_handler({"source": "aws.events"}, None)
    assert first["sent"] == 1
    assert lambda_handler({"source": "aws.events"}, None) == {
        "sent": 0, "skipped": 0, "blocked": 0, "failed": 0}
    [digest] = telegram.sent("sendMessage", chat_id=3003)
    assert "Your week" in digest.text
