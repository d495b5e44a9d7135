"""Benchmark of the sync client: a full sync batched vs one item per request (network I/O).

Run: ``.venv/bin/python bench/sync_client.py [--latency 0.02] [--shows 40] [--episodes 2000]
[--links 500]``. It starts the provider fake (with added latency) and ``immersion-tracker
serve`` on loopback with a temporary SQLite store, builds a library of episode files and a
watched.txt, and syncs it twice from fresh copies, each as a new user: once as the client
does (requests of up to 500 items), once as a baseline that sends every item on its own.
It prints figures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sync_script.api import TrackerApi, open_client  # noqa: E402
from sync_script.console import Console  # noqa: E402
from sync_script.plan import CHUNK_SIZE  # noqa: E402
from sync_script.session import SyncOptions, run_sync  # noqa: E402
from tests.fakes.providers import ProviderFake  # noqa: E402
from tests.support.api_server import RunningApi, add_user, running_api  # noqa: E402

FIRST_SERIES = 9_000_000
"""The provider fake knows every TVDB series id from here up."""


@dataclass(frozen=True)
class Figures:
    """What one full sync cost."""

    label: str
    wall: float
    requests: int
    provider_calls: int
    status: int
    files_left: int


def build_library(
    root: Path, shows: int, episodes: int, video_ids: list[str], episode_ids: list[str]
) -> dict[str, int]:
    """Episode files spread over show folders, and watched.txt; the --tvdb-id presets."""
    presets: dict[str, int] = {}
    for number in range(episodes):
        show = number % shows
        folder = root / "shows" / f"[Group] Show {show:02d} (1080p)" / "watched"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"Show {show:02d} - {number:04d} [1080p].mkv").write_bytes(b"\0" * 1024)
        presets[folder.parent.name] = FIRST_SERIES + show
    links = [f"https://youtu.be/{video}?si=bench" for video in video_ids]
    links += [f"https://open.spotify.com/episode/{item}" for item in episode_ids]
    (root / "watched.txt").write_text("\n".join(links) + "\n", encoding="utf-8")
    return presets


def sync_once(
    label: str,
    server: RunningApi,
    user: str,
    library: Path,
    presets: dict[str, int],
    batch_size: int,
    providers: ProviderFake,
) -> Figures:
    """One full sync in this process, timed, as a fresh user."""
    password = "bench:" + user
    add_user(server.env, user, password)
    client = open_client(server.base_url, user, password)
    api = TrackerApi(client)
    options = SyncOptions(library, assume_yes=True, presets=presets, batch_size=batch_size)
    out = io.StringIO()
    calls_before = providers.calls.count()
    started = time.perf_counter()
    status = run_sync(options, Console(out, out), lambda: api, ask=None)
    wall = time.perf_counter() - started
    client.close()
    files_left = sum(1 for _ in library.rglob("*.mkv"))
    calls = providers.calls.count() - calls_before
    return Figures(label, wall, api.requests_sent, calls, status, files_left)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--latency", type=float, default=0.02)
    parser.add_argument("--shows", type=int, default=40)
    parser.add_argument("--episodes", type=int, default=2000)
    parser.add_argument("--links", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary, ProviderFake() as providers:
        root = Path(temporary)
        video_ids = providers.add_youtube_videos(args.links // 2, channels=10)
        episode_ids = providers.add_spotify_episodes(args.links - args.links // 2)
        with running_api(root / "server", providers.environment()) as server:
            providers.latency = args.latency
            results = []
            for label, user, batch in (
                ("batched", "batched", CHUNK_SIZE),
                ("baseline: one item per request", "baseline", 1),
            ):
                library = root / user
                presets = build_library(library, args.shows, args.episodes, video_ids, episode_ids)
                results.append(sync_once(label, server, user, library, presets, batch, providers))
    print(
        f"{args.episodes} episode files in {args.shows} show folders, {args.links} links, "
        f"{args.latency * 1000:.0f} ms added per provider call"
    )
    print("| Sync | HTTP requests to the API | Provider calls | Wall | Exit | Files left |")
    print("|---|---:|---:|---:|---:|---:|")
    for figures in results:
        print(
            f"| {figures.label} | {figures.requests} | {figures.provider_calls} "
            f"| {figures.wall:.2f} s | {figures.status} | {figures.files_left} |"
        )
    batched, baseline = results
    print(
        f"Ratio batched/baseline: requests {batched.requests / baseline.requests:.4f}, "
        f"wall {batched.wall / baseline.wall:.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
