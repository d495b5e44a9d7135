"""Benchmark of the provider clients against the loopback fake (does network I/O on 127.0.0.1).

Run: ``.venv/bin/python bench/providers.py [--latency 0.05]``. Looks up 200 YouTube videos
(from 20 channels), 50 Spotify episodes and a few TVDB series, first the way the first
generation did (one request per video, per channel, a token per Spotify episode, a TVDB
login per lookup, all sequential) and then with the clients, printing calls, wall time and
the ratios.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from metadata_clients.spotify import SpotifyClient
from metadata_clients.tvdb import TvdbClient
from metadata_clients.youtube import YouTubeClient
from tests.fakes.providers import (
    SPOTIFY_CLIENT_ID,
    SPOTIFY_CLIENT_SECRET,
    TVDB_API_KEY,
    YOUTUBE_API_KEY,
    ProviderFake,
)

VIDEOS, CHANNELS, EPISODES = 200, 20, 50
TVDB_SERIES = [278157, 270065, 9_000_001, 9_000_002, 9_000_003]


@dataclass(frozen=True)
class Figure:
    calls: int
    seconds: float


def measure(fake: ProviderFake, prefixes: tuple[str, ...], work: Callable[[], object]) -> Figure:
    fake.calls.reset()
    started = time.perf_counter()
    work()
    elapsed = time.perf_counter() - started
    calls = sum(n for endpoint, n in fake.calls.counts().items() if endpoint.startswith(prefixes))
    return Figure(calls, elapsed)


def first_generation_youtube(http: httpx.Client, fake: ProviderFake, ids: list[str]) -> None:
    channel_ids: dict[str, None] = {}
    for video_id in ids:
        answer = http.get(f"{fake.url}/youtube/v3/videos", params={
            "part": "snippet,contentDetails", "id": video_id, "key": YOUTUBE_API_KEY}).json()
        channel_ids[answer["items"][0]["snippet"]["channelId"]] = None
    for channel_id in channel_ids:
        http.get(f"{fake.url}/youtube/v3/channels",
                 params={"part": "snippet", "id": channel_id, "key": YOUTUBE_API_KEY}).json()


def first_generation_spotify(http: httpx.Client, fake: ProviderFake, ids: list[str]) -> None:
    for episode_id in ids:
        token = http.post(f"{fake.url}/api/token", data={"grant_type": "client_credentials"},
                          auth=(SPOTIFY_CLIENT_ID, SPOTIFY_CLIENT_SECRET)).json()
        http.get(f"{fake.url}/v1/episodes/{episode_id}", params={"market": "US"},
                 headers={"Authorization": f"Bearer {token['access_token']}"}).json()


def first_generation_tvdb(http: httpx.Client, fake: ProviderFake) -> None:
    for series_id in TVDB_SERIES:
        token = http.post(f"{fake.url}/v4/login", json={"apikey": TVDB_API_KEY}).json()
        http.get(f"{fake.url}/v4/series/{series_id}",
                 headers={"Authorization": f"Bearer {token['data']['token']}"}).json()


def clients_youtube(client: YouTubeClient, ids: list[str]) -> None:
    videos = client.videos(ids)
    client.channels({video.channel_id for video in videos.values()})


def clients_spotify(client: SpotifyClient, ids: list[str]) -> None:
    found = client.episodes(ids)
    failed = [i for i, episode in found.items() if isinstance(episode, Exception)]
    if failed:
        raise SystemExit(f"episodes failed: {failed}")


def clients_tvdb(client: TvdbClient) -> None:
    for series_id in TVDB_SERIES:
        client.series(series_id)


def row(name: str, before: Figure, after: Figure) -> str:
    return (f"{name:<34} {before.calls:>6} {after.calls:>6} {after.calls / before.calls:>7.3f}"
            f" {before.seconds:>9.3f} {after.seconds:>9.3f} {after.seconds / before.seconds:>7.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--latency", type=float, default=0.05, help="seconds added per request")
    latency = parser.parse_args().latency
    with ProviderFake(latency=latency) as fake, httpx.Client() as http:
        video_ids = fake.add_youtube_videos(VIDEOS, channels=CHANNELS)
        episode_ids = fake.add_spotify_episodes(EPISODES)
        youtube = YouTubeClient(http, YOUTUBE_API_KEY, fake.url)
        spotify = SpotifyClient(http, SPOTIFY_CLIENT_ID, SPOTIFY_CLIENT_SECRET, fake.url,
                                fake.url)
        tvdb = TvdbClient(http, TVDB_API_KEY, f"{fake.url}/v4")
        youtube_before = measure(
            fake, ("youtube",), lambda: first_generation_youtube(http, fake, video_ids))
        figures = {
            f"YouTube {VIDEOS} videos + {CHANNELS} channels": (
                youtube_before,
                measure(fake, ("youtube",), lambda: clients_youtube(youtube, video_ids))),
            f"YouTube {VIDEOS} videos, channels stored": (
                youtube_before,
                measure(fake, ("youtube",), lambda: youtube.videos(video_ids))),
            f"Spotify {EPISODES} episodes": (
                measure(fake, ("spotify",),
                        lambda: first_generation_spotify(http, fake, episode_ids)),
                measure(fake, ("spotify",), lambda: clients_spotify(spotify, episode_ids))),
            f"TVDB {len(TVDB_SERIES)} series": (
                measure(fake, ("tvdb",), lambda: first_generation_tvdb(http, fake)),
                measure(fake, ("tvdb",), lambda: clients_tvdb(tvdb))),
        }
    print(f"Provider lookups against the loopback fake, {latency * 1000:.0f} ms added per request")
    print(f"{'lookup':<34} {'calls':>6} {'now':>6} {'ratio':>7} {'before s':>9} {'now s':>9} "
          f"{'ratio':>7}")
    for name, (before, after) in figures.items():
        print(row(name, before, after))
    print("Baseline of both YouTube rows: the first generation asked for every channel on every"
          " sync.")


if __name__ == "__main__":
    main()
