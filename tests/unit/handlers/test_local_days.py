"""Local days of epoch seconds, and the day totals /progress shares with goals (pure rules)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from handlers.service.core.calendar import date_of_epoch
from handlers.service.core.local_days import DayTable, LocalDays, local_ordinal
from handlers.service.goals.rules import minutes_by_day, pace, streak
from handlers.service.progress.statistics import progress_with_days
from handlers.service.progress.stats import counted
from storage.models import Episode, LogEntry, Movie, Show, SpotifyEpisode, YouTubeVideo

ZONES = [
    "UTC", "Europe/Berlin", "America/Sao_Paulo", "America/Havana", "Asia/Tehran",
    "Africa/Casablanca", "Pacific/Apia", "Australia/Lord_Howe", "Asia/Kathmandu",
    "America/St_Johns", "Pacific/Chatham", "Africa/Monrovia",
]
"""Zones whose clocks change at or across midnight, by half hours or 45 minutes, skipped a
whole day (Apia, 2011), or kept an offset in seconds into the 1970s (Monrovia)."""


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(ZONES), st.integers(min_value=0, max_value=2_000_000_000))
def test_the_table_gives_the_date_the_calendar_gives(zone: str, ts: int) -> None:
    tz = ZoneInfo(zone)
    for moment in (ts, ts - 1, ts + 1):
        assert DayTable(tz, 2030).ordinal(moment) == date_of_epoch(moment, tz).toordinal()


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(ZONES), st.one_of(
    # Any moment whose local date is a date in every zone (the first and last years too),
    # and the new years' nights, where the year guessed from the seconds is one off.
    st.integers(min_value=-62_135_596_800 + 86400, max_value=253_402_300_799 - 86400),
    st.builds(lambda year, offset: int(datetime(year, 1, 1, tzinfo=UTC).timestamp()) + offset,
              st.integers(min_value=2, max_value=9998),
              st.integers(min_value=-2 * 86400, max_value=2 * 86400)),
))
def test_the_kept_totals_local_day_is_the_calendars_in_every_year(zone: str, ts: int) -> None:
    tz = ZoneInfo(zone)
    assert local_ordinal(ts, tz) == date_of_epoch(ts, tz).toordinal()


def test_every_second_around_every_midnight_of_switching_years() -> None:
    for zone, year in (("America/Sao_Paulo", 2018), ("Pacific/Apia", 2011),
                       ("America/Havana", 2024), ("Europe/Berlin", 2026)):
        tz = ZoneInfo(zone)
        table = DayTable(tz, year + 1)
        start = int(datetime(year, 1, 1, tzinfo=UTC).timestamp())
        for hour in range(0, 366 * 24):
            for offset in (-1, 0, 1, 1799, 1800, 3599):
                ts = start + hour * 3600 + offset
                assert table.ordinal(ts) == date_of_epoch(ts, tz).toordinal(), (zone, ts)


_AT = st.integers(min_value=1_700_000_000, max_value=1_796_000_000)
_ITEMS = st.one_of(
    st.builds(lambda f, n, t: Episode(user="a", folder_name=f, file_name=n, timestamp=t),
              st.sampled_from(["Free", "Show"]), st.text("ab", max_size=3), _AT),
    st.builds(lambda a, d, t: LogEntry(user="a", log_id=f"{t:026d}", activity=a, duration=d,
                                       timestamp=t, created_at=t, source="api"),
              st.sampled_from(["book", "anime", "podcast", "game"]),
              st.integers(1, 86_400), _AT),
    st.builds(lambda v, d, t: YouTubeVideo(user="a", youtube_video_id=v,
                                           youtube_video_duration=d, timestamp=t),
              st.text("xyz", min_size=1, max_size=3), st.none() | st.integers(0, 9000), _AT),
    st.builds(lambda e, d, t: SpotifyEpisode(user="a", spotify_episode_id=e,
                                             spotify_episode_duration=d, timestamp=t),
              st.text("pq", min_size=1, max_size=3), st.integers(0, 9000), _AT),
    st.builds(lambda m, d, t: Movie(user="a", file_name=m, movie_duration=d, timestamp=t),
              st.text("mn", min_size=1, max_size=3), st.none() | st.integers(0, 9000), _AT),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_ITEMS, max_size=30), st.sampled_from(["Europe/Berlin", "Asia/Tokyo"]))
def test_progress_figures_the_same_days_as_the_goals_do(items: list[Any], zone: str) -> None:
    tz = ZoneInfo(zone)
    now = datetime(2026, 11, 30, 12, tzinfo=UTC)
    stored = [item.to_item() for item in items]
    stored.append(Show(user="a", folder_name="Free", tvdb_average_runtime=1440).to_item())
    _body, days, seconds = progress_with_days(stored, now, tz)
    entries = counted(stored)
    assert days == minutes_by_day(entries, tz, date(2026, 11, 30))
    assert seconds == sum(entry.seconds for entry in entries)


_DAY = st.integers(min_value=738_000, max_value=738_060)
_SECONDS = st.sampled_from([0, 1, 59, 60, 1799, 1800, 3600, 3601])


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(_DAY, _SECONDS), st.dictionaries(_DAY, _SECONDS),
       st.sampled_from([None, 1, 30, 60]))
def test_local_days_are_the_minutes_they_stand_for_and_give_the_same_streak(
    older: dict[int, int], recent_seconds: dict[int, int], goal: int | None,
) -> None:
    recent = {date.fromordinal(day): {"all": s / 60, "reading": s / 60}
              for day, s in recent_seconds.items()}
    plain = {date.fromordinal(day): {"all": s / 60} for day, s in older.items()}
    plain.update(recent)  # a day both hold is the recent one's
    days = LocalDays(recent, older)
    assert days == plain and dict(days) == plain and len(days) == len(plain)
    assert all(days[day] == minutes for day, minutes in plain.items())
    today = date.fromordinal(738_050)
    assert streak(days, today, goal) == streak(plain, today, goal)
    assert pace(12.5, days, today) == pace(12.5, plain, today)
