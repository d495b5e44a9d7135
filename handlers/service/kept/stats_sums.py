"""The sums ``GET /stats`` lists, from the kept day totals of the period (pure, no I/O).

Each day total holds the seconds and counts of the day's entries per activity and per
title; what depends on a record (an episode's length and show name, a channel's or a
podcast's name) is weighed and named here from the records read with them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from handlers.service.core.activities import GROUPS, group_of
from handlers.service.core.durations import episode_activity, episode_seconds
from handlers.service.kept.contributions import (
    COUNT,
    EPISODES,
    LITERAL_REF,
    RECORD_REF,
    SECONDS,
    TITLE_COUNT,
    TITLE_SECONDS,
)
from handlers.service.kept.kinds import BY_PREFIX
from handlers.service.progress.stats import Bucket, Sums, bucket_start
from storage.models import Episode, Show, SpotifyShow, YouTubeChannel
from storage.repository import Item

_EPISODES_KEPT_AS = BY_PREFIX[Episode.SK_PREFIX].activity or "tv"
"""The activity whose kept count (``n:tv``) holds every episode, whatever its show is."""
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
    meaning = _Meanings(records)
    for day, values in days.items():
        totals = seconds.setdefault(bucket_start(day, bucket), dict.fromkeys(GROUPS, 0.0))
        for name, value in values.items():
            if not value:
                continue
            group, activity, index, title, weight = meaning.of(name)
            spent = value * weight
            if group is not None:
                totals[group] += spent
            if activity is not None:
                activities.setdefault(activity, [0.0, 0])[index] += spent if index == 0 else value
            if title is not None:
                tally = titles.setdefault(title, [0.0, 0])
                if name[0] == EPISODES:
                    tally[0] += spent
                    tally[1] += value
                    if activity is not None and activity != _EPISODES_KEPT_AS:
                        # A show marked anime: its episodes' count moves from tv's.
                        activities[activity][1] += value
                        activities.setdefault(_EPISODES_KEPT_AS, [0.0, 0])[1] -= value
                else:
                    tally[index] += value
    # An activity left with no entry: every episode counted as tv was of shows marked anime.
    return seconds, {a: tally for a, tally in activities.items() if tally[1]}, titles


Meaning = tuple[str | None, str | None, int, tuple[str, str] | None, int]
"""Of one attribute: its group (for seconds), its activity and which tally it adds to
(0 seconds, 1 count), the title it counts towards, and the seconds one unit weighs."""


class _Meanings:
    """What each attribute name means, figured once per name (names repeat day after day)."""

    def __init__(self, records: Mapping[str, Item]) -> None:
        self._records = records
        self._known: dict[str, Meaning] = {}

    def of(self, name: str) -> Meaning:
        found = self._known.get(name)
        if found is None:
            found = self._known[name] = self._figure(name)
        return found

    def _figure(self, name: str) -> Meaning:
        kind, _, rest = name.partition(":")
        if kind == SECONDS:
            return group_of(rest), rest, 0, None, 1
        if kind == COUNT:
            return None, rest, 1, None, 1
        if kind == EPISODES:
            show = self._records.get(Show.SK_PREFIX + rest)
            title = str((show or {}).get("tvdb_name") or rest)
            activity = episode_activity(show)
            return group_of(activity), activity, 0, (title, activity), episode_seconds(show)
        if kind in (TITLE_SECONDS, TITLE_COUNT):
            activity, _, ref = rest.partition(":")
            named = _title(ref, self._records)
            if named and not ref.startswith(RECORD_REF + Show.SK_PREFIX):
                return None, None, 0 if kind == TITLE_SECONDS else 1, (named, activity), 1
        return None, None, 0, None, 1
