"""The older local days ``GET /progress`` starts from, read from ``YEAR#`` numbers."""

from __future__ import annotations

from datetime import date

from handlers.service.core.durations import DEFAULT_EPISODE_SECONDS
from handlers.service.kept.progress_start import older_days
from storage.repository import Item


def _year(year: int, **days: tuple[int, int]) -> Item:
    """A ``YEAR#`` item; keyword ``d0229=(3, 600)`` stands for a day of three entries of
    600 seconds in all (``0229:w`` 600); ``d1001=(1, 0)`` for one of an entry of no length
    (``1001:z`` 1), ``(0, 0)`` for a day every entry left (both 0, as ``Add`` leaves them)."""
    item: Item = {"pk": "USER#u", "sk": f"YEAR#{year}", "user": "u", "version": 3}
    for name, (count, seconds) in days.items():
        item[f"{name[1:5]}:w"] = seconds
        if not seconds:
            item[f"{name[1:5]}:z"] = count
    return item


def _quarter(day: date) -> int:
    return day.year * 4 + (day.month - 1) // 3


def test_older_days_place_each_day_s_seconds_on_its_date_and_quarter() -> None:
    years = [
        _year(2025, d1231=(1, 60), d0101=(2, 2400)),
        _year(2024, d0229=(3, 600 + 1200 + DEFAULT_EPISODE_SECONDS), d1001=(1, 0)),
        _year(2023, d0301=(1, 30)),
    ]

    found = older_days(years, date(2026, 1, 1))

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
        _year(2026, d0301=(1, 60), d0302=(1, 90), d0305=(1, 5)),
        _year(2025, d1231=(0, 0), d0228=(1, 10)),
        _year(2027, d0101=(1, 1)),
    ]

    found = older_days(years, date(2026, 3, 2))

    assert found.seconds == {date(2025, 2, 28).toordinal(): 10,
                             date(2026, 3, 1).toordinal(): 60}
    assert (found.first, found.last) == (date(2025, 2, 28), date(2026, 3, 1))


def test_no_older_day_leaves_first_and_last_unset() -> None:
    found = older_days([_year(2026, d0105=(1, 60))], date(2026, 1, 5))

    assert (found.seconds, found.quarters, found.first, found.last) == ({}, {}, None, None)
