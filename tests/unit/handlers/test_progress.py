"""Unit tests of the progress statistics: the spec's worked examples and edge cases (no I/O)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handlers.service.core.calendar import local_midnight, quarter_label, quarter_start
from handlers.service.core.durations import DEFAULT_EPISODE_SECONDS, episode_seconds, item_seconds
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

USER = "alice"
AUCKLAND = ZoneInfo("Pacific/Auckland")
DAY = 86400
MINUTE = 60

FIELDS = [
    *FIRST_GENERATION_FIELDS,
    "total_minutes",
    "today_minutes",
    "by_group",
    "by_activity",
]


# --- item builders (through the models, so the shapes are the stored ones) ----------------


def episode(folder: str, name: str, ts: int) -> Item:
    return Episode(user=USER, folder_name=folder, file_name=name, timestamp=ts).to_item()


def show(folder: str, **fields: Any) -> Item:
    return Show(user=USER, folder_name=folder, **fields).to_item()


def movie(name: str, ts: int, **fields: Any) -> Item:
    return Movie(user=USER, file_name=name, timestamp=ts, **fields).to_item()


def video(video_id: str, ts: int, seconds: int | None, channel: str | None = None) -> Item:
    return YouTubeVideo(
        user=USER,
        youtube_video_id=video_id,
        youtube_channel_id=channel,
        youtube_video_duration=seconds,
        timestamp=ts,
    ).to_item()


def channel(channel_id: str, title: str | None, artwork: str | None = None) -> Item:
    return YouTubeChannel(
        user=USER,
        youtube_channel_id=channel_id,
        youtube_channel_title=title,
        youtube_channel_artwork_url=artwork,
    ).to_item()


def podcast_episode(episode_id: str, ts: int, seconds: int, show_id: str | None = None) -> Item:
    return SpotifyEpisode(
        user=USER,
        spotify_episode_id=episode_id,
        spotify_show_id=show_id,
        spotify_episode_duration=seconds,
        timestamp=ts,
    ).to_item()


def podcast(show_id: str, name: str | None, artwork: str | None = None) -> Item:
    return SpotifyShow(
        user=USER, spotify_show_id=show_id, spotify_show_name=name, spotify_show_artwork_url=artwork
    ).to_item()


def stream(items: list[Item]) -> Iterator[Item]:
    """The items as a store yields them: once, in sort-key (UTF-8 byte) order."""
    yield from sorted(items, key=lambda item: item["sk"].encode())


def progress(items: list[Item], now: datetime, tz: ZoneInfo = AUCKLAND) -> dict[str, Any]:
    return compute_progress(stream(items), now, tz)


def local(
    tz: tzinfo, year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> int:
    """Epoch seconds of a wall-clock time in ``tz``."""
    return int(datetime(year, month, day, hour, minute, second, tzinfo=tz).timestamp())


def minutes_by_day(result: dict[str, Any]) -> list[int]:
    return [day["minutes_watched"] for day in result["daily_activity"]]


NOW = datetime(2024, 1, 7, 12, tzinfo=UTC)  # 2024-01-08 01:00 in Auckland (NZDT)
NOW_TS = int(NOW.timestamp())


# --- shape -----------------------------------------------------------------------------------


def test_fields_come_in_the_spec_order() -> None:
    result = progress([episode("a", "1", NOW_TS)], NOW)
    assert list(result) == FIELDS


def test_no_items_gives_zeros_and_one_quarter_for_the_current_local_quarter() -> None:
    # 2024-03-31T12:00Z is already April 1st in Auckland.
    result = progress([], datetime(2024, 3, 31, 12, tzinfo=UTC))
    assert list(result) == FIELDS
    assert result["all_time_progress"] == [{"label": "Apr 2024", "cumulative_hours": 0}]
    assert result["daily_activity"] == [
        {"days_ago": days, "minutes_watched": 0} for days in range(6, -1, -1)
    ]
    assert result["weekly_trend_percentage"] is None
    assert result["days_since_first_episode"] == 0
    assert result["total_hours_watched"] == 0
    assert result["shows"] == result["youtube_channels"] == result["movies"] == []
    assert result["spotify_shows"] == []


def test_a_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        progress([], datetime(2024, 1, 7, 12))


# --- worked examples -------------------------------------------------------------------------


def test_three_episodes_of_a_45_minute_show_today() -> None:
    items = [episode("show", str(n), NOW_TS - n * MINUTE) for n in range(3)]
    items.append(show("show", tvdb_id=1, tvdb_name="Show", tvdb_average_runtime=45 * MINUTE))
    result = progress(items, NOW)
    assert result["total_hours_watched"] == 2
    assert result["episodes_watched_today"] == 3
    assert result["daily_activity"][-1] == {"days_ago": 0, "minutes_watched": 135}


@pytest.mark.parametrize("record", [None, show("show", tvdb_id=7, tvdb_name="Show")])
def test_episodes_without_a_runtime_last_20_minutes(record: Item | None) -> None:
    items = [episode("show", "1", NOW_TS), episode("show", "2", NOW_TS)]
    items += [video("v1", NOW_TS, 10 * MINUTE), video("v2", NOW_TS, 30 * MINUTE)]
    items += [record] if record else []
    result = progress(items, NOW)
    assert result["daily_activity"][-1]["minutes_watched"] == 80
    assert result["total_hours_watched"] == 1


def at_day(day: int) -> int:
    return NOW_TS + day * DAY


def twenty_minute_episodes(days: list[int]) -> list[Item]:
    return [episode("show", f"e{day}", at_day(day)) for day in days]


def test_trend_doubles_the_average_week() -> None:
    result = progress(
        twenty_minute_episodes([0, 14, 22, 27]), datetime.fromtimestamp(at_day(28), UTC)
    )
    assert result["days_since_first_episode"] == 28
    assert result["weekly_trend_percentage"] == 100.0


def test_trend_of_an_idle_week_is_minus_100() -> None:
    result = progress(twenty_minute_episodes([0, 1, 2, 3]), datetime.fromtimestamp(at_day(14), UTC))
    assert result["weekly_trend_percentage"] == -100.0


def test_trend_of_90_minutes_over_28_days_with_50_last_week() -> None:
    items = [video("old", at_day(0), 40 * MINUTE), video("new", at_day(25), 50 * MINUTE)]
    result = progress(items, datetime.fromtimestamp(at_day(28), UTC))
    assert result["weekly_trend_percentage"] == pytest.approx(122.22, abs=0.01)


def test_trend_of_youtube_only_100_minutes_over_21_days_with_40_last_week() -> None:
    items = [video("old", at_day(0), 60 * MINUTE), video("new", at_day(18), 40 * MINUTE)]
    result = progress(items, datetime.fromtimestamp(at_day(21), UTC))
    assert result["weekly_trend_percentage"] == pytest.approx(20.0)


def test_no_trend_before_14_whole_days() -> None:
    now = datetime.fromtimestamp(at_day(14) - 1, UTC)
    result = progress(twenty_minute_episodes([0, 1]), now)
    assert result["days_since_first_episode"] == 13
    assert result["weekly_trend_percentage"] is None


def test_no_trend_without_any_watched_minute() -> None:
    result = progress([video("live", at_day(0), None)], datetime.fromtimestamp(at_day(30), UTC))
    assert result["weekly_trend_percentage"] is None


def test_last_week_starts_strictly_after_now_minus_7_times_24_hours() -> None:
    now = datetime.fromtimestamp(at_day(28), UTC)
    on_the_edge = progress(twenty_minute_episodes([0, 21]), now)
    just_inside = progress(
        [*twenty_minute_episodes([0]), episode("show", "x", at_day(21) + 1)], now
    )
    # average week: 40 minutes * 7 / 28 days = 10 minutes
    assert on_the_edge["weekly_trend_percentage"] == -100.0
    assert just_inside["weekly_trend_percentage"] == 100.0


def test_daily_activity_worked_example() -> None:
    minutes = [20, 0, 40, 50, 45, 20, 30]  # 6 … 0 days ago
    today = date(2024, 1, 8)  # local date of NOW in Auckland
    items = []
    for position, amount in enumerate(minutes):
        day = today - timedelta(days=6 - position)
        start = local(AUCKLAND, day.year, day.month, day.day)
        # Half at the very first second of the day, half at its very last one.
        items.append(video(f"a{position}", start, amount * MINUTE // 2))
        items.append(video(f"b{position}", start + DAY - 1, amount * MINUTE // 2))
    items.append(video("live", local(AUCKLAND, 2024, 1, 5, 9), None))
    assert minutes_by_day(progress(items, NOW)) == minutes


def test_daily_activity_excludes_tomorrow_and_eight_days_ago() -> None:
    tomorrow = local(AUCKLAND, 2024, 1, 9)
    seven_days_ago = local(AUCKLAND, 2024, 1, 1)
    items = [video("t", tomorrow, 600), video("o", seven_days_ago + DAY - 1, 600)]
    assert minutes_by_day(progress(items, NOW)) == [0] * 7


# --- today ---------------------------------------------------------------------------------


def test_today_is_strictly_after_local_midnight_for_every_kind() -> None:
    midnight = local(AUCKLAND, 2024, 1, 8)
    items = [
        episode("s", "at", midnight),
        episode("s", "after", midnight + 1),
        movie("at", midnight, movie_duration=60),
        movie("after", midnight + 1, movie_duration=60),
        video("at", midnight, 60),
        video("after", midnight + 1, 60),
        podcast_episode("at", midnight, 60),
        podcast_episode("after", midnight + 1, 60),
    ]
    result = progress(items, NOW)
    assert result["episodes_watched_today"] == 1
    assert result["movies_watched_today"] == 1
    assert result["youtube_videos_watched_today"] == 1
    assert result["spotify_episodes_watched_today"] == 1
    assert result["total_episodes_watched"] == 2
    assert result["total_movies_watched"] == 2
    assert result["youtube_videos_watched"] == 2
    assert result["spotify_episodes_watched"] == 2
    # The item exactly at midnight still belongs to today's [start, end) bucket.
    assert result["daily_activity"][-1]["minutes_watched"] == 2 * 20 + 6


# --- time zones and DST --------------------------------------------------------------------


def test_days_around_the_end_of_daylight_saving_are_calendar_days() -> None:
    # Auckland, 2024-04-07 03:00 NZDT became 02:00 NZST: that day lasted 25 hours.
    now = datetime(2024, 4, 8, 12, tzinfo=AUCKLAND)
    items = [
        video("early", local(AUCKLAND, 2024, 4, 7, 0, 30), 10 * MINUTE),
        video("late", local(AUCKLAND, 2024, 4, 7, 23, 30), 20 * MINUTE),
        video("day before", local(AUCKLAND, 2024, 4, 6, 23, 30), 40 * MINUTE),
        video("today", local(AUCKLAND, 2024, 4, 8, 0, 0, 1), 5 * MINUTE),
    ]
    assert minutes_by_day(progress(items, now)) == [0, 0, 0, 0, 40, 30, 5]
    assert progress(items, now)["youtube_videos_watched_today"] == 1


def test_days_around_the_start_of_daylight_saving_are_calendar_days() -> None:
    # Auckland, 2024-09-29 02:00 NZST became 03:00 NZDT: that day lasted 23 hours.
    now = datetime(2024, 9, 30, 12, tzinfo=AUCKLAND)
    items = [
        video("early", local(AUCKLAND, 2024, 9, 29, 0, 30), 10 * MINUTE),
        video("late", local(AUCKLAND, 2024, 9, 29, 23, 30), 20 * MINUTE),
        video("day before", local(AUCKLAND, 2024, 9, 28, 23, 30), 40 * MINUTE),
        video("next midnight", local(AUCKLAND, 2024, 9, 30), 5 * MINUTE),
    ]
    assert minutes_by_day(progress(items, now)) == [0, 0, 0, 0, 40, 30, 5]


def test_local_midnight_counts_calendar_days_across_dst() -> None:
    now = datetime(2024, 4, 8, 12, tzinfo=AUCKLAND)
    assert local_midnight(now, AUCKLAND, 1) == datetime(2024, 4, 7, tzinfo=AUCKLAND)
    length = (
        local_midnight(now, AUCKLAND, 0).timestamp() - local_midnight(now, AUCKLAND, 1).timestamp()
    )
    assert length == 25 * 3600


def test_the_user_time_zone_decides_what_today_is() -> None:
    # 2024-01-07T10:30Z: Jan 7 23:30 in Auckland (whose today is Jan 8), Jan 7 in London.
    items = [video("v", local(UTC, 2024, 1, 7, 10, 30), 600)]
    in_auckland = progress(items, NOW, AUCKLAND)
    in_london = progress(items, NOW, ZoneInfo("Europe/London"))
    assert in_auckland["youtube_videos_watched_today"] == 0
    assert in_london["youtube_videos_watched_today"] == 1
    assert minutes_by_day(in_auckland)[-2:] == [10, 0]
    assert minutes_by_day(in_london)[-2:] == [0, 10]


# --- all-time progress -----------------------------------------------------------------------


def labels_and_hours(result: dict[str, Any]) -> list[tuple[str, int]]:
    return [(q["label"], q["cumulative_hours"]) for q in result["all_time_progress"]]


def test_quarters_run_from_the_first_to_the_last_with_empty_ones_and_floored_running_hours() -> (
    None
):
    items = [
        video("a", local(AUCKLAND, 2023, 2, 10, 12), 50 * MINUTE),
        video("b", local(AUCKLAND, 2023, 11, 3, 12), 50 * MINUTE),
        video("c", local(AUCKLAND, 2024, 1, 2, 12), 50 * MINUTE),
    ]
    result = progress(items, NOW)
    # Floor of the running total, not a sum of floored quarters (that would stay at 0).
    assert labels_and_hours(result) == [
        ("Jan 2023", 0),
        ("Apr 2023", 0),
        ("Jul 2023", 0),
        ("Oct 2023", 1),
        ("Jan 2024", 2),
    ]
    assert result["total_hours_watched"] == 2


def test_quarters_start_at_local_midnight() -> None:
    # Both items are still in the previous quarter in UTC.
    items = [
        video("jan", local(AUCKLAND, 2024, 1, 1, 0, 30), 3600),
        video("apr", local(AUCKLAND, 2024, 4, 1, 0, 30), 3600),
    ]
    result = progress(items, datetime(2024, 5, 1, tzinfo=UTC))
    assert labels_and_hours(result) == [("Jan 2024", 1), ("Apr 2024", 2)]


def test_an_item_at_the_first_second_of_a_quarter_belongs_to_it() -> None:
    # Stream order (a, b, c) moves from one quarter to the next and back.
    items = [
        video("a", local(AUCKLAND, 2024, 3, 31, 23, 59, 59), 3600),
        video("b", local(AUCKLAND, 2024, 4, 1), 3600),
        video("c", local(AUCKLAND, 2024, 3, 31, 23, 59, 59), 3600),
        video("d", local(AUCKLAND, 2024, 7, 1), 3600),
    ]
    result = progress(items, datetime(2024, 8, 1, tzinfo=UTC))
    assert labels_and_hours(result) == [("Jan 2024", 2), ("Apr 2024", 3), ("Jul 2024", 4)]


def test_quarters_far_from_today_are_labelled_too() -> None:
    items = [
        video("old", local(AUCKLAND, 1969, 12, 31, 23), 3600),
        video("next", local(AUCKLAND, 1970, 1, 1, 1), 3600),
        video("far", local(AUCKLAND, 2100, 7, 1, 1), 3600),
    ]
    quarters = labels_and_hours(progress(items, NOW))
    assert quarters[:2] == [("Oct 1969", 1), ("Jan 1970", 2)]
    assert quarters[-2:] == [("Apr 2100", 2), ("Jul 2100", 3)]
    assert len(quarters) == (2100 - 1969) * 4  # Oct 1969 … Jul 2100


def test_quarter_labels_are_english_abbreviations() -> None:
    moments = [datetime(2026, month, 15, tzinfo=UTC) for month in (2, 5, 8, 12)]
    starts = [quarter_start(moment) for moment in moments]
    assert starts == [date(2026, 1, 1), date(2026, 4, 1), date(2026, 7, 1), date(2026, 10, 1)]
    assert [quarter_label(start) for start in starts] == [
        "Jan 2026",
        "Apr 2026",
        "Jul 2026",
        "Oct 2026",
    ]


# --- days since the first item -------------------------------------------------------------


def test_days_since_first_counts_whole_24_hour_periods_from_the_earliest_item_of_any_kind() -> None:
    items = [
        episode("s", "1", NOW_TS - DAY),
        podcast_episode("p", NOW_TS - 3 * DAY + 1, 60),
        movie("m", NOW_TS - 2 * DAY, movie_duration=60),
    ]
    assert progress(items, NOW)["days_since_first_episode"] == 2
    items.append(video("v", NOW_TS - 3 * DAY, 60))
    assert progress(items, NOW)["days_since_first_episode"] == 3


def test_days_since_first_is_zero_when_everything_is_ahead_of_now() -> None:
    assert progress([video("v", NOW_TS + 5 * DAY, 60)], NOW)["days_since_first_episode"] == 0


# --- shows ---------------------------------------------------------------------------------


def test_shows_merge_folders_of_one_series_and_weigh_each_by_its_own_runtime() -> None:
    items = [
        show("Show S1", tvdb_id=5, tvdb_name="Show", tvdb_image="img", tvdb_average_runtime=1800),
        show("Show S2", tvdb_id=5, tvdb_name="Show", tvdb_image="img"),
        *[episode("Show S1", str(n), NOW_TS) for n in range(3)],
        *[episode("Show S2", str(n), NOW_TS) for n in range(2)],
    ]
    result = progress(items, NOW)
    assert result["shows"] == [
        {"show_id": "5", "name": "Show", "artwork_url": "img", "episodes_watched": 5}
    ]
    assert result["daily_activity"][-1]["minutes_watched"] == 3 * 30 + 2 * 20


def test_episodes_without_a_series_share_one_null_element_sorted_last_among_equals() -> None:
    items = [
        show("no id", tvdb_name="Unnamed", tvdb_average_runtime=600),
        show("b", tvdb_id=2, tvdb_name="Beta"),
        show("a", tvdb_id=1, tvdb_name="Alpha"),
        show("many", tvdb_id=3, tvdb_name="Zeta"),
        episode("no id", "1", NOW_TS),
        episode("no record", "1", NOW_TS),
        *[episode(folder, str(n), NOW_TS) for folder in ("a", "b") for n in range(2)],
        *[episode("many", str(n), NOW_TS) for n in range(3)],
    ]
    result = progress(items, NOW)
    assert result["shows"] == [
        {"show_id": "3", "name": "Zeta", "artwork_url": None, "episodes_watched": 3},
        {"show_id": "1", "name": "Alpha", "artwork_url": None, "episodes_watched": 2},
        {"show_id": "2", "name": "Beta", "artwork_url": None, "episodes_watched": 2},
        {"show_id": None, "name": None, "artwork_url": None, "episodes_watched": 2},
    ]
    # The runtime of a record without a TVDB id still applies to its episodes.
    assert result["daily_activity"][-1]["minutes_watched"] == 10 + 20 * 8


def test_a_user_with_only_a_show_record() -> None:
    result = progress([show("s", tvdb_id=9, tvdb_name="Nine"), show("no id")], NOW)
    # A series is listed once something of it was watched, like channels and podcasts.
    assert result["shows"] == []
    assert result["total_episodes_watched"] == 0
    assert result["total_hours_watched"] == 0
    assert result["all_time_progress"] == [{"label": "Jan 2024", "cumulative_hours": 0}]


def test_a_show_record_before_its_episodes_gives_the_same_statistics() -> None:
    record = show("s", tvdb_id=1, tvdb_name="S", tvdb_average_runtime=3600)
    episodes = [episode("s", str(n), NOW_TS - n * DAY) for n in range(3)]
    sk_order = compute_progress(iter([*episodes, record]), NOW, AUCKLAND)
    record_first = compute_progress(iter([record, *episodes]), NOW, AUCKLAND)
    assert sk_order == record_first
    assert sk_order["total_hours_watched"] == 3


# --- channels, podcasts, movies -------------------------------------------------------------


def test_videos_group_by_channel_named_from_the_channel_record() -> None:
    items = [
        channel("c1", "Nihongo", "art1"),
        channel("c2", "Anime"),
        channel("unused", "Never watched"),
        video("v1", NOW_TS, 60, "c1"),
        video("v2", NOW_TS, 60, "c2"),
        video("v3", NOW_TS, 60, "c3"),
        video("v4", NOW_TS, 60, "c3"),
        video("v5", NOW_TS, 60),
    ]
    assert progress(items, NOW)["youtube_channels"] == [
        {"channel_id": "c3", "channel_name": None, "artwork_url": None, "videos_watched": 2},
        {"channel_id": "c2", "channel_name": "Anime", "artwork_url": None, "videos_watched": 1},
        {"channel_id": "c1", "channel_name": "Nihongo", "artwork_url": "art1", "videos_watched": 1},
        {"channel_id": None, "channel_name": None, "artwork_url": None, "videos_watched": 1},
    ]


def test_podcast_episodes_group_by_show() -> None:
    items = [
        podcast("p1", "Learn Japanese Pod", "art"),
        podcast_episode("e1", NOW_TS, 388, "p1"),
        podcast_episode("e2", NOW_TS, 400, "p2"),
        podcast_episode("e3", NOW_TS, 400, "p1"),
    ]
    result = progress(items, NOW)
    assert result["spotify_shows"] == [
        {
            "show_id": "p1",
            "show_name": "Learn Japanese Pod",
            "artwork_url": "art",
            "episodes_watched": 2,
        },
        {"show_id": "p2", "show_name": None, "artwork_url": None, "episodes_watched": 1},
    ]
    assert result["daily_activity"][-1]["minutes_watched"] == (388 + 800) // 60


def test_movies_read_both_spellings_and_sort_by_name_with_nulls_last() -> None:
    items = [
        movie(
            "tmdb file",
            NOW_TS,
            tmdb_id=1,
            tmdb_name="Akira",
            tmdb_image="a.jpg",
            movie_duration=7440,
        ),
        movie(
            "tvdb file",
            NOW_TS,
            tvdb_id=2,
            tvdb_name="Zatoichi",
            tvdb_image="z.jpg",
            movie_duration=6000,
        ),
        movie("unknown", NOW_TS),
    ]
    result = progress(items, NOW)
    assert result["movies"] == [
        {"movie_id": "tmdb file", "name": "Akira", "artwork_url": "a.jpg"},
        {"movie_id": "tvdb file", "name": "Zatoichi", "artwork_url": "z.jpg"},
        {"movie_id": "unknown", "name": None, "artwork_url": None},
    ]
    assert result["total_movies_watched"] == 3
    assert result["total_hours_watched"] == (7440 + 6000) // 3600


def test_items_of_other_kinds_are_ignored() -> None:
    content = [episode("s", "1", NOW_TS), video("v", NOW_TS, 600, "c")]
    others: list[Item] = [
        {"pk": "USER#alice", "sk": "SETTINGS", "user": USER, "timezone": "UTC", "version": 1},
        {"pk": "USER#alice", "sk": "TELEGRAM#42", "user": USER, "timestamp": NOW_TS},
        {"pk": "USER#alice", "sk": "UNDO#1", "user": USER, "timestamp": 1, "folder_name": "s"},
        {"pk": "USER#alice", "sk": "DIGEST#2024-01", "user": USER, "timestamp": 0},
        {"pk": "USER#alice", "sk": "EPISODES", "user": USER, "timestamp": 0},
    ]
    assert progress([*content, *others], NOW) == progress(content, NOW)


# --- helpers reused by the digest ----------------------------------------------------------


def test_item_seconds_of_each_kind() -> None:
    runtime = show("s", tvdb_average_runtime=1500)
    assert item_seconds(episode("s", "1", 0), runtime) == 1500
    assert item_seconds(episode("s", "1", 0)) == DEFAULT_EPISODE_SECONDS
    assert item_seconds(movie("m", 0, movie_duration=5000)) == 5000
    assert item_seconds(video("v", 0, 321)) == 321
    assert item_seconds(video("v", 0, None)) == 0
    assert item_seconds(podcast_episode("p", 0, 388)) == 388
    assert item_seconds(runtime) == 0


def test_a_zero_runtime_means_unknown() -> None:
    assert episode_seconds(show("s", tvdb_average_runtime=0)) == DEFAULT_EPISODE_SECONDS
    assert episode_seconds(None) == DEFAULT_EPISODE_SECONDS


# --- property: totals, days and quarters agree with the items placed in them ---------------

ZONES = [
    "Pacific/Auckland",
    "America/Santiago",  # DST changes at midnight
    "Europe/London",
    "Asia/Kathmandu",
    "Australia/Lord_Howe",  # half-hour DST
    "UTC",
]
KINDS = ["episode", "movie", "video", "podcast"]

placements = st.tuples(
    st.sampled_from(KINDS),
    st.integers(0, 400),  # local calendar days before now's day
    st.integers(0, 9999),  # where in that day, in ten-thousandths
    st.one_of(st.none(), st.integers(0, 4 * 3600)),  # duration (episodes take their show's)
    st.integers(0, 2),  # folder of an episode
)
show_records = st.lists(
    st.one_of(st.none(), st.integers(0, 5400)), min_size=3, max_size=3
)  # per folder: no record, or a record with that runtime (0: unknown)


def build_item(kind: str, index: int, ts: int, seconds: int | None, folder: int) -> Item:
    if kind == "episode":
        return episode(f"folder {folder}", f"e{index}", ts)
    if kind == "movie":
        return movie(f"m{index}", ts, tvdb_id=index, movie_duration=seconds)
    if kind == "video":
        return video(f"v{index}", ts, seconds, f"c{folder}")
    return podcast_episode(f"p{index}", ts, seconds or 0, f"s{folder}")


def quarter_number(ts: int, tz: ZoneInfo) -> int:
    moment = datetime.fromtimestamp(ts, tz)
    return moment.year * 4 + (moment.month - 1) // 3


@settings(max_examples=150, deadline=None)
@given(
    now=st.datetimes(datetime(2000, 1, 1), datetime(2035, 1, 1), timezones=st.just(UTC)),
    zone=st.sampled_from(ZONES),
    runtimes=show_records,
    placed=st.lists(placements, max_size=40),
)
def test_statistics_agree_with_the_items_placed_in_days_and_quarters(
    now: datetime, zone: str, runtimes: list[int | None], placed: list[Any]
) -> None:
    tz = ZoneInfo(zone)
    today = now.astimezone(tz).date()
    items = [
        show(f"folder {folder}", tvdb_id=folder, tvdb_average_runtime=runtime)
        for folder, runtime in enumerate(runtimes)
        if runtime is not None
    ]
    seconds_at: list[tuple[int, int]] = []
    counts = dict.fromkeys(KINDS, 0)
    for index, (kind, days_ago, position, duration, folder) in enumerate(placed):
        day = today - timedelta(days=days_ago)
        start = int(datetime.combine(day, time(0), tzinfo=tz).timestamp())
        end = int(datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz).timestamp())
        ts = start + (end - start) * position // 10000
        items.append(build_item(kind, index, ts, duration, folder))
        runtime = runtimes[folder]
        seconds = (runtime or DEFAULT_EPISODE_SECONDS) if kind == "episode" else duration or 0
        seconds_at.append((ts, seconds))
        counts[kind] += 1

    result = progress(items, now, tz)

    total = sum(seconds for _, seconds in seconds_at)
    assert result["total_hours_watched"] == total // 3600
    assert [
        result["total_episodes_watched"],
        result["total_movies_watched"],
        result["youtube_videos_watched"],
        result["spotify_episodes_watched"],
    ] == [counts[kind] for kind in KINDS]
    assert sum(show["episodes_watched"] for show in result["shows"]) == counts["episode"]
    by_day = [
        sum(
            s
            for ts, s in seconds_at
            if datetime.fromtimestamp(ts, tz).date() == today - timedelta(days=d)
        )
        for d in range(6, -1, -1)
    ]
    assert minutes_by_day(result) == [seconds // 60 for seconds in by_day]

    quarters = result["all_time_progress"]
    assert quarters[-1]["cumulative_hours"] == result["total_hours_watched"]
    if seconds_at:
        first = min(ts for ts, _ in seconds_at)
        last = max(ts for ts, _ in seconds_at)
        numbers = range(quarter_number(first, tz), quarter_number(last, tz) + 1)
        assert [q["label"] for q in quarters] == [
            quarter_label(date(n // 4, n % 4 * 3 + 1, 1)) for n in numbers
        ]
        assert [q["cumulative_hours"] for q in quarters] == [
            sum(s for ts, s in seconds_at if quarter_number(ts, tz) <= n) // 3600 for n in numbers
        ]
        days = max(0, int(now.timestamp() - first) // DAY)
        assert result["days_since_first_episode"] == days
        week = sum(s for ts, s in seconds_at if ts > now.timestamp() - 7 * DAY) // 60
        average = total // 60 * 7 / days if days else 0
        if days >= 14 and average:
            assert result["weekly_trend_percentage"] == pytest.approx(
                (week - average) / average * 100
            )
        else:
            assert result["weekly_trend_percentage"] is None
    else:
        assert len(quarters) == 1
