"""The sums ``GET /progress`` starts from, taken from the kept totals (pure, no I/O).

The progress pass (``progress_pass.Pass``) can start from the sums of a user's older
entries (``progress_summary.Summary``) and be fed the newer ones. Those sums are the
all-time totals (``TOTALS``) less the newer entries and the movies (listed one by one, so
the pass is fed every movie), and each older local day's seconds by group (``YEAR#``),
episodes weighed by their show's runtime from the records read at the request.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from zoneinfo import ZoneInfo

from handlers.service.core.activities import GROUPS, group_of
from handlers.service.core.calendar import local_noon
from handlers.service.core.durations import episode_seconds
from handlers.service.kept.contributions import (
    COUNT,
    EPISODES,
    KIND,
    RECORD_REF,
    SECONDS,
    TITLE_COUNT,
    YEAR_PREFIX,
)
from handlers.service.kept.kinds import BY_PREFIX
from handlers.service.progress.lists import movie_element
from handlers.service.progress.summary import Summary
from storage.models import SpotifyEpisode, SpotifyShow, YouTubeChannel, YouTubeVideo
from storage.repository import Item

_GROUPED = {YouTubeVideo.SK_PREFIX: YouTubeChannel.SK_PREFIX,
            SpotifyEpisode.SK_PREFIX: SpotifyShow.SK_PREFIX}
"""The kinds ``/progress`` lists per record, and the record's prefix."""


def older_sums(totals: Mapping[str, int], days: Mapping[date, Mapping[str, int]],
               shows: Mapping[str, Item], movies: Iterable[Item], zone: ZoneInfo,
               first: float | None) -> Summary:
    """The sums of the older entries: ``totals`` their all-time sums (the ``TOTALS``
    item's numbers), ``days`` each of their local days' numbers (``n``, ``s:<group>``,
    ``e:<folder>``); ``shows`` are the show records by folder, ``movies`` the older
    movies (listed one by one), ``first`` the earliest entry's moment."""
    summary = Summary(zone=zone.key, built_at=0.0, first=first,
                      movies=[movie_element(movie) for movie in movies])
    weights = _Weights(shows)
    for day in sorted(days):
        by_group: dict[str, int] = dict.fromkeys(GROUPS, 0)
        for name, value in days[day].items():
            if name[0] == SECONDS:
                by_group[name[2:]] += value
            elif name[0] == EPISODES:
                by_group[_WATCHING] += value * weights.runtime(name)
        summary.days[str(day.toordinal())] = [by_group[g] for g in GROUPS]
    if days:
        summary.last = local_noon(max(days), zone).timestamp()
    _take(summary, totals)
    return summary


class _Weights:
    """Each folder's episode length, figured once."""

    def __init__(self, shows: Mapping[str, Item]) -> None:
        self._shows = shows
        self._runtimes: dict[str, int] = {}

    def runtime(self, name: str) -> int:
        found = self._runtimes.get(name)
        if found is None:
            found = self._runtimes[name] = episode_seconds(self._shows.get(name[2:]))
        return found


_WATCHING = group_of("tv")


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


def days_of_years(years: Mapping[str, Mapping[str, int]]) -> dict[date, dict[str, int]]:
    """Each local day's numbers (``n``, ``s:<group>``, ``e:<folder>``) from the ``YEAR#``
    items' numbers by sort key; days whose count is 0 (every entry gone) are left out."""
    found: dict[date, dict[str, int]] = {}
    for sk, values in years.items():
        year = int(sk[len(YEAR_PREFIX):])
        days: dict[str, dict[str, int]] = {}
        for name, value in values.items():
            numbers = days.get(name[:4])
            if numbers is None:
                numbers = days[name[:4]] = found.setdefault(
                    date(year, int(name[:2]), int(name[2:4])), {})
            numbers[name[5:]] = value
    return {day: values for day, values in found.items() if values.get("n")}
