"""What one entry adds to each kept item: numbers for totals, a reference for the history (pure).

The kept totals hold only numbers an entry adds and its removal subtracts, so a write keeps
them by delta (``storage``'s ``Add``): per local day (``DAY#<yyyy-mm-dd>``, with its titles),
all-time (``TOTALS``) and per year of days (``YEAR#<yyyy>``). Numbers that depend on a
record (an episode's seconds are its show's runtime, a video's title is its channel's
name) are kept by the record's id and weighed or named when read, so changing a record
changes none of those totals — but for ``YEAR#``'s whole-day seconds, read for every day
at each ``/progress``, which weigh episodes when written and are moved when a runtime
changes (``reweighed``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

from handlers.service.core.durations import episode_seconds, item_seconds
from handlers.service.core.local_days import local_ordinal
from handlers.service.kept.kinds import ENTRY_KINDS, EntryKind, kind_naming, kind_of
from handlers.service.progress.reading_speed import (
    CHARACTERS,
    MEASURED_SECONDS,
    measured_characters,
)
from storage.models import Movie
from storage.repository import Item

DAY_PREFIX = "DAY#"
TOTALS_SK = "TOTALS"
"""All-time sums: the day totals' numbers but the titles (bar the channels and podcasts)."""
WRITES = "writes"
"""``TOTALS``'s count of the unit of work's transactions that changed the user's entries or
records: bookkeeping, not a sum of the entries (``rebuild`` keeps it, ``verify`` skips it).
The reminders' day summary is fresh while it equals the count the summary was built on."""
YEAR_PREFIX = "YEAR#"
"""``YEAR#<yyyy>``: each local day's ``<mmdd>:w`` seconds, every kind, in one item per
year (and ``<mmdd>:z`` on a day with entries of no length): one number per day, what the
streak, the pace and the long-term curve ask of every day. An episode weighs its show's
runtime as the record now says (``records`` of ``numbers``); when a record's runtime
changes, the unit of work that writes it moves the days of that show's episodes by the
difference (``reweighed``)."""
DAY_WEIGHT = "w"
"""``YEAR#``'s ``<mmdd>:w``: the day's seconds, episodes weighed by their show's runtime
(never 0: ``episode_seconds``)."""
DAY_EMPTY = "z"
"""``YEAR#``'s ``<mmdd>:z``: the day's entries of no length, which its seconds do not show
(a day with such an entry is still a day with an entry). A day has an entry while its
``w`` or its ``z`` is above 0."""
MONTH_PREFIX = "MONTH#"
"""``MONTH#<yyyy-mm>``: the month's day totals summed (``/stats`` by month reads one item
per month), but the measured reading, kept per day as ``<dd>:r:<activity>`` and
``<dd>:m:<activity>`` (the reading speed is charted per day)."""
NOT_NUMBERS = frozenset({"pk", "sk", "user", "version"})
"""A total item's attributes that are not its numbers: its key, owner and write token."""
RECORD_REF = "@"
"""A title ref naming a record (``@SHOW#<folder>``): the record's name is the title."""
LITERAL_REF = "="
"""A title ref that is the title itself (a log's title, a movie's name)."""

# Attributes of a day item (each followed by ``:`` and what it counts):
SECONDS = "s"
"""``s:<activity>``: seconds of the day's entries of that activity (episodes excluded)."""
COUNT = "n"
"""``n:<activity>``: entries of that activity (episodes included, as ``tv``)."""
EPISODES = "e"
"""``e:<folder>``: episodes of that folder (weighed by the show's runtime when read)."""
KIND = "k"
"""``k:<prefix>``: entries of a first-generation kind (``k:MOVIE#``)."""
TITLE_SECONDS = "t"
"""``t:<activity>:<ref>``: seconds towards a title (episodes excluded)."""
TITLE_COUNT = "c"
"""``c:<activity>:<ref>``: entries towards a title."""

_DAY_ONLY = (TITLE_SECONDS, TITLE_COUNT, CHARACTERS, MEASURED_SECONDS)
"""The numbers a day total keeps that the all-time sums do not (bar the listed titles)."""

LISTED_TITLES = tuple(f"{TITLE_COUNT}:{k.activity}:{RECORD_REF}{k.record_prefix}"
                      for k in ENTRY_KINDS if k.record_prefix and not k.weighed_by_record)
"""The title counters the all-time sums keep: the channels and podcasts /progress lists."""

Numbers = dict[str, dict[str, int]]
"""Sort key of a kept total to the numbers added to its attributes."""


def day_sk(day: date) -> str:
    return f"{DAY_PREFIX}{day.isoformat()}"


def month_sk(day: date) -> str:
    """The sort key of the month total holding ``day``."""
    return f"{MONTH_PREFIX}{day.year:04d}-{day.month:02d}"


def title_ref(kind: EntryKind, entry: Item) -> str | None:
    """What ``entry`` counts towards: its record (``@`` and the record's key, even without
    an id: a video of no channel is still counted per channel), or its own title."""
    if kind.record_prefix is not None:
        return f"{RECORD_REF}{kind.record_prefix}{kind.record_id(entry) or ''}"
    if kind.prefix == Movie.SK_PREFIX:
        title = entry.get("tvdb_name")
        if title is None:
            title = entry.get("tmdb_name")
        return LITERAL_REF + str(title or entry["file_name"])
    title = entry.get("title")
    return LITERAL_REF + str(title) if title else None


def numbers(entry: Item, zone: ZoneInfo, records: Mapping[str, Item]) -> Numbers:
    """The numbers ``entry`` adds to the kept totals (its days in ``zone``); ``records``
    by sort key hold the record weighing it, if any (an episode's show: absent, the
    default runtime)."""
    kind = kind_of(str(entry["sk"]))
    if kind is None:
        return {}
    activity = kind.activity_of(entry)
    seconds = 0 if kind.weighed_by_record else item_seconds(entry)
    day = _day_numbers(kind, entry, activity, seconds)
    keys = _keys_of(local_ordinal(int(entry["timestamp"]), zone))
    if kind.weighed_by_record:
        seconds = weight_of(kind, entry, records)
    return {
        keys.day: day,
        TOTALS_SK: _all_time(day),
        keys.year: _year_numbers(keys.mmdd, seconds),
        keys.month: {(f"{keys.dd}:{name}" if name[0] in _PER_DAY else name): value
                     for name, value in day.items()},
    }


class _DayKeys(NamedTuple):
    day: str
    year: str
    month: str
    mmdd: str
    dd: str


@lru_cache(maxsize=4096)
def _keys_of(ordinal: int) -> _DayKeys:
    """The keys and names of one local day's totals (made once a day, not once an entry)."""
    local = date.fromordinal(ordinal)
    return _DayKeys(day_sk(local), year_sk(local), month_sk(local), _mmdd(local),
                    f"{local.day:02d}")


def _year_numbers(mmdd: str, seconds: int) -> dict[str, int]:
    if seconds:
        return {f"{mmdd}:{DAY_WEIGHT}": seconds}
    return {f"{mmdd}:{DAY_EMPTY}": 1}


def _day_numbers(kind: EntryKind, entry: Item, activity: str, seconds: int) -> dict[str, int]:
    day: dict[str, int] = {f"{COUNT}:{activity}": 1}
    if kind.weighed_by_record:
        day[f"{EPISODES}:{kind.record_id(entry) or ''}"] = 1
    else:
        day[f"{SECONDS}:{activity}"] = seconds
    if kind.first_generation:
        day[f"{KIND}:{kind.prefix}"] = 1
    characters = measured_characters(entry)
    if characters is not None:  # the reading speed /stats charts, per day only
        day[f"{CHARACTERS}:{activity}"] = round(characters)
        day[f"{MEASURED_SECONDS}:{activity}"] = seconds
    ref = title_ref(kind, entry)
    if ref is not None and not ref.endswith("#"):  # a record ref without an id: no title
        if not kind.weighed_by_record:
            day[f"{TITLE_SECONDS}:{activity}:{ref}"] = seconds
        day[f"{TITLE_COUNT}:{activity}:{ref}"] = 1
    return day


def _all_time(day: dict[str, int]) -> dict[str, int]:
    return {name: value for name, value in day.items()
            if name[0] not in _DAY_ONLY or name.startswith(LISTED_TITLES)}


_PER_DAY = (CHARACTERS, MEASURED_SECONDS)
"""The numbers a month total keeps per day (``<dd>:<name>``)."""


def year_sk(day: date) -> str:
    """The sort key of the year item holding ``day``."""
    return f"{YEAR_PREFIX}{day.year:04d}"


def _mmdd(day: date) -> str:
    return f"{day.month:02d}{day.day:02d}"


def weight_of(kind: EntryKind, entry: Item, records: Mapping[str, Item]) -> int:
    """The seconds an entry weighed by its record (an episode) counts: the runtime of the
    record ``records`` hold for it, or the default one."""
    record_sk = kind.record_sk(entry)
    return episode_seconds(records.get(record_sk) if record_sk else None)


def reweighed(entries: Iterable[Item], before: Item | None, after: Item | None,
              zone: ZoneInfo) -> Numbers:
    """What the whole-day seconds of ``YEAR#`` move by when the record weighing ``entries``
    (every stored entry naming it) goes from ``before`` to ``after`` (``None``: none)."""
    difference = episode_seconds(after) - episode_seconds(before)
    moved: Numbers = {}
    if not difference:
        return moved
    for entry in entries:
        keys = _keys_of(local_ordinal(int(entry["timestamp"]), zone))
        numbers = moved.setdefault(keys.year, {})
        name = f"{keys.mmdd}:{DAY_WEIGHT}"
        numbers[name] = numbers.get(name, 0) + difference
    return moved


def add_into(total: Numbers, more: Mapping[str, Mapping[str, int]], sign: int = 1) -> None:
    """Add (``sign`` 1) or subtract (-1) ``more`` into ``total``."""
    for sk, attributes in more.items():
        mine = total.setdefault(sk, {})
        for name, value in attributes.items():
            mine[name] = mine.get(name, 0) + sign * value


def nonzero(total: Numbers) -> Numbers:
    """``total`` without its zeros (an item every number of which is 0 is left out)."""
    kept = {sk: {n: v for n, v in numbers.items() if v} for sk, numbers in total.items()}
    return {sk: numbers for sk, numbers in kept.items() if numbers}


def record_counter(record_sk: str) -> str | None:
    """The all-time counter of the entries that name the record ``record_sk``: a
    folder's episodes, a channel's videos, a podcast's episodes."""
    kind = kind_naming(record_sk)
    if kind is None or kind.activity is None:
        return None
    if kind.weighed_by_record:
        return f"{EPISODES}:{record_sk[len(kind.record_prefix or ''):]}"
    return f"{TITLE_COUNT}:{kind.activity}:{RECORD_REF}{record_sk}"
