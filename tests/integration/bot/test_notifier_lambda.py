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
from handlers.service.accounts.telegram_links import create_link_code, redeem_link_code
from handlers.service.capture.notices import NOTICES_PK
from handlers.service.notify.digest_schedule import subscribe
from handlers.wiring import build_service
from storage.sqlite import SQLiteItemRepository
from tests.fakes.telegram_api import TelegramFake
from tests.support.aws_environment import use_fake_aws_environment


def _digest_due(folder: Path) -> Path:
    """A store where carol subscribed the Sunday before the last Monday 00:00: her digest
    is due now."""
    store = folder / "tracker.sqlite3"
    with SQLiteItemRepository(store) as repo:
        today = datetime.now(UTC).date()
        monday = datetime.combine(today - timedelta(days=today.weekday()), time(0), UTC)
        subscribe(repo, "carol", 3003, ZoneInfo("UTC"), weekday=0, local_time="00:00",
                  now=monday - timedelta(days=1))
    return store


def test_the_lambda_sends_due_digests_once(tmp_path: Path, telegram: TelegramFake,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    store = _digest_due(tmp_path)
    monkeypatch.setenv("IMMERSION_TRACKER_STORAGE", f"sqlite:///{store}")
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", telegram.token)
    monkeypatch.setenv("IMMERSION_TRACKER_TELEGRAM_BASE_URL", telegram.base_url)
    monkeypatch.delenv("IMMERSION_TRACKER_SECRET_ID", raising=False)
    first = lambda_handler({"source": "aws.events"}, None)
    assert first["sent"] == 1
    assert lambda_handler({"source": "aws.events"}, None) == {
        "sent": 0, "skipped": 0, "blocked": 0, "failed": 0, "notices": 0}
    [digest] = telegram.sent("sendMessage", chat_id=3003)
    assert "Your week" in digest.text


@pytest.mark.parametrize("discord_secret", [None, " "])
def test_telegram_messages_go_when_the_discord_secret_was_never_set(
        tmp_path: Path, telegram: TelegramFake, monkeypatch: pytest.MonkeyPatch,
        discord_secret: str | None) -> None:
    store = _digest_due(tmp_path)
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


# What EventBridge Scheduler's rate(15 minutes) rule hands the function (AWS's documented
# "Scheduled Event" shape); the handler reads none of it.
SCHEDULED_EVENT = {
    "version": "0", "id": "53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa",
    "detail-type": "Scheduled Event", "source": "aws.events", "account": "123456789012",
    "time": "2026-05-08T12:30:00Z", "region": "eu-central-1",
    "resources": ["arn:aws:events:eu-central-1:123456789012:rule/immersion-tracker-notifier"],
    "detail": {},
}
CAROL_TG = 3003


def _closed_capture_session(store: Path, monkeypatch: pytest.MonkeyPatch,
                            telegram: TelegramFake) -> str:
    """Carol, linked on Telegram and opted in to notices, watched 10 min of a film in mpv
    (stopped a minute ago); the Lambda's environment points at her store. Her session id."""
    monkeypatch.setenv("IMMERSION_TRACKER_STORAGE", f"sqlite:///{store}")
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", telegram.token)
    monkeypatch.setenv("IMMERSION_TRACKER_TELEGRAM_BASE_URL", telegram.base_url)
    monkeypatch.delenv("IMMERSION_TRACKER_SECRET_ID", raising=False)
    service = build_service()
    try:
        now = service.now_epoch()
        redeem_link_code(service.repo, create_link_code(service.repo, "carol", now),
                         CAROL_TG, now)
        capture = service.capture
        capture.want_notices("carol", True)
        _, token = capture.connect("carol", "laptop", "generic")
        for event, position, ago in (("start", 0, 660), ("progress", 300, 360),
                                     ("stop", 600, 60)):
            body = {"session_id": "film-1", "event": event, "position_seconds": position,
                    "duration_seconds": 5400, "at": now - ago, "kind": "movie",
                    "title": "Perfect Blue", "player": "mpv"}
            answer = capture.capture(token, "generic", json.dumps(body).encode)
        assert answer["state"] == "closed"
        return str(answer["session"])
    finally:
        service.close()


def test_a_tick_sends_a_closed_capture_sessions_notice_once_with_undo(
        tmp_path: Path, telegram: TelegramFake, monkeypatch: pytest.MonkeyPatch) -> None:
    session = _closed_capture_session(tmp_path / "tracker.sqlite3", monkeypatch, telegram)
    assert lambda_handler(SCHEDULED_EVENT, None)["notices"] == 1
    [notice] = telegram.sent("sendMessage", chat_id=CAROL_TG)
    assert notice.text == "📺 Logged 10 min of <b>Perfect Blue</b> from mpv"
    assert [b["callback_data"] for b in notice.buttons()] == [f"cu:{session}"]
    # The next tick finds nothing queued: the notice went exactly once.
    assert lambda_handler(SCHEDULED_EVENT, None) == {
        "sent": 0, "skipped": 0, "blocked": 0, "failed": 0, "notices": 0}
    assert len(telegram.sent("sendMessage", chat_id=CAROL_TG)) == 1


def test_a_capture_notice_that_failed_to_send_goes_with_the_next_tick(
        tmp_path: Path, telegram: TelegramFake, monkeypatch: pytest.MonkeyPatch) -> None:
    _closed_capture_session(tmp_path / "tracker.sqlite3", monkeypatch, telegram)
    telegram.fail_next("sendMessage", 500)
    assert lambda_handler(SCHEDULED_EVENT, None)["notices"] == 0
    assert telegram.sent("sendMessage", chat_id=CAROL_TG) == []
    assert lambda_handler(SCHEDULED_EVENT, None)["notices"] == 1
    [notice] = telegram.sent("sendMessage", chat_id=CAROL_TG)
    assert "Perfect Blue" in notice.text
    assert lambda_handler(SCHEDULED_EVENT, None)["notices"] == 0


def test_a_blocked_users_capture_notice_is_dropped_not_retried(
        tmp_path: Path, telegram: TelegramFake, monkeypatch: pytest.MonkeyPatch) -> None:
    store = tmp_path / "tracker.sqlite3"
    _closed_capture_session(store, monkeypatch, telegram)
    telegram.block(CAROL_TG)
    lambda_handler(SCHEDULED_EVENT, None)
    with SQLiteItemRepository(store) as repo:
        assert list(repo.query_prefix(NOTICES_PK)) == []
    assert telegram.sent("sendMessage") == []


def test_a_bot_api_unreachable_at_the_first_message_loses_nothing(
        tmp_path: Path, telegram: TelegramFake, monkeypatch: pytest.MonkeyPatch) -> None:
    store = _digest_due(tmp_path)
    monkeypatch.setenv("IMMERSION_TRACKER_STORAGE", f"sqlite:///{store}")
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", telegram.token)
    monkeypatch.delenv("IMMERSION_TRACKER_SECRET_ID", raising=False)
    # Nothing listens there: the client's first request (getMe) fails.
    monkeypatch.setenv("IMMERSION_TRACKER_TELEGRAM_BASE_URL", "http://127.0.0.1:9/bot")
    assert lambda_handler({"source": "aws.events"}, None) == {
        "sent": 0, "skipped": 0, "blocked": 0, "failed": 1, "notices": 0}
    monkeypatch.setenv("IMMERSION_TRACKER_TELEGRAM_BASE_URL", telegram.base_url)
    assert lambda_handler({"source": "aws.events"}, None)["sent"] == 1
    [digest] = telegram.sent("sendMessage", chat_id=3003)
    assert "Your week" in digest.text


def test_a_tick_without_a_bot_token_sends_nothing_and_loses_nothing(
        tmp_path: Path, telegram: TelegramFake, monkeypatch: pytest.MonkeyPatch) -> None:
    store = _digest_due(tmp_path)
    monkeypatch.setenv("IMMERSION_TRACKER_STORAGE", f"sqlite:///{store}")
    monkeypatch.setenv("IMMERSION_TRACKER_TELEGRAM_BASE_URL", telegram.base_url)
    monkeypatch.delenv("IMMERSION_TRACKER_SECRET_ID", raising=False)
    for name in ("TELEGRAM_BOT_TOKEN", "IMMERSION_TRACKER_TELEGRAM_BOT_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(RuntimeError, match=r"^set TELEGRAM_BOT_TOKEN to the token BotFather"):
        lambda_handler({"source": "aws.events"}, None)
    assert telegram.sent("sendMessage") == []
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", telegram.token)
    assert lambda_handler({"source": "aws.events"}, None)["sent"] == 1
