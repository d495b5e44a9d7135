"""The sums ``GET /stats`` lists, from the kept day totals of the period (pure, no I/O).

Each day total holds the seconds and counts of the day's entries per activity and per
title; what depends on a record (an episode's length and show name, a channel's or a
podcast's name) is weighed and named here from the records read with them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from handlers.service.activities import GROUPS, group_of
from handlers.service.durations import episode_seconds
from handlers.service.kept.contributions import (
    COUNT,
    EPISODES,
    LITERAL_REF,
    RECORD_REF,
    SECONDS,
    TITLE_COUNT,
    TITLE_SECONDS,
)
from handlers.service.stats import Bucket, Sums, bucket_start
from storage.models import Show, SpotifyShow, YouTubeChannel
from storage.repository import Item

_NAMES = {YouTubeChannel.SK_PREFIX: "youtube_channel_title",
          SpotifyShow.SK_PREFIX: "spotify_show_name"}
"""Where a record keeps the name its entries count towards."""


def records_named(days: Mapping[date, Mapping[str, int]]) -> list[str]:
    """The sort keys of the records that name or weigh the days' entries."""
    wanted: set[str] = set()
    for values in days.values():
        for name in values:
            kind, _, rest = name.partition(":")
            if kind == EPISODES:
                wanted.add(Show.SK_PREFIX + rest)
            elif kind == TITLE_COUNT and (ref := rest.partition(":")[2]).startswith(RECORD_REF):
                wanted.add(ref[len(RECORD_REF):])
    return sorted(wanted)


def _title(ref: str, records: Mapping[str, Item]) -> str | None:
    if ref.startswith(LITERAL_REF):
        return ref[len(LITERAL_REF):] or None
    sk = ref[len(RECORD_REF):]
    field = next((f for prefix, f in _NAMES.items() if sk.startswith(prefix)), None)
    return (records.get(sk) or {}).get(field) if field else None


def stats_sums(days: Mapping[date, Mapping[str, int]], records: Mapping[str, Item],
               bucket: Bucket) -> Sums:
    """Seconds per bucket and group, seconds and count per activity and per title."""
    seconds: dict[date, dict[str, float]] = {}
    activities: dict[str, list[float]] = {}
    titles: dict[tuple[str, str], list[float]] = {}
    for day, values in days.items():
        totals = seconds.setdefault(bucket_start(day, bucket), dict.fromkeys(GROUPS, 0.0))
        for name, value in values.items():
            if not value:
                continue
            kind, _, rest = name.partition(":")
            if kind == SECONDS:
                totals[group_of(rest)] += value
                activities.setdefault(rest, [0.0, 0])[0] += value
            elif kind == COUNT:
                activities.setdefault(rest, [0.0, 0])[1] += value
            elif kind == EPISODES:
                show = records.get(Show.SK_PREFIX + rest)
                spent = value * episode_seconds(show)
                totals[group_of("tv")] += spent
                activities.setdefault("tv", [0.0, 0])[0] += spent
                title = (show or {}).get("tvdb_name") or rest
                tally = titles.setdefault((str(title), "tv"), [0.0, 0])
                tally[0] += spent
                tally[1] += value
            elif kind in (TITLE_SECONDS, TITLE_COUNT):
                activity, _, ref = rest.partition(":")
                if (title := _title(ref, records)) and not ref.startswith(
                    RECORD_REF + Show.SK_PREFIX
                ):
                    tally = titles.setdefault((title, activity), [0.0, 0])
                    tally[0 if kind == TITLE_SECONDS else 1] += value
    return seconds, activities, titles
