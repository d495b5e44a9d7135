"""GET /progress with logs and partial watches: first-generation fields and appended ones."""

from __future__ import annotations

from datetime import UTC, datetime

from handlers.service.progress.statistics import FIRST_GENERATION_FIELDS
from storage.models import LogEntry
from storage.repository import Item
from tests.unit.handlers.test_progress import (
    AUCKLAND,
    NOW,
    NOW_TS,
    episode,
    podcast_episode,
    progress,
    show,
    video,
)

MINUTE, DAY = 60, 86400


def log(log_id: str, activity: str, ts: int, seconds: int) -> Item:
    return LogEntry(
        user="alice", log_id=log_id, activity=activity, duration=seconds, timestamp=ts,
        created_at=ts, source="api",
    ).to_item()


def first_generation_items() -> list[Item]:
    return [
        show("free", tvdb_id=1, tvdb_name="Free!", tvdb_average_runtime=24 * MINUTE),
        episode("free", "1", NOW_TS - 20 * DAY),
        episode("free", "2", NOW_TS - 60),
        video("a" * 11, NOW_TS - 2 * DAY, 10 * MINUTE),
        podcast_episode("e" * 22, NOW_TS - 3 * DAY, 30 * MINUTE),
    ]


def test_logs_add_to_the_totals_but_not_to_the_counts_or_lists() -> None:
    before = progress(first_generation_items(), NOW)
    logs = [log("1", "manga", NOW_TS - 90, 40 * MINUTE), log("2", "anime", NOW_TS - 30 * DAY,
                                                             100 * MINUTE)]
    after = progress(first_generation_items() + logs, NOW)
    for name in ("total_episodes_watched", "episodes_watched_today", "shows", "movies",
                 "youtube_channels", "spotify_shows", "youtube_videos_watched"):
        assert after[name] == before[name]
    assert after["daily_activity"][-1]["minutes_watched"] == 24 + 40
    assert after["total_hours_watched"] == (24 * 2 + 10 + 30 + 40 + 100) // 60
    assert after["days_since_first_episode"] == 30  # the oldest entry is a log
    assert after["all_time_progress"][-1]["cumulative_hours"] == after["total_hours_watched"]


def test_appended_fields_count_every_kind_by_group_and_activity() -> None:
    items = [*first_generation_items(), log("1", "manga", NOW_TS - 90, 40 * MINUTE),
             log("2", "visual_novel", NOW_TS - DAY * 2, 20 * MINUTE)]
    result = progress(items, NOW)
    assert list(result)[: len(FIRST_GENERATION_FIELDS)] == list(FIRST_GENERATION_FIELDS)
    assert result["total_minutes"] == 48 + 10 + 30 + 40 + 20
    assert result["today_minutes"] == 24 + 40
    assert result["by_group"] == [
        {"group": "watching", "minutes": 58, "today_minutes": 24},
        {"group": "listening", "minutes": 30, "today_minutes": 0},
        {"group": "reading", "minutes": 60, "today_minutes": 40},
        {"group": "other", "minutes": 0, "today_minutes": 0},
    ]
    assert result["by_activity"] == [
        {"activity": "tv", "minutes": 48, "count": 2},
        {"activity": "manga", "minutes": 40, "count": 1},
        {"activity": "podcast", "minutes": 30, "count": 1},
        {"activity": "visual_novel", "minutes": 20, "count": 1},
        {"activity": "video", "minutes": 10, "count": 1},
    ]


def test_a_part_watched_counts_instead_of_the_full_length() -> None:
    partial = video("b" * 11, NOW_TS - 60, 3 * 3600)
    partial["watched_seconds"] = 20 * MINUTE
    live = video("c" * 11, NOW_TS - 60, None)
    live["watched_seconds"] = 15 * MINUTE
    result = progress([partial, live], NOW)
    assert result["today_minutes"] == 35
    assert result["youtube_videos_watched_today"] == 2


def test_an_empty_store_has_zeros_in_every_group() -> None:
    result = progress([], datetime(2024, 3, 31, 12, tzinfo=UTC), AUCKLAND)
    assert result["total_minutes"] == result["today_minutes"] == 0
    assert [g["minutes"] for g in result["by_group"]] == [0, 0, 0, 0]
    assert result["by_activity"] == []
