"""The ``watch`` command line: follow mpv and post what plays to the capture URL (I/O)."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import httpx

from sync_script.capture_queue import CaptureQueue, QueueUnwritable
from sync_script.mpv_agent import CaptureRefused, CaptureSender, Delivery, follow

ENV_CAPTURE_URL = "IMMERSION_TRACKER_CAPTURE_URL"
RETRY_SECONDS = 5.0


def _default_queue() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "immersion-tracker" / "capture-queue"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="immersion-tracker watch",
        description="Follow mpv (started with --input-ipc-server=PATH) and log what it plays.")
    parser.add_argument("--mpv-socket", required=True, help="mpv's --input-ipc-server path")
    parser.add_argument("--capture-url",
                        help=f"the generic integration's capture URL (default: ${ENV_CAPTURE_URL})")
    parser.add_argument("--queue", type=Path, default=None,
                        help="folder for events waiting to be sent (default: ~/.local/state/"
                             "immersion-tracker/capture-queue)")
    parser.add_argument("--once", action="store_true",
                        help="stop when mpv closes instead of waiting for the next mpv")
    return parser


def main(argv: Sequence[str] | None = None,
         transport: httpx.BaseTransport | None = None,
         sleep: Callable[[float], None] = time.sleep) -> int:
    args = build_parser().parse_args(argv)
    url = args.capture_url or os.environ.get(ENV_CAPTURE_URL, "")
    if "/capture/" not in url or "token=" not in url:
        print("error: give the capture URL of a generic integration (--capture-url or "
              f"${ENV_CAPTURE_URL}); /connect mpv in the bot prints it.", file=sys.stderr)
        return 2
    queue = CaptureQueue(args.queue or _default_queue())
    try:
        queue.check()
    except QueueUnwritable as error:
        print(f"error: {error}; give a folder it can write with --queue.", file=sys.stderr)
        return 1
    with httpx.Client(timeout=httpx.Timeout(15.0, connect=5.0), transport=transport,
                      headers={"User-Agent": "immersion-tracker-watch"}) as client:
        delivery = Delivery(CaptureSender(client, url), queue, time.time)
        while True:
            try:
                follow(args.mpv_socket, delivery)
            except (CaptureRefused, QueueUnwritable) as stopped:
                print(f"error: {stopped}", file=sys.stderr)
                return 1
            except OSError:
                if args.once:
                    print(f"error: no mpv listens on {args.mpv_socket}", file=sys.stderr)
                    return 1
            if args.once:
                return 0
            sleep(RETRY_SECONDS)
