"""Benchmark of the REST API: /progress vs a bare read, /syncyoutube requests, cold import.

Run: ``.venv/bin/python bench/api.py [--sizes 1000,10000,100000] [--repeat 20]``
The DynamoDB tier starts AWS's DynamoDB Local, which binds every interface, so this script
re-runs itself inside a private network namespace (``unshare -n``) when it is not in one.
Everything it talks to is on loopback. It prints figures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from bench.storage import enter_private_network  # noqa: E402
from handlers.http.api import Api  # noqa: E402
from handlers.http.local_server import LocalServer  # noqa: E402
from handlers.service.accounts.credentials import AccountStore, Authenticator  # noqa: E402
from handlers.service.facade import Service  # noqa: E402
from handlers.settings import Settings  # noqa: E402
from metadata_clients.settings import ProviderSettings, build_clients  # noqa: E402
from storage.models import (  # noqa: E402
    Episode,
    Movie,
    Show,
    SpotifyEpisode,
    SpotifyShow,
    YouTubeChannel,
    YouTubeVideo,
    user_pk,
)
from storage.repository import Item, ItemRepository  # noqa: E402
from storage.sqlite import SQLiteItemRepository  # noqa: E402
from tests.fakes.providers import ProviderFake  # noqa: E402
from tests.support.local_server import serving as serving_in_thread  # noqa: E402

USER, PASSWORD = "bench", "bench-password"
print = functools.partial(print, flush=True)  # figures appear as they are measured
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


class CountingRepository:
    """Counts the store operations a piece of work sends (one batched call counts once)."""

    def __init__(self, inner: ItemRepository) -> None:
        self.inner = inner
        self.calls: dict[str, int] = {}

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self.inner, name)
        if not callable(attribute):
            return attribute

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls[name] = self.calls.get(name, 0) + 1
            return attribute(*args, **kwargs)

        return counted


def realistic_items(count: int, start: int) -> list[Item]:
    """A five-year user's mix: mostly episodes and videos, some podcasts and movies."""
    items: list[Item] = []
    shows = [f"Show {n:02d} [1080p]" for n in range(40)]
    channels = [f"UCbench{n:017d}" for n in range(60)]
    podcasts = [f"benchShow{n:013d}" for n in range(8)]
    span = 5 * 365 * 86400
    for n in range(count):
        timestamp = start + (n * span) // max(count, 1)
        kind = n % 20
        if kind < 9:
            items.append(
                Episode(
                    user=USER,
                    folder_name=shows[n % 40],
                    file_name=f"ep {n:06d}",
                    timestamp=timestamp,
                ).to_item()
            )
        elif kind < 18:
            items.append(
                YouTubeVideo(
                    user=USER,
                    youtube_video_id=f"v{n:010d}",
                    youtube_video_title=f"Video {n}",
                    youtube_channel_id=channels[n % 60],
                    youtube_video_duration=600 + n % 900,
                    timestamp=timestamp,
                ).to_item()
            )
        elif kind == 18:
            items.append(
                SpotifyEpisode(
                    user=USER,
                    spotify_episode_id=f"b{n:021d}",
                    spotify_episode_title=f"Ep {n}",
                    spotify_show_id=podcasts[n % 8],
                    spotify_episode_duration=1800,
                    timestamp=timestamp,
                ).to_item()
            )
        else:
            items.append(
                Movie(
                    user=USER,
                    file_name=f"movie {n}",
                    tvdb_id=n,
                    tvdb_name=f"Movie {n}",
                    movie_duration=6600,
                    timestamp=timestamp,
                ).to_item()
            )
    items += [
        Show(
            user=USER, folder_name=s, tvdb_id=1000 + i, tvdb_name=s, tvdb_average_runtime=1440
        ).to_item()
        for i, s in enumerate(shows[:30])
    ]
    items += [
        YouTubeChannel(user=USER, youtube_channel_id=c, youtube_channel_title=c).to_item()
        for c in channels
    ]
    items += [
        SpotifyShow(user=USER, spotify_show_id=p, spotify_show_name=p).to_item() for p in podcasts
    ]
    return items


def populate(repo: ItemRepository, count: int) -> None:
    items = realistic_items(count, int(NOW.timestamp()) - 5 * 365 * 86400)
    for start in range(0, len(items), 1000):
        repo.put_many_if_absent(items[start : start + 1000])


def median_seconds(work: Callable[[], object], repeat: int) -> float:
    work()  # warm-up, untimed: first-call costs (JIT in DynamoDB Local, caches) are not latency
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        work()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


@contextmanager
def serving(service: Service) -> Iterator[str]:
    accounts = AccountStore(service.repo)
    if accounts.password_hash(USER) is None:
        accounts.add(USER, PASSWORD)
    server = LocalServer(Api(service, Authenticator(accounts)), "127.0.0.1", 0)
    with serving_in_thread(server):
        yield f"http://127.0.0.1:{server.address[1]}"


def bench_progress(
    name: str,
    open_store: Callable[[str], ItemRepository],
    sizes: Sequence[int],
    repeat: int,
    providers: ProviderFake,
) -> None:
    print(f"\n## GET /progress on {name} (median of {repeat})")
    print(
        f"{'items':>8} {'bare read':>10} {'progress (service)':>19} {'ratio':>6} "
        f"{'GET /progress (HTTP)':>21} {'ratio':>6}"
    )
    previous: tuple[int, float] | None = None
    for size in sizes:
        repo = open_store(f"progress{size}")
        populate(repo, size)
        service = Service(
            repo=repo,
            providers=build_clients(
                ProviderSettings(**_provider_kwargs(providers)), httpx.Client()
            ),
            settings=Settings(),
            clock=lambda: NOW,
        )
        pk = user_pk(USER)
        bare = median_seconds(lambda: sum(1 for _ in repo.query_prefix(pk)), repeat)  # noqa: B023
        direct = median_seconds(lambda: service.progress(USER), repeat)  # noqa: B023
        with (
            serving(service) as url,
            httpx.Client(base_url=url, auth=(USER, PASSWORD), timeout=600) as http,
        ):
            http.get("/progress").raise_for_status()  # the first call pays the password hash
            over_http = median_seconds(lambda: http.get("/progress").raise_for_status(), repeat)
        growth = ""
        if previous:
            growth = f"  (x{size / previous[0]:.0f} items -> x{over_http / previous[1]:.1f} time)"
        previous = (size, over_http)
        print(
            f"{size:>8} {bare * 1000:>8.1f}ms {direct * 1000:>17.1f}ms {direct / bare:>5.2f}x "
            f"{over_http * 1000:>19.1f}ms {over_http / bare:>5.2f}x{growth}"
        )


def _provider_kwargs(fake: ProviderFake) -> dict[str, Any]:
    env = fake.environment()
    prefix = "IMMERSION_TRACKER_"
    return {k[len(prefix) :].lower(): v for k, v in env.items() if k.startswith(prefix)}


def bench_syncyoutube(
    name: str,
    open_store: Callable[[str], ItemRepository],
    providers: ProviderFake,
    request_counter: Callable[[], int] | None,
) -> None:
    print(f"\n## POST /syncyoutube with 500 new ids on {name}")
    ids = providers.add_youtube_videos(1000, channels=20)
    clients = build_clients(ProviderSettings(**_provider_kwargs(providers)), httpx.Client())

    repo = CountingRepository(open_store("syncyoutube"))
    service = Service(repo=repo, providers=clients, settings=Settings(), clock=lambda: NOW)
    with (
        serving(service) as url,
        httpx.Client(base_url=url, auth=(USER, PASSWORD), timeout=600) as http,
    ):
        repo.calls.clear()
        requests_before = request_counter() if request_counter else 0
        providers.calls.reset()
        began = time.perf_counter()
        answer = http.post("/syncyoutube", json={"video_ids": ids[:500]}).json()
        ours_time = time.perf_counter() - began
    ours_store = sum(repo.calls.values())
    ours_wire = (request_counter() - requests_before) if request_counter else None
    ours_provider = providers.calls.count()

    # The first generation: per id, one GetItem, one video call, one channel call, PutItems.
    baseline = CountingRepository(open_store("baseline"))
    pk = user_pk(USER)
    providers.calls.reset()
    requests_before = request_counter() if request_counter else 0
    began = time.perf_counter()
    assert clients.youtube is not None
    for video_id in ids[500:]:
        if baseline.get(pk, YouTubeVideo.SK_PREFIX + video_id) is not None:
            continue
        video = clients.youtube.videos([video_id])[video_id]
        channel = clients.youtube.channels([video.channel_id])[video.channel_id]
        baseline.put(
            YouTubeVideo(
                user=USER,
                youtube_video_id=video.id,
                youtube_video_title=video.title,
                youtube_channel_id=video.channel_id,
                youtube_video_duration=video.duration_seconds,
                timestamp=int(NOW.timestamp()),
            ).to_item()
        )
        baseline.put(
            YouTubeChannel(
                user=USER, youtube_channel_id=channel.id, youtube_channel_title=channel.title
            ).to_item()
        )
    base_time = time.perf_counter() - began
    base_store = sum(baseline.calls.values())
    base_wire = (request_counter() - requests_before) if request_counter else None
    base_provider = providers.calls.count()
    print(
        f"  ours:     videos_added={answer.get('videos_added')} store operations={ours_store}"
        + (f" (DynamoDB requests={ours_wire})" if ours_wire is not None else "")
        + f" provider calls={ours_provider} wall={ours_time:.2f}s"
    )
    print(
        f"  baseline: store operations={base_store}"
        + (f" (DynamoDB requests={base_wire})" if base_wire is not None else "")
        + f" provider calls={base_provider} wall={base_time:.2f}s"
    )
    ratio_wire = (
        f", DynamoDB requests {base_wire / max(ours_wire, 1):.0f}x"
        if base_wire and ours_wire
        else ""
    )
    print(
        f"  fewer: store operations {base_store / max(ours_store, 1):.0f}x{ratio_wire}, "
        f"provider calls {base_provider / max(ours_provider, 1):.0f}x"
    )


def bench_cold_import() -> None:
    print("\n## API Lambda cold import (fresh interpreter, median of 5)")
    code = (
        "import sys, time; t = time.perf_counter(); import handlers.aws.api_lambda; "
        "d = time.perf_counter() - t; "
        "print(json.dumps({'s': d, 'heavy': sorted(m for m in ('telegram', 'matplotlib', 'bot') "
        "if m in sys.modules)}))"
    )
    runs = []
    for _ in range(5):
        out = subprocess.run(
            [sys.executable, "-c", "import json; " + code],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        runs.append(json.loads(out))
    base = []
    for _ in range(5):
        began = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        base.append(time.perf_counter() - began)
    importtime = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import handlers.aws.api_lambda"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stderr
    top = sorted(
        (
            (int(line.split("|")[1]), line.split("|")[2].strip())
            for line in importtime.splitlines()
            if line.startswith("import time:") and line.split("|")[1].strip().isdigit()
        ),
        reverse=True,
    )[:5]
    print(
        f"  import handlers.aws.api_lambda: "
        f"{statistics.median(r['s'] for r in runs) * 1000:.0f} ms "
        f"(interpreter start alone: {statistics.median(base) * 1000:.0f} ms); "
        f"heavy modules loaded: {runs[0]['heavy'] or 'none'}"
    )
    print(
        "  largest cumulative imports (-X importtime): "
        + ", ".join(f"{name} {micros / 1000:.0f} ms" for micros, name in top)
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--store", default="sqlite,dynamodb")
    args = parser.parse_args(argv)
    stores = args.store.split(",")
    if "dynamodb" in stores:
        enter_private_network()  # DynamoDB Local binds every interface
    sizes = [int(s) for s in args.sizes.split(",")]
    version = sys.version.split()[0]
    print(f"# bench/api.py, {datetime.now(UTC):%Y-%m-%d}, {os.cpu_count()} cores, Python {version}")
    with ExitStack() as stack:
        providers = stack.enter_context(ProviderFake())
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        if "sqlite" in stores:

            def open_sqlite(name: str) -> ItemRepository:
                return SQLiteItemRepository(tmp / f"{name}.sqlite3")

            bench_progress("SQLite", open_sqlite, sizes, args.repeat, providers)
            bench_syncyoutube("SQLite", open_sqlite, providers, None)
        if "dynamodb" in stores:
            open_dynamo, counter = stack.enter_context(dynamodb_local_stores())
            bench_progress("DynamoDB Local", open_dynamo, sizes, args.repeat, providers)
            bench_syncyoutube("DynamoDB Local", open_dynamo, providers, counter)
    bench_cold_import()


@contextmanager
def dynamodb_local_stores() -> Iterator[tuple[Callable[[str], ItemRepository], Callable[[], int]]]:
    """A factory of fresh tables on DynamoDB Local, and a counter of requests sent to it."""
    import boto3

    from storage.dynamodb import DynamoDBItemRepository, create_table
    from tests.support.dynamodb_local import running_dynamodb_local

    with tempfile.TemporaryDirectory() as logs, running_dynamodb_local(Path(logs)) as endpoint:
        client = boto3.client(
            "dynamodb",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id="bench",
            aws_secret_access_key="bench",
        )
        sent = [0]

        def count(**_: Any) -> None:
            sent[0] += 1

        client.meta.events.register("before-send.dynamodb", count)

        def open_table(name: str) -> ItemRepository:
            create_table(client, name)
            return DynamoDBItemRepository(name, client=client)

        yield open_table, lambda: sent[0]


if __name__ == "__main__":
    main()
