"""The weekly digest's figures, from hand-built items with a fixed clock (pure)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from handlers.service.goals.rules import pace
from handlers.service.notify.digest import compute_digest, milestones_after, next_milestone
from storage.repository import Item

TZ = ZoneInfo("Pacific/Auckland")
NOW = datetime(2026, 1, 12, 9, 0, tzinfo=TZ)  # a Monday, 09:00 local
"""The digest covers Mon 5 Jan to Sun 11 Jan 2026."""


def _at(days_before_now: float, hours: float = 0) -> int:
    return int((NOW - timedelta(days=days_before_now) + timedelta(hours=hours)).timestamp())


def _video(video_id: str, when: int, seconds: int, channel: str = "UC1") -> Item:
    return {"pk": "USER#a", "sk": f"YOUTUBEVIDEO#{video_id}", "youtube_video_id": video_id,
            "youtube_channel_id": channel, "youtube_video_duration": seconds,
            "timestamp": when}


def _episode(folder: str, name: str, when: int) -> Item:
    return {"pk": "USER#a", "sk": f"EPISODE#{folder}#{name}", "folder_name": folder,
            "file_name": name, "timestamp": when}


def _podcast(episode_id: str, when: int, seconds: int) -> Item:
    return {"pk": "USER#a", "sk": f"SPOTIFYEPISODE#{episode_id}",
            "spotify_episode_id": episode_id, "spotify_show_id": "S1",
            "spotify_episode_duration": seconds, "timestamp": when}


RECORDS: list[Item] = [
    {"pk": "USER#a", "sk": "SHOW#haikyu", "folder_name": "haikyu", "tvdb_id": 270065,
     "tvdb_name": "ハイキュー!!", "tvdb_average_runtime": 1440},
    {"pk": "USER#a", "sk": "YOUTUBECHANNEL#UC1", "youtube_channel_id": "UC1",
     "youtube_channel_title": "officialpsy"},
    {"pk": "USER#a", "sk": "SPOTIFYSHOW#S1", "spotify_show_id": "S1",
     "spotify_show_name": "Miku <Real> Japanese"},
]


def test_week_windows_kinds_and_tops() -> None:
    items = [
        *RECORDS,
        _episode("haikyu", "e1", _at(1)), _episode("haikyu", "e2", _at(3)),  # 2 × 24 min
        _episode("free", "e1", _at(2)),  # no show record: 20 min
        _video("v1", _at(6, -8), 600),  # Monday 01:00, inside the week
        _podcast("p1", _at(4), 1800),
        _video("v2", _at(8), 3600),  # previous week
        _video("v3", _at(0, 0.5), 999),  # today: after the reported week
    ]
    digest = compute_digest(items, NOW.astimezone(UTC), TZ)
    assert digest.week_label == "5–11 Jan 2026"
    assert digest.minutes_this_week == 48 + 20 + 10 + 30
    assert digest.minutes_previous_week == 60
    assert digest.minutes_by_group == {"watching": 78, "listening": 30}
    assert digest.minutes_by_activity == {"tv": 68, "podcast": 30, "video": 10}
    assert [(r.name, r.minutes) for r in digest.top_shows] == [("ハイキュー!!", 48),
                                                               ("free", 20)]
    assert [r.name for r in digest.top_channels] == ["officialpsy"]
    assert [r.name for r in digest.top_podcasts] == ["Miku <Real> Japanese"]
    assert digest.average_weekly_minutes is None  # less than two weeks of history
    assert digest.total_hours == (48 + 20 + 10 + 30 + 60 + 16) // 60
    assert digest.weekly_minutes[-1] == ("5 Jan", 108)
    assert digest.weekly_minutes[-2] == ("29 Dec", 60)
    assert len(digest.weekly_minutes) == 8


def test_streak_counts_back_from_today_or_yesterday() -> None:
    items = [_video(f"v{d}", _at(d), 60) for d in (1, 2, 3, 5)]
    assert compute_digest(items, NOW, TZ).streak_days == 3
    items.append(_video("today", _at(0, 0.5), 60))
    assert compute_digest(items, NOW, TZ).streak_days == 4
    assert compute_digest([_video("old", _at(3), 60)], NOW, TZ).streak_days == 0


def test_average_and_milestone_with_history() -> None:
    # 28 days of one hour a day: 28 hours in total, 7 hours a week.
    items = [_video(f"d{d}", _at(d, -9), 3600) for d in range(1, 29)]  # local midnights
    digest = compute_digest(items, NOW, TZ)
    assert digest.average_weekly_minutes is not None
    assert digest.average_weekly_minutes == 7 * 60
    assert digest.milestone is not None
    assert digest.milestone.hours == 50
    # 22 more hours at one hour a day: 22 days after 12 Jan.
    assert digest.milestone.month == "February 2026"


def test_empty_history_is_all_zero() -> None:
    digest = compute_digest([], NOW, TZ)
    assert digest.minutes_this_week == 0
    assert digest.streak_days == 0
    assert digest.milestone is None
    assert digest.minutes_by_group == {}
    assert digest.minutes_by_activity == {}


def test_milestones_are_the_ones_progress_aims_at() -> None:
    # goals.md's round milestones: the digest and /progress' pace name the same next one
    # (at 648 hours the digest said 750 while /progress said 1,000).
    assert milestones_after(0) == 10
    assert milestones_after(999.9) == 1000
    assert milestones_after(648) == 1000
    assert milestones_after(1000) == 2500
    assert milestones_after(10_000) is None  # none past the last, as /progress has none
    assert next_milestone(10_000 * 3600, 3600, NOW) is None
    assert next_milestone(3600, 1, NOW) is None  # centuries away: no date
    days = {NOW.date() - timedelta(days=n): {"all": 24 * 60.0} for n in range(28)}
    for hours in (5, 99, 648, 2_499, 9_000):
        aimed = pace(hours, days, NOW.date())
        assert aimed is not None and aimed["milestone_hours"] == milestones_after(hours)


def test_logged_immersion_counts_and_the_total_is_a_duration() -> None:
    from bot.digest_text import digest_text

    log = {"pk": "USER#a", "sk": "LOG#x", "log_id": "x", "activity": "book", "duration": 1020,
           "timestamp": _at(2)}
    digest = compute_digest([log], NOW, TZ)
    assert digest.minutes_this_week == 17
    assert digest.minutes_by_group == {"reading": 17}
    assert digest.minutes_by_activity == {"book": 17}
    text = digest_text(digest)
    assert "⏱ Total: 17 min" in text
    assert " h\n" not in text


def test_an_empty_week_is_one_line_without_a_pace() -> None:
    from bot.digest_text import digest_text

    digest = compute_digest([_video("v1", _at(20), 600)], NOW, TZ)
    assert digest.minutes_this_week == 0
    assert "\n" not in digest_text(digest)
    assert "pace" not in digest_text(digest)


def test_ranking_is_by_minutes() -> None:
    items = [_video("a1", _at(3), 300, "UC1"), _video("a2", _at(3), 300, "UC1"),
             _video("b1", _at(3), 1200, "UC2")]
    assert [r.minutes for r in compute_digest(items, NOW, TZ).top_channels] == [20, 10]


def test_podcasts_logged_by_hand_and_shared_from_spotify_are_one_breakdown() -> None:
    from bot.digest_text import digest_text

    log = {"pk": "USER#a", "sk": "LOG#x", "log_id": "x", "activity": "podcast",
           "duration": 3 * 3600, "timestamp": _at(2)}
    digest = compute_digest([log, _podcast("p1", _at(3), 360)], NOW, TZ)
    assert digest.minutes_by_group == {"listening": 186}
    assert digest.minutes_by_activity == {"podcast": 186}
    text = digest_text(digest)
    assert "🎧 listening: 3h 06m (podcast 3h 06m)" in text
    assert "Podcasts 6 min" not in text
