"""What the Discord Lambda loads for its first interactions, in a fresh interpreter (a
subprocess; nothing answers on the network: a ping and /help need no Discord REST)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from tests.fakes.discord_api import APPLICATION_ID, Signer

ROOT = Path(__file__).parents[3]
PROBE = """
import gc, json, ssl, sys
import bot.discord.interactions_lambda as entry
answers = []
for event in json.loads(sys.stdin.read()):
    answer = entry.lambda_handler(event, None)
    answers.append({"status": answer["statusCode"], "body": json.loads(answer["body"]),
                    "modules": sorted(sys.modules),
                    "tls": sum(isinstance(o, ssl.SSLContext) for o in gc.get_objects())})
print(json.dumps(answers))
"""
COMMANDS = {"bot.discord.commands", "bot.discord.leaderboard", "bot.discord.notify_commands"}
BUTTONS_AND_FORMS = {"bot.discord.components", "bot.discord.modals"}


def _event(signer: Signer, payload: dict[str, object]) -> dict[str, object]:
    body = json.dumps(payload).encode()
    return {"resource": "/discord/interactions", "path": "/discord/interactions",
            "httpMethod": "POST", "headers": signer.sign(body, int(time.time())),
            "body": body.decode(), "isBase64Encoded": False, "requestContext": {}}


def test_a_ping_loads_no_command_nor_rest_client_and_help_no_button_or_form(tmp_path: Path) -> None:
    signer = Signer()
    env = {**os.environ,
           "IMMERSION_TRACKER_STORAGE": f"sqlite:///{tmp_path / 'tracker.sqlite3'}",
           "IMMERSION_TRACKER_DISCORD_PUBLIC_KEY": signer.public_key,
           "IMMERSION_TRACKER_DISCORD_APPLICATION_ID": APPLICATION_ID,
           "AWS_LAMBDA_FUNCTION_NAME": "immersion-tracker-discord"}
    env.pop("IMMERSION_TRACKER_SECRET_ID", None)
    events = [_event(signer, signer.ping()), _event(signer, signer.command(42, "help"))]
    done = subprocess.run([sys.executable, "-c", PROBE], input=json.dumps(events),
                          capture_output=True, text=True, check=True, timeout=120, cwd=ROOT,
                          env=env)
    ping, help_ = json.loads(done.stdout)
    assert (ping["status"], ping["body"]) == (200, {"type": 1})
    # The providers' HTTP client only: Discord's REST client is built with its first call.
    assert ping["tls"] == 1
    assert sorted((COMMANDS | BUTTONS_AND_FORMS | {"bot.chat_replies"})
                  & set(ping["modules"])) == []
    assert help_["status"] == 200 and help_["body"]["type"] == 4
    assert "bot.discord.commands" in help_["modules"]
    assert sorted(BUTTONS_AND_FORMS & set(help_["modules"])) == []
