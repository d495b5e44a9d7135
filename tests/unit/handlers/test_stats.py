"""Statistics by period: buckets in the user's zone, every kind counted (pure functions)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from handlers.service.core.errors import InvalidInput
from handlers.service.progress.stats import compute_stats, counted, parse_period
from storage.models import (
    Episode,
    LogEntry,
    Movie,
    Show,
    SpotifyEpisode,
    SpotifyShow,
    YouTubeChannel,
    YouTubeVideo,
)
from storage.repository import Item

BERLIN = ZoneInfo("Europe/Berlin")


def at(day: date, hour: int = 12) -> int:
    return int(datetime(day.year, day.month, day.day, hour, tzinfo=BERLIN).timestamp())


def items() -> list[Item]:
    monday, sunday = date(2026, 11, 23), date(2026, 11, 29)
    log: dict[str, Any] = {"user": "a", "created_at": 0, "source": "api"}
    return [
        Show(user="a", folder_name="free", tvdb_name="Free!", tvdb_average_runtime=1440).to_item(),
        Episode(user="a", folder_name="free", file_name="1", timestamp=at(monday)).to_item(),
        Episode(user="a", folder_name="bare", file_name="1", timestamp=at(monday, 0)).to_item(),
        Movie(user="a", file_name="m", tvdb_name="Suzume", movie_duration=7200,
              timestamp=at(sunday, 23)).to_item(),
        YouTubeChannel(
            user="a", youtube_channel_id="UC", youtube_channel_title="Nihongo"
        ).to_item(),
        YouTubeVideo(user="a", youtube_video_id="v" * 11, youtube_channel_id="UC",
                     youtube_video_duration=600, watched_seconds=300,
                     timestamp=at(sunday)).to_item(),
        SpotifyShow(user="a", spotify_show_id="s", spotify_show_name="Miku").to_item(),
        SpotifyEpisode(user="a", spotify_episode_id="e", spotify_show_id="s",
                       spotify_episode_duration=1200, timestamp=at(date(2026, 11, 30))).to_item(),
        LogEntry(log_id="1", activity="manga", title="Yotsuba", duration=1800,
                 timestamp=at(date(2026, 11, 24)), **log).to_item(),
        LogEntry(log_id="2", activity="manga", title="Yotsuba", duration=600,
                 timestamp=at(date(2026, 11, 25)), **log).to_item(),
        LogEntry(log_id="3", activity="game", duration=900, timestamp=at(date(2026, 10, 1)),
                 **log).to_item(),
    ]


def test_weeks_are_local_and_every_kind_counts() -> None:
    stats = compute_stats(counted(items()), date(2026, 11, 23), date(2026, 12, 6), "week", BERLIN)
    assert stats["buckets"] == [
        {"start": "2026-11-23", "minutes": 24 + 20 + 120 + 5 + 30 + 10,
         "by_group": {"watching": 24 + 20 + 120 + 5, "listening": 0, "reading": 40, "other": 0}},
        {"start": "2026-11-30", "minutes": 20,
         "by_group": {"watching": 0, "listening": 20, "reading": 0, "other": 0}},
    ]
    assert stats["by_activity"] == [
        {"activity": "movie", "minutes": 120, "count": 1},
        {"activity": "tv", "minutes": 44, "count": 2},
        {"activity": "manga", "minutes": 40, "count": 2},
        {"activity": "podcast", "minutes": 20, "count": 1},
        {"activity": "video", "minutes": 5, "count": 1},
    ]
    assert [t["title"] for t in stats["top_titles"]] == [
        "Suzume", "Yotsuba", "Free!", "Miku", "bare", "Nihongo"  # ties by title
    ]
    assert stats["top_titles"][1] == {"title": "Yotsuba", "activity": "manga", "minutes": 40,
                                      "count": 2}


def test_empty_buckets_are_present_and_months_start_on_the_first() -> None:
    stats = compute_stats(counted(items()), date(2026, 9, 15), date(2026, 12, 1), "month", BERLIN)
    assert [(b["start"], b["minutes"]) for b in stats["buckets"]] == [
        ("2026-09-01", 0), ("2026-10-01", 15), ("2026-11-01", 24 + 20 + 120 + 5 + 40 + 20),
        ("2026-12-01", 0),
    ]
    days = compute_stats([], date(2026, 11, 1), date(2026, 11, 30), "day", BERLIN)
    assert len(days["buckets"]) == 30 and {b["minutes"] for b in days["buckets"]} == {0}


def test_the_period_is_checked() -> None:
    today = date(2026, 12, 1)
    assert parse_period(None, None, today) == (date(2026, 11, 25), today)
    for start, end, message in [
        ("2026-12-02", "2026-12-01", "must not be after"),
        ("2016-01-01", "2026-12-01", "at most 3,660 days"),
        ("yesterday", None, "YYYY-MM-DD"),
        ("9999-01-01", "9999-12-31", "before 9999-12-31"),
    ]:
        with pytest.raises(InvalidInput, match=message):
            parse_period(start, end, today)
    assert parse_period("0001-01-01", "0001-01-02", today) == (date(1, 1, 1), date(1, 1, 2))


def test_the_body_does_not_depend_on_the_order_entries_are_read() -> None:
    entries = counted(items()) + counted([
        LogEntry(user="a", log_id="4", activity="book", title="Kino", duration=1200,
                 timestamp=at(date(2026, 11, 26)), created_at=0, source="api").to_item(),
    ])
    forward = compute_stats(entries, date(2026, 11, 23), date(2026, 12, 6), "week", BERLIN)
    backward = compute_stats(entries[::-1], date(2026, 11, 23), date(2026, 12, 6), "week", BERLIN)
    assert forward == backward
    assert [a["activity"] for a in forward["by_activity"]][3:5] == ["book", "podcast"]  # 20 each
