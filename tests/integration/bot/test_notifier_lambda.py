"""The scheduled notifier Lambda, configured from the environment like a deployment."""

from __future__ import annotations

import json
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import boto3
import pytest
from moto import mock_aws

from bot.notifier_lambda import lambda_handler
from handlers.aws.secret import load_service_secret
from handlers.service.notify.digest_schedule import subscribe
from storage.sqlite import SQLiteItemRepository
from tests.fakes.telegram_api import TelegramFake
from tests.support.aws_environment import use_fake_aws_environment


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


@pytest.mark.parametrize("discord_secret", [None, " "])
def test_telegram_messages_go_when_the_discord_secret_was_never_set(
        tmp_path: Path, telegram: TelegramFake, monkeypatch: pytest.MonkeyPatch,
        discord_secret: str | None) -> None:
    store = tmp_path / "tracker.sqlite3"
    with SQLiteItemRepository(store) as repo:
        today = datetime.now(UTC).date()
        monday = datetime.combine(today - timedelta(days=today.weekday()), time(0), UTC)
        subscribe(repo, "carol", 3003, ZoneInfo("UTC"), weekday=0, local_time="00:00",
                  now=monday - timedelta(days=1))
    monkeypatch.setenv("IMMERSION_TRACKER_STORAGE", f"sqlite:///{store}")
    monkeypatch.setenv("IMMERSION_TRACKER_TELEGRAM_BASE_URL", telegram.base_url)
    for name in ("TELEGRAM_BOT_TOKEN", "IMMERSION_TRACKER_TELEGRAM_BOT_TOKEN",
                 "IMMERSION_TRACKER_DISCORD_BOT_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    use_fake_aws_environment(monkeypatch)
    load_service_secret.cache_clear()
    try:
        with mock_aws():
            client = boto3.client("secretsmanager")
            bot_token = json.dumps({"telegram_bot_token": telegram.token})
            telegram_arn = client.create_secret(Name="t/telegram", SecretString=bot_token)["ARN"]
            # Terraform creates the Discord secret; a deployment without Discord never sets it.
            discord_arn = client.create_secret(Name="t/discord")["ARN"]
            if discord_secret is not None:
                client.put_secret_value(SecretId=discord_arn, SecretString=discord_secret)
            monkeypatch.setenv("IMMERSION_TRACKER_SECRET_ID", f"{telegram_arn},{discord_arn}")
            assert lambda_handler({"source": "aws.events"}, None)["sent"] == 1
    finally:
        load_service_secret.cache_clear()
    [digest] = telegram.sent("sendMessage", chat_id=3003)
    assert "Your week" in digest.text


def test_a_bot_api_unreachable_at_the_first_message_loses_nothing(
        tmp_path: Path, telegram: TelegramFake, monkeypatch: pytest.MonkeyPatch) -> None:
    store = tmp_path / "tracker.sqlite3"
    with SQLiteItemRepository(store) as repo:
        today = datetime.now(UTC).date()
        monday = datetime.combine(today - timedelta(days=today.weekday()), time(0), UTC)
        subscribe(repo, "carol", 3003, ZoneInfo("UTC"), weekday=0, local_time="00:00",
                  now=monday - timedelta(days=1))
    monkeypatch.setenv("IMMERSION_TRACKER_STORAGE", f"sqlite:///{store}")
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", telegram.token)
    monkeypatch.delenv("IMMERSION_TRACKER_SECRET_ID", raising=False)
    # Nothing listens there: the client's first request (getMe) fails.
    monkeypatch.setenv("IMMERSION_TRACKER_TELEGRAM_BASE_URL", "http://127.0.0.1:9/bot")
    assert lambda_handler({"source": "aws.events"}, None) == {
        "sent": 0, "skipped": 0, "blocked": 0, "failed": 1}
    monkeypatch.setenv("IMMERSION_TRACKER_TELEGRAM_BASE_URL", telegram.base_url)
    assert lambda_handler({"source": "aws.events"}, None)["sent"] == 1
    [digest] = telegram.sent("sendMessage", chat_id=3003)
    assert "Your week" in digest.text
