"""The shared calendar: zones, local days across DST, weeks, quarters and labels (pure)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.service.core.calendar import (
    MONTH_ABBREVIATIONS,
    QuarterIndex,
    date_of_epoch,
    day_label,
    days_between,
    iso_week_key,
    known_zone,
    local_date,
    local_midnight,
    month_label,
    quarter_from_number,
    quarter_label,
    quarter_number,
    quarter_start,
    seven_days_label,
    week_monday,
    zone_or_default,
)

AUCKLAND = ZoneInfo("Pacific/Auckland")
NEW_YORK = ZoneInfo("America/New_York")


# --- zones ---------------------------------------------------------------------------------


def test_the_users_zone_wins_over_the_deployment_default() -> None:
    assert zone_or_default("Asia/Tokyo", "Pacific/Auckland") == ZoneInfo("Asia/Tokyo")


@pytest.mark.parametrize("name", [None, "", "Mars/Olympus_Mons", "../etc/passwd"])
def test_a_missing_or_unknown_zone_falls_back_to_the_deployment_default(
    name: str | None,
) -> None:
    assert zone_or_default(name, "Pacific/Auckland") == AUCKLAND


def test_known_zone() -> None:
    assert known_zone("Europe/Berlin") == ZoneInfo("Europe/Berlin")
    assert known_zone("Europe/Nowhere") is None


# --- today ---------------------------------------------------------------------------------


def test_today_is_the_users_date_not_utcs() -> None:
    now = datetime(2024, 1, 7, 12, tzinfo=UTC)  # already Monday 8 Jan in Auckland
    assert local_date(now, AUCKLAND) == date(2024, 1, 8)
    assert local_date(now, NEW_YORK) == date(2024, 1, 7)
    assert date_of_epoch(now.timestamp(), AUCKLAND) == date(2024, 1, 8)


def test_new_year_arrives_in_auckland_before_utc() -> None:
    now = datetime(2024, 12, 31, 11, 0, 1, tzinfo=UTC)
    assert local_date(now, AUCKLAND) == date(2025, 1, 1)
    assert local_midnight(now, AUCKLAND) == datetime(2025, 1, 1, tzinfo=AUCKLAND)
    assert local_midnight(now, AUCKLAND, 1) == datetime(2024, 12, 31, tzinfo=AUCKLAND)
    assert local_date(now, ZoneInfo("UTC")) == date(2024, 12, 31)


@pytest.mark.parametrize(
    ("tz", "now", "hours"),
    [
        # Auckland leaves daylight time on 7 Apr 2024 (03:00 -> 02:00): a 25-hour day.
        (AUCKLAND, datetime(2024, 4, 7, 12, tzinfo=AUCKLAND), 25),
        # ... and enters it on 29 Sep 2024 (02:00 -> 03:00): a 23-hour day.
        (AUCKLAND, datetime(2024, 9, 29, 12, tzinfo=AUCKLAND), 23),
        (NEW_YORK, datetime(2024, 3, 10, 12, tzinfo=NEW_YORK), 23),
        (NEW_YORK, datetime(2024, 11, 3, 12, tzinfo=NEW_YORK), 25),
    ],
)
def test_a_day_across_a_dst_change_is_a_calendar_day(
    tz: ZoneInfo, now: datetime, hours: int
) -> None:
    start = local_midnight(now, tz)
    end = local_midnight(now, tz, -1)
    assert (start.hour, end.hour) == (0, 0)
    assert end.timestamp() - start.timestamp() == hours * 3600


def test_days_between_counts_whole_24_hour_periods() -> None:
    assert days_between(None, 1e9) == 0
    assert days_between(0, 86399) == 0
    assert days_between(0, 86400) == 1
    assert days_between(100, 0) == 0  # a first item in the future


# --- weeks ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "monday"),
    [
        (date(2026, 1, 12), date(2026, 1, 12)),  # a Monday is its own week's start
        (date(2026, 1, 18), date(2026, 1, 12)),  # Sunday ends it
        (date(2026, 1, 1), date(2025, 12, 29)),  # a week across New Year
    ],
)
def test_weeks_start_on_monday(day: date, monday: date) -> None:
    assert week_monday(day) == monday


def test_iso_week_keys_at_the_year_edge() -> None:
    assert iso_week_key(datetime(2026, 1, 1)) == "2026-W01"
    assert iso_week_key(datetime(2024, 12, 30)) == "2025-W01"  # ISO year runs ahead
    assert iso_week_key(datetime(2021, 1, 3)) == "2020-W53"


def test_seven_days_labels() -> None:
    assert seven_days_label(date(2026, 1, 5)) == "5–11 Jan 2026"
    assert seven_days_label(date(2025, 12, 29)) == "29 Dec – 4 Jan 2026"


# --- quarters ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "start"),
    [
        (date(2026, 1, 1), date(2026, 1, 1)),
        (date(2026, 3, 31), date(2026, 1, 1)),
        (date(2026, 4, 1), date(2026, 4, 1)),
        (date(2026, 12, 31), date(2026, 10, 1)),
    ],
)
def test_quarter_edges(day: date, start: date) -> None:
    assert quarter_start(day) == start
    assert quarter_from_number(quarter_number(day)) == start


def test_quarter_numbers_are_consecutive_across_new_year() -> None:
    assert quarter_number(date(2026, 1, 1)) == quarter_number(date(2025, 10, 1)) + 1


def test_the_quarter_index_uses_local_boundaries() -> None:
    index = QuarterIndex(AUCKLAND, 2026)
    new_year = datetime(2025, 1, 1, tzinfo=AUCKLAND).timestamp()
    assert index.of(new_year) == quarter_number(date(2025, 1, 1))
    assert index.of(new_year - 1) == quarter_number(date(2024, 10, 1))
    # Outside the precomputed table the same rule applies, just slower.
    assert index.of(datetime(1969, 12, 31, 23, tzinfo=AUCKLAND).timestamp()) == quarter_number(
        date(1969, 10, 1)
    )
    assert index.of(datetime(2040, 5, 1, tzinfo=AUCKLAND).timestamp()) == quarter_number(
        date(2040, 4, 1)
    )


# --- labels --------------------------------------------------------------------------------


def test_labels_are_english() -> None:
    assert MONTH_ABBREVIATIONS[0] == "Jan"
    assert quarter_label(date(2026, 7, 1)) == "Jul 2026"
    assert day_label(date(2026, 5, 3)) == "3 May"
    assert month_label(date(2027, 3, 9)) == "March 2027"
