"""Cold start of every Lambda entry against ``import boto3``, in fresh interpreters.

Each round runs ``python -c "import boto3"`` and then ``python -c "import <entry>"``,
alternating, and times the whole process (interpreter start included, as a Lambda pays it);
the ratio is the median of the entry over the median of its boto3 runs, so the machine's
load weighs on both alike. With ``--first-event`` it also times, in a fresh process, the
import plus the first event handled (the service built, the store opened, one request or
update or tick answered): what a cold start pays before it can answer, whatever an entry
defers. The store is a fresh SQLite file; the Telegram Lambdas talk to the Bot API fake on
loopback (so the script enters a private network namespace).

Usage: ``.venv/bin/python bench/cold_start.py [--pairs 9] [--first-event]``
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.storage import enter_private_network  # noqa: E402
from tests.fakes.telegram_api import TelegramFake  # noqa: E402

ENTRIES = (
    "handlers.aws.api_lambda",
    "handlers.aws.authorizer",
    "bot.webhook_lambda",
    "bot.notifier_lambda",
    "bot.discord.interactions_lambda",
    "handlers.aws.capture_lambda",
)
EVENTS = ROOT / "tests" / "events"
WEBHOOK_SECRET = "webhook-secret-value"
FIRST_EVENT: dict[str, str | dict[str, object] | None] = {
    # An authorized GET /progress (API Gateway already named the user).
    "handlers.aws.api_lambda": "api_get_progress.json",
    # Basic credentials of a user the store does not hold: a full password check, a Deny.
    "handlers.aws.authorizer": "authorizer_request.json",
    # /start from a Telegram user: the Application built, initialised, one update handled.
    "bot.webhook_lambda": "telegram_start_command.json",
    # A scheduled tick with nothing due: the Bot client and service built, one page read.
    "bot.notifier_lambda": None,
    # Discord's recorded ping: the service and door built, the signature checked (the
    # recording is older than the replay window, so it is refused, as a replay would be).
    "bot.discord.interactions_lambda": "discord_ping.json",
    # A player's event with a token the table does not hold: the capture router built, the
    # token looked up, the event refused.
    "handlers.aws.capture_lambda": {
        "httpMethod": "POST", "path": "/prod/capture/generic", "resource": "/capture/{source}",
        "headers": {"Content-Type": "application/json"},
        "queryStringParameters": {"token": "not-a-token-of-anyone"},
        "body": (EVENTS / "capture" / "generic_start.json").read_text("utf-8"),
        "isBase64Encoded": False, "requestContext": {},
    },
}


def run_seconds(code: str, env: Mapping[str, str]) -> float:
    """Wall time of a fresh interpreter running ``code``."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], env=dict(env), check=True, cwd=ROOT)
    return time.perf_counter() - started


def first_event_code(entry: str) -> str:
    event = FIRST_EVENT[entry]
    if isinstance(event, dict):
        load = f"json.loads({json.dumps(event)!r})"
    else:
        load = f"json.loads(open({str(EVENTS / event)!r}).read())" if event else "{}"
    return f"import json, {entry} as m; m.lambda_handler({load}, None)"


DISCORD_PUBLIC_KEY = "a1812ad7f10c74e9705778e1ad33df07c4d8d609d98c41f55d811feea3de699a"
"""The public half of the key the recorded Discord events were signed with."""


def measure(pairs: int, env: Mapping[str, str], first_event: bool) -> None:
    imports: dict[str, list[float]] = {entry: [] for entry in ENTRIES}
    baselines: dict[str, list[float]] = {entry: [] for entry in ENTRIES}
    events: dict[str, list[float]] = {entry: [] for entry in ENTRIES}
    for _ in range(pairs):
        for entry in ENTRIES:
            baselines[entry].append(run_seconds("import boto3", env))
            imports[entry].append(run_seconds(f"import {entry}", env))
            if first_event:
                events[entry].append(run_seconds(first_event_code(entry), env))
    print(f"Whole process, median of {pairs} alternating pairs (ms):")
    print(f"{'entry':<26}{'import':>8}{'boto3':>8}{'ratio':>7}"
          + (f"{'first event':>13}{'ratio':>7}" if first_event else ""))
    for entry in ENTRIES:
        base = statistics.median(baselines[entry])
        cold = statistics.median(imports[entry])
        line = f"{entry:<26}{cold * 1000:>8.0f}{base * 1000:>8.0f}{cold / base:>7.2f}"
        if first_event:
            handled = statistics.median(events[entry])
            line += f"{handled * 1000:>13.0f}{handled / base:>7.2f}"
        print(line, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=9)
    parser.add_argument("--first-event", action="store_true")
    args = parser.parse_args()
    if args.first_event:
        enter_private_network()
    with ExitStack() as stack:
        scratch = stack.enter_context(tempfile.TemporaryDirectory())
        env = {
            **os.environ,
            "IMMERSION_TRACKER_STORAGE": f"sqlite:///{Path(scratch) / 'tracker.sqlite3'}",
            "IMMERSION_TRACKER_TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET,
            "AWS_DEFAULT_REGION": "ap-southeast-2",
        }
        if args.first_event:
            # Only the first events talk to Telegram, inside the private namespace.
            telegram = stack.enter_context(TelegramFake())
            env["IMMERSION_TRACKER_TELEGRAM_BASE_URL"] = telegram.base_url
            env["TELEGRAM_BOT_TOKEN"] = telegram.token
        env["IMMERSION_TRACKER_DISCORD_PUBLIC_KEY"] = DISCORD_PUBLIC_KEY
        env["AWS_LAMBDA_FUNCTION_NAME"] = "immersion-tracker-discord"
        env.pop("IMMERSION_TRACKER_SECRET_ID", None)
        # Compiled bytecode exists in a deployed zip too: warm it once, then measure.
        for entry in ENTRIES:
            run_seconds(f"import boto3, {entry}", env)
        measure(args.pairs, env, args.first_event)


if __name__ == "__main__":
    main()
