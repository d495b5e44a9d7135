"""What ``GET /progress`` keeps of a user's older entries between requests (pure, no I/O).

The progress body needs every entry a user ever stored: totals, shows, channels and
podcasts, activities, every local day (streak, goals, quarters). An entry more than
``RECENT_DAYS`` old only ever adds to those sums; the day, the week and the last seven
days that depend on the clock are figured from newer ones. So a summary keeps the
older entries' sums as the single pass (``progress_pass.Pass``) left them, and the newer
entries themselves (the attributes the pass reads). Movies, listed one by one, and the
show, channel and podcast records, which name and weigh entries, are not kept: they are
read at each request (``LIVE_PREFIXES``). A request loads the sums into a fresh pass and
feeds it the newer entries and the items read, which gives the body the whole history
would (the equivalence is tested against ``progress.compute_progress``).

Record ``pk="USER#<user>", sk="PROGRESSSUMMARY"``: ``zone``, ``built_at``, ``basis`` (see
``progress_read``: the day summary's version it was built against), the sums and
``recent``. Bounds: ``MAX_RECENT`` newer entries and the 400 KB of an item; past them a
user keeps no summary and every request reads every entry, with the same answer.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from handlers.service.activities import GROUPS
from handlers.service.calendar import DAY_SECONDS
from handlers.service.progress_pass import FED_ATTRIBUTES, Frame, Pass, Tally
from handlers.service.stats import STATS_PREFIXES
from storage.limits import ITEM_MAX_BYTES, item_size
from storage.models import CONTENT_PREFIXES, LogEntry, Movie, user_pk
from storage.repository import Item

SUMMARY_SK = "PROGRESSSUMMARY"
RECENT_DAYS = 9
"""Older than this, an entry is outside today, the last 7×24 hours and the last seven
local days for every later clock (a local day lasts at most 25 hours)."""
MAX_RECENT = 2_000
_ENTRY_PREFIXES = (*CONTENT_PREFIXES, LogEntry.SK_PREFIX)
LIVE_PREFIXES = (*(p for p in STATS_PREFIXES if p not in _ENTRY_PREFIXES), Movie.SK_PREFIX)
"""Read at each request: the show, channel and podcast records, and the movies."""


@dataclass
class Summary:
    """The sums of a user's older entries and their newer entries, as of ``built_at``."""

    zone: str
    built_at: float
    counts: dict[str, int] = field(default_factory=dict)
    first: float | None = None
    last: float | None = None
    seconds: int = 0
    """Seconds of every older entry but episodes (weighed by runtime at each request)."""
    folders: dict[str, int] = field(default_factory=dict)
    channels: list[list[Any]] = field(default_factory=list)
    podcasts: list[list[Any]] = field(default_factory=list)
    kinds: dict[str, int] = field(default_factory=dict)
    activities: dict[str, list[int]] = field(default_factory=dict)
    days: dict[str, list[int]] = field(default_factory=dict)
    """Seconds per local day (ordinal) and group, in ``GROUPS`` order, episodes weighed."""
    recent: list[Item] = field(default_factory=list)

    def serves(self, zone: ZoneInfo, now: datetime) -> bool:
        return self.zone == zone.key and now.timestamp() >= self.built_at

    def load_into(self, state: Pass) -> None:
        """Put the older entries' sums into a fresh pass (before it is fed)."""
        for kind, count in self.counts.items():
            state.counts[kind] += count
        state.first, state.last = self.first, self.last
        state.seconds.total += self.seconds
        for folder, count in self.folders.items():
            tally = state.folders[folder] = Tally()
            tally.total = count
        state.videos_by_channel.update((channel, n) for channel, n in self.channels)
        state.episodes_by_podcast.update((podcast, n) for podcast, n in self.podcasts)
        for kind, seconds in self.kinds.items():
            state.kind_seconds[kind][0] += seconds
        for activity, (seconds, count) in self.activities.items():
            state.activities[activity] = [seconds, count, 0]
        for ordinal, by_group in self.days.items():
            # A day an entry of no length fell on is still a day with an entry.
            day = int(ordinal)
            state.day_seconds[(day, GROUPS[0])] = by_group[0]
            for group, seconds in zip(GROUPS[1:], by_group[1:], strict=True):
                if seconds:
                    state.day_seconds[(day, group)] = seconds


def summarize(items: Iterable[Item], tz: ZoneInfo, now: datetime,
              keep_since: float | None = None) -> Built:
    """The summary of a user's ``items`` (every item under the statistics' prefixes) as of
    ``now``, the items a request reads anyway (``LIVE_PREFIXES``) and, with ``keep_since``,
    the entries at or after it (each list in the items' order)."""
    cutoff = now.timestamp() - RECENT_DAYS * DAY_SECONDS
    built = Built(Summary(zone=tz.key, built_at=now.timestamp()), [], [])
    older = Pass(Frame(now, tz))
    older.feed(_older(items, cutoff, built, float("inf") if keep_since is None else keep_since))
    _take_sums(older, built.summary)
    return built


@dataclass
class Built:
    """What one read of every item gave: the summary and the items set aside."""

    summary: Summary
    live: list[Item]
    since: list[Item]
    """The entries at or after ``keep_since``."""

    def records(self) -> Iterator[Item]:
        """The show, channel and podcast records among the items read."""
        return (item for item in self.live if not item["sk"].startswith(Movie.SK_PREFIX))


def _older(items: Iterable[Item], cutoff: float, built: Built, keep_since: float
           ) -> Iterator[Item]:
    """The older entries and the records (which weigh them), setting the rest aside."""
    recent, live, since = built.summary.recent, built.live, built.since
    for item in items:
        sk = str(item["sk"])
        if sk.startswith(_ENTRY_PREFIXES):
            if item["timestamp"] >= keep_since:
                since.append(item)
            if sk.startswith(Movie.SK_PREFIX):
                live.append(item)
            elif item["timestamp"] >= cutoff:
                recent.append({k: item[k] for k in FED_ATTRIBUTES if k in item})
            else:
                yield item
        elif sk.startswith(LIVE_PREFIXES):
            live.append(item)
            yield item


def _take_sums(state: Pass, summary: Summary) -> None:
    summary.counts = {kind: n for kind, n in state.counts.items() if n}
    summary.first, summary.last = state.first, state.last
    summary.seconds = state.seconds.total
    summary.folders = {folder: tally.total for folder, tally in state.folders.items()}
    summary.channels = [[channel, n] for channel, n in state.videos_by_channel.items()]
    summary.podcasts = [[podcast, n] for podcast, n in state.episodes_by_podcast.items()]
    summary.kinds = {kind: total for kind, (total, _today) in state.kind_seconds.items() if total}
    summary.activities = {a: [total, count] for a, (total, count, _) in state.activities.items()}
    days: dict[int, dict[str, int]] = {}
    for ordinal, group, seconds in state.weighed_days(state.runtimes()):
        days.setdefault(ordinal, dict.fromkeys(GROUPS, 0))[group] += seconds
    summary.days = {str(o): [by_group[g] for g in GROUPS] for o, by_group in sorted(days.items())}


_FIELDS = ("counts", "first", "last", "seconds", "folders", "channels", "podcasts", "kinds",
           "activities", "days", "recent")
_OPTIONAL = ("first", "last")
"""The fields that are ``None`` when no entry is older than ``RECENT_DAYS``."""


def to_item(user: str, summary: Summary, basis: int | None) -> Item | None:
    """The record of ``summary``; ``None`` past the bounds."""
    if len(summary.recent) > MAX_RECENT:
        return None
    item = {"pk": user_pk(user), "sk": SUMMARY_SK, "user": user, "zone": summary.zone,
            "built_at": summary.built_at, "basis": basis,
            **{name: getattr(summary, name) for name in _FIELDS}}
    # DynamoDB's size of an item is at most about twice its JSON (a one-digit number in
    # a list takes 4 bytes there, 2 in JSON): the exact count only near the limit.
    rough = 2 * len(json.dumps(item, ensure_ascii=False).encode())
    fits = rough <= ITEM_MAX_BYTES - 1_000 or item_size(item) <= ITEM_MAX_BYTES - 1_000
    return item if fits else None


def from_item(item: Item | None, basis: int | None) -> Summary | None:
    """The summary ``item`` holds if it was built against ``basis``; else ``None``."""
    if item is None or "built_at" not in item or item.get("basis") != basis:
        return None
    # The stores drop attributes whose value is None: a summary of no older entry comes
    # back without ``first`` and ``last``, and is as valid as any.
    fields: dict[str, Any] = {name: item.get(name) for name in _OPTIONAL}
    try:
        fields.update((name, item[name]) for name in _FIELDS if name not in _OPTIONAL)
        return Summary(zone=str(item["zone"]), built_at=float(item["built_at"]), **fields)
    except (KeyError, TypeError):
        return None
