"""End to end: goals, reminders and the digest through the polling bot and ``notify``."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.fakes.providers import ProviderFake
from tests.fakes.telegram_api import SentRequest, TelegramFake
from tests.support.api_server import add_user, run_cli, server_env
from tests.support.bot_process import running_bot

pytestmark = pytest.mark.e2e
ALICE = 4343
PSY = "https://youtu.be/9bZkp7q19f0"


@pytest.fixture
def telegram() -> Iterator[TelegramFake]:
    with TelegramFake() as fake:
        yield fake


@pytest.fixture
def environment(tmp_path: Path, telegram: TelegramFake) -> Iterator[dict[str, str]]:
    with ProviderFake() as providers:
        yield server_env(tmp_path, {
            **providers.environment(),
            "TELEGRAM_BOT_TOKEN": telegram.token,
            "IMMERSION_TRACKER_TELEGRAM_BASE_URL": telegram.base_url,
            "IMMERSION_TRACKER_DIGEST_CHECK_SECONDS": "1",
        })


@pytest.fixture
def bot(environment: dict[str, str], tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    with running_bot(environment, tmp_path / "bot.log") as process:
        yield process


def _say(telegram: TelegramFake, text: str) -> SentRequest:
    before = len(telegram.sent("sendMessage", chat_id=ALICE))
    telegram.enqueue(telegram.text_update(ALICE, text))
    found = telegram.wait_for_sent(
        lambda s: s.method == "sendMessage" and s.chat_id == ALICE, count=before + 1, timeout=30)
    return found[before]


def _morning_zone() -> ZoneInfo:
    """A zone where it is now between 01:00 and 17:59, so today's 20:00 is still ahead."""
    now = datetime.now(UTC)
    for offset in range(-12, 13):
        zone = ZoneInfo(f"Etc/GMT{offset:+d}" if offset else "UTC")
        if 1 <= now.astimezone(zone).hour <= 17:
            return zone
    raise AssertionError("unreachable: some zone is always in the morning")


def _notify(environment: dict[str, str], at: datetime, *, dry: bool) -> list[dict[str, Any]]:
    args = ["notify", "--at", at.isoformat(), *(["--dry-run"] if dry else [])]
    out = run_cli(args, environment).strip().splitlines()
    return [json.loads(line) for line in out] if dry else []


def test_goal_met_reminder_when_at_risk_and_a_digest_for_the_last_full_week(
        environment: dict[str, str], telegram: TelegramFake, bot: subprocess.Popen[str]) -> None:
    add_user(environment, "alice", "correct horse battery staple")
    code = run_cli(["users", "link-code", "alice"], environment).strip().splitlines()[-1]
    assert "Linked as" in _say(telegram, f"/link {code}").text
    zone = _morning_zone()
    _say(telegram, f"/timezone {zone.key}")
    assert "3 min" in _say(telegram, "/goal 3m daily").text
    first = _say(telegram, PSY)
    assert "Daily goal met 🎉" in first.text
    assert "20:00" in _say(telegram, "/remind 20:00").text
    # A new user gets no digest about a week before they came, however often the job runs.
    assert not telegram.sent("sendPhoto", chat_id=ALICE)

    today = datetime.now(zone).date()
    evening = datetime.combine(today, time(20, 5), zone)
    assert _notify(environment, evening, dry=True) == []  # today is done: no reminder
    _notify(environment, evening, dry=False)
    tomorrow = evening + timedelta(days=1)
    (planned,) = _notify(environment, tomorrow, dry=True)
    assert (planned["user"], planned["chat_id"], planned["kind"]) == ("alice", ALICE, "reminder")
    assert "1-day streak" in planned["text"]
    sent_before = len(telegram.sent(chat_id=ALICE))
    _notify(environment, tomorrow, dry=False)
    _notify(environment, tomorrow + timedelta(minutes=30), dry=False)
    reminders = [s for s in telegram.sent(chat_id=ALICE)[sent_before:] if "streak" in s.text]
    assert len(reminders) == 1
    assert reminders[0].buttons()[0]["callback_data"].startswith("ql:video:")

    monday = today + timedelta(days=7 - today.weekday())
    digest_time = datetime.combine(monday, time(9, 5), zone)
    _notify(environment, digest_time, dry=False)
    (digest,) = [s for s in telegram.sent(chat_id=ALICE) if "Your week" in s.text]
    assert digest.method == "sendPhoto"
    assert "officialpsy" in digest.text
    assert bot.poll() is None
