"""The progress summary printed from a GET /progress document."""

from __future__ import annotations

from typing import Any

from sync_script.summary import bar, format_summary, since_start


def _progress(**overrides: Any) -> dict[str, Any]:
    progress: dict[str, Any] = {
        "total_episodes_watched": 27,
        "total_movies_watched": 1,
        "total_hours_watched": 12,
        "episodes_watched_today": 3,
        "movies_watched_today": 0,
        "youtube_videos_watched": 2,
        "youtube_videos_watched_today": 1,
        "spotify_episodes_watched": 1,
        "spotify_episodes_watched_today": 0,
        "days_since_first_episode": 400,
        "weekly_trend_percentage": 122.2222,
        "daily_activity": [
            {"days_ago": d, "minutes_watched": m}
            for d, m in zip(range(6, -1, -1), [20, 0, 40, 50, 45, 20, 30], strict=True)
        ],
        "all_time_progress": [
            {"label": "Oct 2024", "cumulative_hours": 2},
            {"label": "Jan 2025", "cumulative_hours": 2},
            {"label": "Apr 2025", "cumulative_hours": 12},
        ],
        "shows": [
            {
                "show_id": "270065",
                "name": "ハイキュー!!",
                "artwork_url": None,
                "episodes_watched": 25,
            },
            {"show_id": None, "name": None, "artwork_url": None, "episodes_watched": 1},
        ],
        "youtube_channels": [
            {
                "channel_id": "UC1",
                "channel_name": "officialpsy",
                "artwork_url": None,
                "videos_watched": 2,
            }
        ],
        "spotify_shows": [
            {
                "show_id": "6N",
                "show_name": "The Miku Real Japanese Podcast",
                "artwork_url": None,
                "episodes_watched": 1,
            }
        ],
        "movies": [
            {"movie_id": "suzume", "name": "すずめの戸締まり", "artwork_url": None},
            {"movie_id": "raw file", "name": None, "artwork_url": None},
        ],
    }
    progress.update(overrides)
    return progress


def test_the_summary_has_every_part_in_order() -> None:
    lines = format_summary(_progress())
    assert lines[:11] == [
        "Shows:",
        "  ハイキュー!!: 25 episodes",
        "  (no TVDB id yet): 1 episode",
        "Movies:",
        "  すずめの戸締まり",
        "  raw file",
        "YouTube channels:",
        "  officialpsy: 2 videos",
        "Podcasts:",
        "  The Miku Real Japanese Podcast: 1 episode",
        "Today: 3 episodes, 0 movies, 1 video, 0 podcast episodes",
    ]
    assert lines[11] == "Last 7 days (minutes):"
    assert lines[12] == "   6d ago | " + "#" * 16 + " 20"
    assert lines[13] == "   5d ago |  0"
    assert lines[15] == "   3d ago | " + "#" * 40 + " 50"
    assert lines[18] == "    today | " + "#" * 24 + " 30"
    assert lines[19] == "Weekly trend: +122.2% against your average week"
    assert lines[20:24] == [
        "All time (cumulative hours by quarter):",
        "  Oct 2024 | ####### 2",
        "  Jan 2025 | ####### 2",
        "  Apr 2025 | " + "#" * 40 + " 12",
    ]
    assert lines[24:] == ["Total: 12 hours", "Since the start: 1 year and 1 month"]


def test_a_new_user_gets_no_trend_and_empty_sections_are_left_out() -> None:
    lines = format_summary(
        _progress(
            shows=[],
            movies=[],
            youtube_channels=[],
            spotify_shows=[],
            weekly_trend_percentage=None,
            days_since_first_episode=3,
        )
    )
    assert lines[0].startswith("Today: ")
    assert "Weekly trend: not enough history yet (two weeks needed)" in lines
    assert lines[-1] == "Since the start: 0 years and 0 months"


def test_a_negative_trend_shows_its_sign() -> None:
    assert "Weekly trend: -100.0% against your average week" in format_summary(
        _progress(weekly_trend_percentage=-100.0)
    )


def test_a_document_missing_fields_does_not_crash() -> None:
    lines = format_summary({})
    assert "Total: 0 hours" in lines


def test_bars_and_durations() -> None:
    assert bar(0, 10) == ""
    assert bar(1, 1000) == "#"
    assert bar(10, 10, width=5) == "#####"
    assert since_start(364) == "0 years and 12 months"
    assert since_start(730 + 61) == "2 years and 2 months"
