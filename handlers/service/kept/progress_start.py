"""The sums ``GET /progress`` starts from, taken from the kept totals (pure, no I/O).

The progress pass (``progress_pass.Pass``) starts from the sums of every entry
(``progress_summary.Summary``): the all-time totals (``TOTALS``), the movies (listed one
by one) and each local day's whole seconds before the newer days (``YEAR#``, where
episodes are weighed already); the newer days come from their day totals
(``progress.window``).
"""

from __future__ import annotations

from calendar import isleap as calendar_isleap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from handlers.service.core.calendar import local_noon
from handlers.service.kept.contributions import (
    COUNT,
    DAY_EMPTY,
    DAY_WEIGHT,
    EPISODES,
    KIND,
    RECORD_REF,
    SECONDS,
    TITLE_COUNT,
    YEAR_PREFIX,
)
from handlers.service.kept.kinds import BY_PREFIX
from handlers.service.progress.summary import Summary
from storage.models import SpotifyEpisode, SpotifyShow, YouTubeChannel, YouTubeVideo
from storage.repository import Item

_GROUPED = {YouTubeVideo.SK_PREFIX: YouTubeChannel.SK_PREFIX,
            SpotifyEpisode.SK_PREFIX: SpotifyShow.SK_PREFIX}
"""The kinds ``/progress`` lists per record, and the record's prefix."""


def older_sums(totals: Mapping[str, int], days: OlderDays, movies: Iterable[dict[str, Any]],
               zone: ZoneInfo, first: float | None, last: date | None) -> Summary:
    """The sums a ``/progress`` pass starts from: ``totals`` the entries' all-time sums
    (the ``TOTALS`` item's numbers), ``days`` the local days before the newer ones
    (``older_days``), ``movies`` every movie's list element (``kept.movie_list``),
    ``first`` the earliest entry's moment, ``last`` the latest entry's day."""
    summary = Summary(zone=zone.key, built_at=0.0, first=first,
                      movies=list(movies),
                      days=days.seconds, quarters=days.quarters)
    if last is not None:
        summary.last = local_noon(last, zone).timestamp()
    _take(summary, totals)
    return summary


@dataclass
class OlderDays:
    """The local days before a request's newer days, from the ``YEAR#`` items."""

    seconds: dict[int, int] = field(default_factory=dict)
    """Seconds per day (ordinal), every kind, episodes weighed."""
    quarters: dict[int, int] = field(default_factory=dict)
    """Seconds per quarter (``quarter_number``)."""
    first: date | None = None
    last: date | None = None


def older_days(years: Iterable[Item], before: date) -> OlderDays:
    """Every local day before ``before`` with an entry, from the ``YEAR#`` items (each
    day's ``<mmdd>:w`` seconds, episodes weighed, and ``<mmdd>:z`` entries of no length);
    days whose numbers are 0 (every entry gone) are left out.

    One step per attribute, each day's ordinal and quarter looked up by the attribute's
    name (``_CALENDAR``), not figured from a date: the years of a long history hold
    thousands of days, read at every request, and of an older day only its whole seconds
    (the streak, the pace, the quarters) is asked for."""
    kept = OlderDays()
    limit = before.toordinal()
    seconds: dict[int, int] = {}
    quarters = kept.quarters
    for item in years:
        year = int(str(item["sk"])[len(YEAR_PREFIX):])
        if year > before.year:
            continue
        calendar = _CALENDAR[calendar_isleap(year)]
        new_year, first_quarter = date(year, 1, 1).toordinal() - 1, year * 4
        for name, value in item.items():
            day = calendar.get(name)
            if day is None or not value:
                continue  # not a day's number (a key), or every entry gone
            ordinal = new_year + day[0]
            if ordinal >= limit:
                continue
            if day[2]:
                seconds[ordinal] = value
                quarter = first_quarter + day[1]
                quarters[quarter] = quarters.get(quarter, 0) + value
            else:  # entries of no length: still a day with an entry
                seconds.setdefault(ordinal, 0)
                quarters.setdefault(first_quarter + day[1], 0)
    kept.seconds = dict(sorted(seconds.items()))
    kept.quarters = dict(sorted(quarters.items()))
    if seconds:
        kept.first = date.fromordinal(next(iter(kept.seconds)))
        kept.last = date.fromordinal(next(reversed(kept.seconds)))
    return kept


def _calendar(leap: bool) -> dict[str, tuple[int, int, bool]]:
    """Each day's number attributes of a year (``<mmdd>:w``, ``<mmdd>:z``): the day of the
    year (1 …), its quarter (0 … 3), and whether the attribute is its seconds."""
    year = 2000 if leap else 2001
    first = date(year, 1, 1).toordinal()
    days = [date.fromordinal(first + n) for n in range(366 if leap else 365)]
    return {f"{day:%m%d}:{name}": (day.toordinal() - first + 1, (day.month - 1) // 3,
                                   name == DAY_WEIGHT)
            for day in days for name in (DAY_WEIGHT, DAY_EMPTY)}


_CALENDAR = {leap: _calendar(leap) for leap in (False, True)}


def _take(summary: Summary, totals: Mapping[str, int]) -> None:
    """Counts per kind, seconds, episodes per folder, videos per channel, episodes per
    podcast, and per activity the seconds and the count of what is not a kind's own."""
    kinds = {prefix: totals.get(f"{KIND}:{prefix}", 0) for prefix in BY_PREFIX}
    summary.counts = {prefix: n for prefix, n in kinds.items() if n}
    summary.seconds = sum(v for k, v in totals.items() if k.startswith(f"{SECONDS}:"))
    summary.folders = {k[2:]: v for k, v in totals.items() if k.startswith(f"{EPISODES}:") and v}
    for prefix, record_prefix in _GROUPED.items():
        activity = BY_PREFIX[prefix].activity
        marker = f"{TITLE_COUNT}:{activity}:{RECORD_REF}{record_prefix}"
        named = {k[len(marker):]: v for k, v in totals.items() if k.startswith(marker) and v}
        grouped: list[list[object]] = [[record, n] for record, n in named.items()]
        unnamed = kinds[prefix] - sum(named.values())
        if unnamed:
            grouped.append([None, unnamed])
        if prefix == YouTubeVideo.SK_PREFIX:
            summary.channels = grouped
        else:
            summary.podcasts = grouped
    own = {BY_PREFIX[p].activity: n for p, n in kinds.items()}
    for name, value in totals.items():
        kind, _, activity = name.partition(":")
        if kind == COUNT:
            entry = summary.activities.setdefault(activity, [0, 0])
            entry[1] += value - own.get(activity, 0)
        elif kind == SECONDS:
            summary.activities.setdefault(activity, [0, 0])[0] += value
