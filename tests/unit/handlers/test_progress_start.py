"""The older local days ``GET /progress`` starts from, summed from ``YEAR#`` numbers."""

from __future__ import annotations

from datetime import date

from handlers.service.core.durations import DEFAULT_EPISODE_SECONDS
from handlers.service.kept.progress_start import older_days
from storage.repository import Item


def _year(year: int, **numbers: int) -> Item:
    """A ``YEAR#`` item; keyword ``d0229_s_reading`` stands for ``0229:s:reading``."""
    item: Item = {"pk": "USER#u", "sk": f"YEAR#{year}", "user": "u", "version": 3}
    item.update({name[1:5] + ":" + name[6:].replace("_", ":", 1): value
                 for name, value in numbers.items()})
    return item


def _quarter(day: date) -> int:
    return day.year * 4 + (day.month - 1) // 3


def test_older_days_weigh_episodes_and_place_each_day_on_its_date_and_quarter() -> None:
    years = [
        _year(2025, d1231_n=1, d1231_s_listening=60, d0101_n=2, d0101_e_show=2),
        _year(2024, d0229_n=3, d0229_s_reading=600, d0229_e_show=1, d0229_e_gone=1,
              d1001_n=1, d1001_s_reading=0),
        _year(2023, d0301_n=1, d0301_s_reading=30),
    ]
    shows = {"show": {"tvdb_average_runtime": 1200}}

    found = older_days(years, date(2026, 1, 1), shows)

    assert found.seconds == {
        date(2023, 3, 1).toordinal(): 30,
        date(2024, 2, 29).toordinal(): 600 + 1200 + DEFAULT_EPISODE_SECONDS,
        date(2024, 10, 1).toordinal(): 0,  # an entry of no length: still a day with one
        date(2025, 1, 1).toordinal(): 2400,
        date(2025, 12, 31).toordinal(): 60,
    }
    assert list(found.seconds) == sorted(found.seconds)
    assert found.quarters == {
        _quarter(date(2023, 3, 1)): 30,
        _quarter(date(2024, 2, 29)): 600 + 1200 + DEFAULT_EPISODE_SECONDS,
        _quarter(date(2024, 10, 1)): 0,
        _quarter(date(2025, 1, 1)): 2400,
        _quarter(date(2025, 12, 31)): 60,
    }
    assert (found.first, found.last) == (date(2023, 3, 1), date(2025, 12, 31))


def test_older_days_stop_before_the_newer_days_and_skip_emptied_days() -> None:
    years = [
        _year(2026, d0301_n=1, d0301_s_reading=60, d0302_n=1, d0302_s_reading=90,
              d0305_n=1, d0305_s_reading=5),
        _year(2025, d1231_n=0, d1231_s_reading=0, d0228_n=1, d0228_s_reading=10),
        _year(2027, d0101_n=1, d0101_s_reading=1),
    ]

    found = older_days(years, date(2026, 3, 2), {})

    assert found.seconds == {date(2025, 2, 28).toordinal(): 10,
                             date(2026, 3, 1).toordinal(): 60}
    assert (found.first, found.last) == (date(2025, 2, 28), date(2026, 3, 1))


def test_no_older_day_leaves_first_and_last_unset() -> None:
    found = older_days([_year(2026, d0105_n=1, d0105_s_reading=60)], date(2026, 1, 5), {})

    assert (found.seconds, found.quarters, found.first, found.last) == ({}, {}, None, None)
