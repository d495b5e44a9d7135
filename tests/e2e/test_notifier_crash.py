"""End to end: ``immersion-tracker notify`` killed mid-run loses no reminder (process I/O)."""

from __future__ import annotations

import signal
import subprocess
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from handlers.service.facade import Service
from handlers.service.goals.settings import Reminder
from handlers.service.logbook.writes import LogRequest
from handlers.settings import Settings
from metadata_clients.settings import ProviderClients
from storage.sqlite import SQLiteItemRepository
from tests.fakes.telegram_api import TelegramFake
from tests.support.api_server import COMMAND, server_env

pytestmark = pytest.mark.e2e
USERS = 60
KILLS = 3
FIRST_CHAT = 7000
EVENING = datetime(2026, 12, 1, 20, 0, tzinfo=UTC)


def _users(store: Path) -> None:
    """Users whose 1-day streak is at risk at their 20:00 UTC reminder."""
    with SQLiteItemRepository(store) as repo:
        yesterday = EVENING - timedelta(days=1)
        service = Service(repo=repo, providers=ProviderClients(None, None, None, None),
                          settings=Settings(timezone="UTC"), clock=lambda: yesterday)
        for n in range(USERS):
            user = f"u{n}"
            service.logbook.log(user, LogRequest(activity="anime", minutes=20), "api")
            service.goals.set_reminder(user, Reminder(True, "20:00"), FIRST_CHAT + n)


def test_killed_runs_lose_nothing_and_duplicate_only_accepted_sends(tmp_path: Path) -> None:
    store = tmp_path / "tracker.sqlite3"
    _users(store)
    with TelegramFake() as telegram:
        env = server_env(tmp_path, {"TELEGRAM_BOT_TOKEN": telegram.token,
                                    "IMMERSION_TRACKER_TELEGRAM_BASE_URL": telegram.base_url,
                                    "IMMERSION_TRACKER_TIMEZONE": "UTC"})
        at, killed = EVENING + timedelta(minutes=5), 0
        for _ in range(KILLS + 3):
            command = [*COMMAND, "notify", "--at", at.isoformat()]
            with subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL) as process:
                target = len(telegram.sent()) + USERS // (KILLS + 1)
                deadline = time.monotonic() + 60
                while process.poll() is None and time.monotonic() < deadline:
                    if killed < KILLS and len(telegram.sent()) >= target:
                        process.send_signal(signal.SIGKILL)
                        killed += 1
                        break
                    time.sleep(0.005)
                assert process.wait(timeout=60) in (0, -signal.SIGKILL)
            at += timedelta(minutes=11)  # past the lease of a send a kill interrupted
        delivered = Counter(s.chat_id for s in telegram.sent("sendMessage"))
    assert killed == KILLS
    assert [n for n in range(USERS) if not delivered[FIRST_CHAT + n]] == []  # nothing lost
    # A kill can only duplicate what Telegram accepted before the record: at most the
    # sends in flight at each kill.
    assert sum(count - 1 for count in delivered.values()) <= KILLS * 32
