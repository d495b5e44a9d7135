"""What the notifier Lambda loads for a tick, in a fresh interpreter (a subprocess against
the loopback fake Bot API)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from handlers.service.notify.digest_schedule import subscribe
from storage.sqlite import SQLiteItemRepository
from tests.fakes.telegram_api import TelegramFake

ROOT = Path(__file__).parents[3]
PROBE = """
import json, sys
import bot.notifier_lambda as entry
counts = entry.lambda_handler({"source": "aws.events"}, None)
print(json.dumps({"counts": counts, "telegram": "telegram" in sys.modules}))
"""


def _tick(store: Path, telegram: TelegramFake) -> dict[str, object]:
    env = {**os.environ, "IMMERSION_TRACKER_STORAGE": f"sqlite:///{store}",
           "TELEGRAM_BOT_TOKEN": telegram.token,
           "IMMERSION_TRACKER_TELEGRAM_BASE_URL": telegram.base_url}
    env.pop("IMMERSION_TRACKER_SECRET_ID", None)
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                          check=True, timeout=120, cwd=ROOT, env=env)
    found: dict[str, object] = json.loads(done.stdout)
    return found


def test_a_tick_loads_python_telegram_bot_only_when_a_message_is_due(tmp_path: Path) -> None:
    store = tmp_path / "tracker.sqlite3"
    with TelegramFake() as telegram:
        empty = _tick(store, telegram)
        assert empty == {"counts": {"sent": 0, "skipped": 0, "blocked": 0, "failed": 0,
                                    "notices": 0},
                         "telegram": False}
        assert telegram.sent("getMe") == []
        with SQLiteItemRepository(store) as repo:
            today = datetime.now(UTC).date()
            monday = datetime.combine(today - timedelta(days=today.weekday()), time(0), UTC)
            subscribe(repo, "carol", 3003, ZoneInfo("UTC"), weekday=0, local_time="00:00",
                      now=monday - timedelta(days=1))
        due = _tick(store, telegram)
        assert due == {"counts": {"sent": 1, "skipped": 0, "blocked": 0, "failed": 0,
                                  "notices": 0},
                       "telegram": True}
        [digest] = telegram.sent("sendMessage", chat_id=3003)
    assert "Your week" in digest.text
