"""Cold start of every Lambda entry against ``import boto3``, in fresh interpreters.

Each round runs ``python -c "import boto3"`` and then ``python -c "import <entry>"``,
alternating, and times the whole process (interpreter start included, as a Lambda pays it);
the ratio is the median of the entry over the median of its boto3 runs, so the machine's
load weighs on both alike. With ``--first-event`` it also times, in a fresh process, the
import plus the first event handled (the service built, the store opened, one request or
update or tick answered): what a cold start pays before it can answer, whatever an entry
defers. The store is a fresh SQLite file; the Telegram Lambdas talk to the Bot API fake on
loopback (so the script enters a private network namespace).

With ``--before TREE`` (another checkout of the repository, e.g. ``git worktree add``) every
round runs ``import boto3``, then each entry's import and first event in that tree and in
this one, alternating, and reports both with each process's CPU time (user + system) beside
its wall time: the machine's load moves CPU time far less.

Usage: ``.venv/bin/python bench/cold_start.py [--pairs 9] [--first-event] [--before TREE]``
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
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
    return run_timed(code, env, ROOT)[0]


def run_timed(code: str, env: Mapping[str, str], tree: Path) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of a fresh interpreter running ``code`` in
    ``tree`` (its packages come first on the path)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], env=dict(env), check=True, cwd=tree)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


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


def import_code(entry: str) -> str:
    return f"import {entry}"


def compare(pairs: int, env: Mapping[str, str], before: Path, first_event: bool) -> None:
    """Both trees alternating in every round: wall and CPU medians, ratios to boto3's."""
    kinds: list[tuple[str, Callable[[str], str]]] = [("import", import_code)]
    if first_event:
        kinds.append(("first event", first_event_code))
    times: dict[tuple[str, str, str], list[tuple[float, float]]] = {}
    for _ in range(pairs):
        for entry in ENTRIES:
            times.setdefault((entry, "boto3", ""), []).append(
                run_timed("import boto3", env, ROOT))
            for kind, code in kinds:
                for name, tree in (("before", before), ("after", ROOT)):
                    times.setdefault((entry, kind, name), []).append(
                        run_timed(code(entry), env, tree))
    print(f"Both trees alternating, median of {pairs} rounds, ms (ratio to boto3's median):")
    for clock, index in (("wall", 0), ("CPU", 1)):
        print(f"-- {clock} time")
        for entry in ENTRIES:
            base = statistics.median(t[index] for t in times[(entry, "boto3", "")])
            cells = [f"boto3 {base * 1000:.0f}"]
            for kind, _ in kinds:
                for name in ("before", "after"):
                    value = statistics.median(t[index] for t in times[(entry, kind, name)])
                    cells.append(f"{kind} {name} {value * 1000:.0f} ({value / base:.2f})")
            print(f"{entry:<32}" + " | ".join(cells), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=9)
    parser.add_argument("--first-event", action="store_true")
    parser.add_argument("--before", type=Path,
                        help="another checkout to measure alternately with this one")
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
            if args.before:
                run_timed(f"import {entry}", env, args.before.resolve())
        if args.before:
            compare(args.pairs, env, args.before.resolve(), args.first_event)
        else:
            measure(args.pairs, env, args.first_event)


if __name__ == "__main__":
    main()
