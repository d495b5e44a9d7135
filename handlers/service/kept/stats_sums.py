"""The sums ``GET /stats`` lists, from the kept day totals of the period (pure, no I/O).

Each day total holds the seconds and counts of the day's entries per activity and per
title; what depends on a record (an episode's length and show name, a channel's or a
podcast's name) is weighed and named here from the records read with them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from heapq import nsmallest

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
from handlers.service.progress.reading_speed import CHARACTERS, MEASURED_SECONDS
from handlers.service.progress.stats import TOP_TITLES, Bucket, Sums, bucket_start
from storage.models import Episode, Show, SpotifyShow, YouTubeChannel
from storage.repository import Item

_NAMES = {YouTubeChannel.SK_PREFIX: "youtube_channel_title",
          SpotifyShow.SK_PREFIX: "spotify_show_name"}
"""Where a record keeps the name its entries count towards."""
_EPISODES_KEPT_AS = BY_PREFIX[Episode.SK_PREFIX].activity or "tv"
"""The activity the kept counts hold every episode under (a show's mark moves them)."""


@dataclass
class _Sorted:
    """The period's names with a number, by what gives them their meaning: a record (an
    episode's show, a video's channel), the name alone for an activity, or the name alone
    for a title (a log's, a movie's: most names, summed here by title)."""

    by_record: list[str] = field(default_factory=list)
    activities: list[tuple[Meaning, int | float]] = field(default_factory=list)
    title_seconds: dict[tuple[str, str], int | float] = field(default_factory=dict)
    title_counts: dict[tuple[str, str], int | float] = field(default_factory=dict)


@dataclass
class Collected:
    """The period's numbers summed once: every number over the whole period (what the
    activities and titles are figured from), per bucket only the seconds and episodes
    (what the buckets' groups are), and the measured reading per local day and activity
    (characters, seconds: the reading speed's series). The period's distinct names are
    sorted once by what their meaning needs (``_Sorted``)."""

    totals: dict[str, int | float] = field(default_factory=dict)
    buckets: dict[date, dict[str, int | float]] = field(default_factory=dict)
    reading: dict[tuple[str, str], list[float]] = field(default_factory=dict)
    names: _Sorted = field(default_factory=_Sorted)


def collect(days: Mapping[date, Mapping[str, int | float]], bucket: Bucket) -> Collected:
    """Sum the day (or month) totals of a period, meanings figured later once per distinct
    name (names repeat day after day). A month total (under its first day) keeps its days'
    measured reading as ``<dd>:r:`` and ``<dd>:m:``."""
    found = Collected()
    totals, reading, buckets = found.totals, found.reading, found.buckets
    running = totals.get
    for values in days.values():
        # Every number, nothing asked of it (about 17,000 at 20,000 entries, most of them
        # titles'): what each name is, is asked once per distinct name (``_sort``).
        for name, value in values.items():
            totals[name] = running(name, 0) + value
    per_day = _sort(totals, found.names)
    # What is summed per bucket or per day is few names, the titles none of them: each
    # day gives up only those (an intersection walks the smaller side).
    for day, values in days.items():
        start = bucket_start(day, bucket)
        per_bucket = buckets.get(start)
        if per_bucket is None:
            per_bucket = buckets[start] = {}
        for name in per_day & values.keys():
            value = values[name]
            if not value:
                continue
            if name[0] in _BUCKETED_HEADS:
                per_bucket[name] = per_bucket.get(name, 0) + value
                continue
            # The reading speed's numbers: charted per day, counted in no sum.
            on, kind = (day, name) if name[0] in _READING_HEADS else (
                day.replace(day=int(name[:2])), name[3:])
            tally = reading.setdefault((on.isoformat(), kind[2:]), [0.0, 0.0])
            tally[kind[0] == MEASURED_SECONDS] += float(value)
    for name in per_day:
        if name[0] not in _BUCKETED_HEADS:
            del totals[name]
    return found


def _sort(totals: Mapping[str, int | float], into: _Sorted) -> frozenset[str]:
    """Sort the period's names with a number ``into`` what gives them their meaning; the
    names summed per bucket or per day."""
    per_day = []
    by_record, activities = into.by_record, into.activities
    title_seconds, title_counts = into.title_seconds, into.title_counts
    for name, value in totals.items():
        head = name[0]
        if head in _PER_DAY_HEADS:
            per_day.append(name)
            if head not in _BUCKETED_HEADS:
                continue  # the reading speed's: no meaning beyond its day
        if not value:
            continue  # a total its entries' removal brought back to zero
        static, sk = _parsed(name)
        if sk is not None:
            by_record.append(name)
        elif static is not None:  # (always, without a record)
            title = static[3]
            if title is not None:
                (title_counts if static[2] else title_seconds)[title] = value
            elif static[1] is not None:
                activities.append((static, value))
    return frozenset(per_day)


_BUCKETED_HEADS = SECONDS + EPISODES
_READING_HEADS = CHARACTERS + MEASURED_SECONDS
_PER_DAY_HEADS = _BUCKETED_HEADS + _READING_HEADS + "0123456789"
"""The first letter of the names summed per bucket (seconds, episodes) or per day (the
reading speed's, a month total's ``<dd>:`` ones); every kind of name is one letter."""


def records_named(collected: Collected) -> list[str]:
    """The sort keys of the records that name or weigh the period's entries."""
    return sorted({str(_parsed(name)[1]) for name in collected.names.by_record})


def _title(ref: str, records: Mapping[str, Item]) -> str | None:
    if ref.startswith(LITERAL_REF):
        return ref[len(LITERAL_REF):] or None
    sk = ref[len(RECORD_REF):]
    field = next((f for prefix, f in _NAMES.items() if sk.startswith(prefix)), None)
    return (records.get(sk) or {}).get(field) if field else None


def stats_sums(collected: Collected, records: Mapping[str, Item]) -> Sums:
    """Seconds per bucket and group, seconds and count per activity, and per title for
    at least every title that can be among the top ``TOP_TITLES`` (exactly as if every
    title were summed: the top list is the same)."""
    meaning = _Meanings(records)
    seconds: dict[date, dict[str, float]] = {}
    for start, values in collected.buckets.items():
        totals = seconds[start] = dict.fromkeys(GROUPS, 0.0)
        for name, value in values.items():
            group, _activity, _index, _title, weight = meaning.of(name)
            if group is not None:
                totals[group] += value * weight
    names = collected.names
    activities: dict[str, list[float]] = {}
    for (_group, activity, index, _title, _weight), value in names.activities:
        activities.setdefault(str(activity), [0.0, 0])[index] += value
    titles: dict[tuple[str, str], list[float]] = {}
    for name in names.by_record:
        value = collected.totals[name]
        _group, activity, index, title, weight = meaning.of(name)
        spent = value * weight
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
    titles.update(_named_by_themselves(names, titles))
    # An activity left with no entry: every episode counted as tv was of shows marked anime.
    return seconds, {a: tally for a, tally in activities.items() if tally[1]}, titles


def _named_by_themselves(names: _Sorted, titles: dict[tuple[str, str], list[float]]
                         ) -> dict[tuple[str, str], list[float]]:
    """The titles no record names (a log's, a movie's) that can be among the top list,
    after adding into ``titles`` those a record names too (a log titled as a show is).

    Each such title is one name for its seconds and one for its count, so the top list
    of these alone is the ``TOP_TITLES`` first by (most seconds, title, activity), and
    a title that is not among them cannot be among the top list of every title. Only
    titles with no seconds at all are ranked by name, and only when fewer than
    ``TOP_TITLES`` have seconds."""
    spent, counted = names.title_seconds, names.title_counts
    for key, tally in titles.items():
        tally[0] += spent.get(key, 0)
        tally[1] += counted.get(key, 0)
    ranked = nsmallest(TOP_TITLES, [(-value, key) for key, value in spent.items()
                                    if key not in titles])
    if len(ranked) < TOP_TITLES:
        ranked += [(0, key) for key in nsmallest(
            TOP_TITLES - len(ranked),
            [key for key in counted if key not in spent and key not in titles])]
    return {key: [0.0 + spent.get(key, 0), counted.get(key, 0)] for _, key in ranked}


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
        static, sk = _parsed(name)
        if static is not None:
            return static
        show = self._records.get(str(sk))
        if name[0] == EPISODES:
            title = str((show or {}).get("tvdb_name") or name[2:])
            activity = episode_activity(show)
            return group_of(activity), activity, 0, (title, activity), episode_seconds(show)
        kind, _, rest = name.partition(":")
        activity, _, ref = rest.partition(":")
        named = _title(ref, self._records)
        if named:
            return None, None, 0 if kind == TITLE_SECONDS else 1, (named, activity), 1
        return _NOTHING


_NOTHING: Meaning = (None, None, 0, None, 1)


@lru_cache(maxsize=1 << 16)
def _parsed(name: str) -> tuple[Meaning | None, str | None]:
    """What ``name`` means when no record weighs or names it (else ``None``), and the sort
    key of the record that does. Kept across requests: most names (a log's or a movie's
    title, an activity) mean the same whatever is stored."""
    kind, _, rest = name.partition(":")
    if kind == SECONDS:
        return (group_of(rest), rest, 0, None, 1), None
    if kind == COUNT:
        return (None, rest, 1, None, 1), None
    if kind == EPISODES:
        return None, Show.SK_PREFIX + rest
    if kind in (TITLE_SECONDS, TITLE_COUNT):
        activity, _, ref = rest.partition(":")
        if ref.startswith(LITERAL_REF):
            title = ref[len(LITERAL_REF):]
            index = 0 if kind == TITLE_SECONDS else 1
            return (None, None, index, (title, activity) if title else None, 1), None
        if ref.startswith(RECORD_REF):
            sk = ref[len(RECORD_REF):]
            if sk.startswith(Show.SK_PREFIX):  # episodes count towards it by ``e:``
                return _NOTHING, sk if kind == TITLE_COUNT else None
            return None, sk
    return _NOTHING, None
