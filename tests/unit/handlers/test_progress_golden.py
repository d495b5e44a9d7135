"""Golden outputs of the progress statistics and the digest for fixed stores, clocks and zones.

The `/progress` body is a contract its clients print byte for byte; these fingerprints were
recorded before the calendar and duration rules moved into their own modules, so any change
to a single byte of any body fails here. Regenerate (only for an intended change) with
``python -m tests.unit.handlers.test_progress_golden``. Pure: reads one JSON file.

The digest's fingerprints were re-recorded on purpose (logged immersion counts, an empty
week is one line, the total is a duration, the pace is the reported week's; then the week's
breakdown became /progress's groups and activities, and the reply's total its minutes);
every ``progress`` fingerprint stayed as recorded, which each regeneration checked.
"""

from __future__ import annotations

import hashlib
import json
import random
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.digest_text import digest_text
from bot.formatting import progress_text
from handlers.service.notify.digest import compute_digest
from handlers.service.progress.statistics import FIRST_GENERATION_FIELDS, compute_progress
from storage.models import (
    Episode,
    Movie,
    Show,
    SpotifyEpisode,
    SpotifyShow,
    YouTubeChannel,
    YouTubeVideo,
)
from storage.repository import Item

GOLDEN = Path(__file__).with_name("progress_golden.json")
USER = "golden"
ZONES = ("Pacific/Auckland", "UTC", "America/New_York")
CLOCKS = {
    "nz-summer": datetime(2024, 1, 7, 12, tzinfo=UTC),
    "nz-dst-end": datetime(2024, 4, 6, 14, 30, tzinfo=UTC),  # 02:30 NZST, just after 03:00 NZDT
    "nz-dst-start": datetime(2024, 9, 29, 1, tzinfo=UTC),  # 14:00 NZDT, the day clocks go on
    "us-dst-start": datetime(2024, 3, 10, 7, 30, tzinfo=UTC),  # 03:30 EDT in New York
    "new-year": datetime(2024, 12, 31, 11, 0, 1, tzinfo=UTC),  # 00:00:01 on 1 Jan in Auckland
}
_START = int(datetime(2022, 6, 1, tzinfo=UTC).timestamp())
_END = int(datetime(2025, 2, 1, tzinfo=UTC).timestamp())


def _shows(rng: random.Random) -> list[Item]:
    fields: list[dict[str, Any]] = [
        {"tvdb_id": 1, "tvdb_name": "Alpha", "tvdb_image": "a.jpg", "tvdb_average_runtime": 1440},
        {"tvdb_id": 1, "tvdb_name": "Alpha again", "tvdb_average_runtime": 1500},
        {"tvdb_id": 2, "tvdb_name": "ベータ", "tvdb_average_runtime": 0},
        {"tvdb_name": "No id", "tvdb_average_runtime": 2700},
        {"tvdb_id": 3, "tvdb_name": None, "tvdb_average_runtime": rng.randrange(600, 3600)},
    ]
    return [Show(user=USER, folder_name=f"f{n}", **f).to_item() for n, f in enumerate(fields)]


def _content(rng: random.Random, count: int) -> list[Item]:
    items: list[Item] = []
    for n in range(count):
        ts = rng.randrange(_START, _END)
        kind = rng.randrange(4)
        if kind == 0:
            folder = f"f{rng.randrange(7)}"  # f5 and f6 have no show record
            items.append(Episode(user=USER, folder_name=folder, file_name=str(n), timestamp=ts)
                         .to_item())
        elif kind == 1:
            items.append(Movie(user=USER, file_name=f"m{n}", timestamp=ts,
                               movie_duration=rng.choice([None, rng.randrange(3600, 9000)]),
                               tvdb_name=rng.choice([None, f"Movie {n % 5}"]),
                               tmdb_name=rng.choice([None, "Tmdb"])).to_item())
        elif kind == 2:
            seconds = rng.choice([None, rng.randrange(30, 4000)])
            items.append(YouTubeVideo(user=USER, youtube_video_id=f"v{n}", timestamp=ts,
                                      youtube_channel_id=rng.choice([None, "UC1", "UC2", "UC3"]),
                                      youtube_video_duration=seconds).to_item())
        else:
            items.append(SpotifyEpisode(user=USER, spotify_episode_id=f"s{n}", timestamp=ts,
                                        spotify_show_id=rng.choice([None, "S1", "S2"]),
                                        spotify_episode_duration=rng.randrange(60, 5400))
                         .to_item())
    return items


def _records() -> list[Item]:
    return [
        YouTubeChannel(user=USER, youtube_channel_id="UC1", youtube_channel_title="Chan",
                       youtube_channel_artwork_url="c.jpg").to_item(),
        YouTubeChannel(user=USER, youtube_channel_id="UC2").to_item(),
        SpotifyShow(user=USER, spotify_show_id="S1", spotify_show_name="Pod").to_item(),
    ]


def _store(name: str) -> list[Item]:
    rng = random.Random(name)
    if name == "empty":
        return []
    full = name != "sparse"
    items = (_shows(rng) + _records() if full else []) + _content(rng, 600 if full else 6)
    return sorted(items, key=lambda item: item["sk"].encode())


STORES = ("empty", "sparse", "mixed")
CASES = [(s, c, z) for s in STORES for c in CLOCKS for z in ZONES]


def _fingerprints(store: str, clock: str, zone: str) -> dict[str, str]:
    items, now, tz = _store(store), CLOCKS[clock], ZoneInfo(zone)
    full = compute_progress(iter(items), now, tz)
    # Only the first generation's fields are its clients' contract; new ones are appended.
    body = json.dumps({name: full[name] for name in FIRST_GENERATION_FIELDS})
    digest = compute_digest(iter(items), now, tz)
    texts = progress_text(json.loads(body)) + "\n" + digest_text(digest)
    return {
        name: hashlib.sha256(text.encode()).hexdigest()
        for name, text in (("progress", body), ("digest", repr(digest)), ("texts", texts))
    }


def _key(store: str, clock: str, zone: str) -> str:
    return f"{store}/{clock}/{zone}"


@pytest.mark.parametrize(("store", "clock", "zone"), CASES)
def test_bodies_match_the_recorded_ones(store: str, clock: str, zone: str) -> None:
    recorded = json.loads(GOLDEN.read_text())
    assert _fingerprints(store, clock, zone) == recorded[_key(store, clock, zone)]


if __name__ == "__main__":
    GOLDEN.write_text(
        json.dumps({_key(*case): _fingerprints(*case) for case in CASES}, indent=1) + "\n"
    )
