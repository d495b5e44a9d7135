"""The sums ``GET /progress`` starts from, taken from the kept day totals (pure, no I/O).

The progress pass (``progress_pass.Pass``) can start from the sums of a user's older
entries (``progress_summary.Summary``) and be fed the newer ones. Those sums are the day
totals of the days before the newer entries', less the movies among them (movies are
listed one by one, so the pass is fed every movie), with each day's episodes weighed by
their show's runtime from the records read at the request.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from zoneinfo import ZoneInfo

from handlers.service.activities import GROUPS, group_of
from handlers.service.calendar import local_noon
from handlers.service.durations import episode_seconds
from handlers.service.kept.contributions import (
    COUNT,
    EPISODES,
    KIND,
    RECORD_REF,
    SECONDS,
    TITLE_COUNT,
    Numbers,
    add_into,
    numbers,
)
from handlers.service.kept.kinds import BY_PREFIX
from handlers.service.progress_summary import Summary
from storage.models import Movie, SpotifyEpisode, SpotifyShow, YouTubeChannel, YouTubeVideo
from storage.repository import Item

_GROUPED = {YouTubeVideo.SK_PREFIX: YouTubeChannel.SK_PREFIX,
            SpotifyEpisode.SK_PREFIX: SpotifyShow.SK_PREFIX}
"""The kinds ``/progress`` lists per record, and the record's prefix."""


def older_sums(days: Mapping[date, Mapping[str, int]], movies: Iterable[Item],
               shows: Mapping[str, Item], zone: ZoneInfo, first: float | None) -> Summary:
    """The sums of the entries on ``days`` (each day with an entry: its kept totals) but
    its ``movies``; ``shows`` are the show records by folder, ``first`` the earliest
    entry's moment."""
    per_day: Numbers = {day.isoformat(): dict(values) for day, values in days.items()}
    for movie in movies:
        for sk, values in numbers(movie, zone).items():
            if sk.startswith("DAY#") and sk[4:] in per_day:
                add_into(per_day, {sk[4:]: values}, -1)
    summary = Summary(zone=zone.key, built_at=0.0, first=first)
    totals: dict[str, int] = {}
    for day, values in sorted(per_day.items()):
        for name, value in values.items():
            totals[name] = totals.get(name, 0) + value
        by_group = _day_seconds(values, shows)
        summary.days[str(date.fromisoformat(day).toordinal())] = [by_group[g] for g in GROUPS]
    if days:
        summary.last = local_noon(max(days), zone).timestamp()
    _take(summary, totals)
    return summary


def _day_seconds(values: Mapping[str, int], shows: Mapping[str, Item]) -> dict[str, int]:
    by_group: dict[str, int] = dict.fromkeys(GROUPS, 0)
    for name, value in values.items():
        kind, _, what = name.partition(":")
        if kind == SECONDS:
            by_group[group_of(what)] += value
        elif kind == EPISODES:
            by_group[group_of("tv")] += value * episode_seconds(shows.get(what))
    return by_group


def _take(summary: Summary, totals: Mapping[str, int]) -> None:
    """Counts per kind, seconds, episodes per folder, videos per channel, episodes per
    podcast, and per activity the seconds and the count of what is not a kind's own."""
    kinds = {prefix: totals.get(f"{KIND}:{prefix}", 0) for prefix in BY_PREFIX}
    kinds[Movie.SK_PREFIX] = 0  # the pass is fed every movie
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
