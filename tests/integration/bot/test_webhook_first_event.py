"""What the webhook Lambda loads to answer its first update, in a fresh interpreter
(a subprocess, against the loopback fake Bot API)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.fakes.telegram_api import TelegramFake

ROOT = Path(__file__).parents[3]
EVENTS = ROOT / "tests" / "events"
SECRET = "webhook-secret-value"
PROBE = """
import json, sys
import bot.webhook_lambda as entry
answer = entry.lambda_handler(json.loads(open(sys.argv[1]).read()), None)
print(json.dumps({"status": answer["statusCode"], "modules": sorted(sys.modules)}))
"""
OTHER_COMMANDS = {
    "bot.capture_commands", "bot.capture_notices", "bot.connect_commands", "bot.entry_buttons",
    "bot.goal_commands", "bot.history_command", "bot.link_messages", "bot.log_command",
    "bot.notifier_sender", "bot.plain_logs", "bot.portability_messages", "bot.progress_command",
    "bot.review_command", "bot.show_commands", "bot.undo_buttons", "bot.watched_replies",
    "bot.whole_shows",
}


def test_a_first_start_loads_the_module_that_answers_it_and_no_other_command(
        tmp_path: Path) -> None:
    with TelegramFake() as telegram:
        env = {
            **os.environ,
            "IMMERSION_TRACKER_STORAGE": f"sqlite:///{tmp_path / 'tracker.sqlite3'}",
            "IMMERSION_TRACKER_TELEGRAM_WEBHOOK_SECRET": SECRET,
            "IMMERSION_TRACKER_TELEGRAM_BASE_URL": telegram.base_url,
            "TELEGRAM_BOT_TOKEN": telegram.token,
        }
        env.pop("IMMERSION_TRACKER_SECRET_ID", None)
        done = subprocess.run(
            [sys.executable, "-c", PROBE, str(EVENTS / "telegram_start_command.json")],
            capture_output=True, text=True, check=True, timeout=120, cwd=ROOT, env=env)
        replies = telegram.sent("sendMessage")
    found = json.loads(done.stdout)
    assert found["status"] == 200
    assert len(replies) == 1
    assert "bot.account_commands" in found["modules"]
    assert sorted(OTHER_COMMANDS & set(found["modules"])) == []
