"""Each user's minutes per local day and last four weeks' entries, kept in one item (store I/O).

A reminder says the streak (minutes per local day, every day), today's minutes and what
to log (the activities of the last 28 days). Reading them from the entries costs eight
prefix queries per user; a tick reads this one item with the user's others instead.

Record ``pk="USER#<user>", sk="DAYTOTALS"``: ``zone`` (the days are local days there),
``built_at``, ``built_on``, ``days`` (local date to minutes) and ``recent`` (``[activity,
seconds, at]`` of every entry with time since ``built_at`` minus 28 days, in entry order):
built from the entries by the functions ``/progress`` uses (``stats.counted``,
``goals.minutes_by_day``), so it cannot disagree.

Fresh only while ``built_on`` equals the ``writes`` count of the user's ``TOTALS`` item,
which every unit-of-work transaction that changes the user's entries or records moves on
by one (``kept.journal.counted``, in the ``Add`` a log makes on ``TOTALS`` anyway). A
build reads that count *before* the entries and stores it as ``built_on``: a log racing
the build moves the count past it, so the summary stored misses that log but is never
fresh. A reader reads ``TOTALS`` with the summary (one batch) to tell.

Bounds: at most ``MAX_DAYS`` days with immersion and ``MAX_RECENT`` recent entries (and
the 400 KB of an item). A user past them keeps no summary, and a tick reads their entries
as before: the bound costs requests, never changes what a reminder says.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from handlers.service.core.calendar import DAY_SECONDS, local_date
from handlers.service.core.local_days import DayMinutes, Days
from handlers.service.goals.rules import minutes_by_day
from handlers.service.kept.contributions import TOTALS_SK, WRITES
from handlers.service.progress.stats import Counted
from storage.limits import ITEM_MAX_BYTES, item_size
from storage.models import user_pk
from storage.repository import Item, ItemRepository

SUMMARY_SK = "DAYTOTALS"
RECENT_DAYS = 28
"""The suggestions' window: a summary keeps the entries a reminder may still look at."""
MAX_DAYS = 7_300
"""Twenty years of days with immersion: about 160 KB."""
MAX_RECENT = 2_000
"""Entries within four weeks (70 a day): about 130 KB with 40-character activities."""


@dataclass(frozen=True)
class DayTotals:
    """What a reminder needs of the entries, as of ``built_at`` in ``zone``."""

    zone: str
    built_at: int
    days: DayMinutes
    """Minutes per local day, under ``"all"`` only (the streak counts every kind)."""
    recent: list[Counted]
    """Entries since ``built_at`` minus 28 days with time (titles left out)."""

    def serves(self, zone: ZoneInfo, at: datetime) -> bool:
        """Whether it answers for a reminder at ``at`` in ``zone`` as the entries would."""
        return self.zone == zone.key and at.timestamp() >= self.built_at


def summarize(entries: Sequence[Counted], zone: ZoneInfo, now: datetime) -> DayTotals:
    """The summary of ``entries`` (every entry of the user) as of ``now``."""
    return from_days(minutes_by_day(entries, zone, local_date(now, zone)), entries, zone, now)


def since(now: datetime) -> int:
    """The earliest moment of an entry a summary built at ``now`` keeps as recent."""
    return int(now.timestamp()) - RECENT_DAYS * DAY_SECONDS


def from_days(by_day: Days, entries: Sequence[Counted], zone: ZoneInfo,
              now: datetime) -> DayTotals:
    """The summary as of ``now`` of the entries whose minutes per local day are ``by_day``;
    ``entries`` are those of them since ``since(now)`` at least, in the entries' order."""
    start = since(now)
    days = {day: {"all": minutes["all"]} for day, minutes in by_day.items()}
    recent = [Counted(entry.at, entry.activity, None, entry.seconds)
              for entry in entries if entry.at >= start and entry.seconds > 0]
    return DayTotals(zone.key, int(now.timestamp()), days, recent)


def _attributes(user: str, totals: DayTotals, built_on: int) -> Item:
    return {
        "pk": user_pk(user),
        "sk": SUMMARY_SK,
        "user": user,
        "zone": totals.zone,
        "built_at": totals.built_at,
        "built_on": built_on,
        "days": {day.isoformat(): minutes["all"] for day, minutes in totals.days.items()},
        "recent": [[entry.activity, entry.seconds, entry.at] for entry in totals.recent],
    }


def writes(totals: Item | None) -> int:
    """The user's count of writes of entries and records, from their ``TOTALS`` item."""
    return int((totals or {}).get(WRITES, 0))


def from_item(item: Item | None, writes_now: int) -> DayTotals | None:
    """The summary ``item`` holds if it is fresh: built on ``writes_now``, the ``writes``
    of the user's ``TOTALS`` as read with it (``writes``); ``None`` when absent, stale
    (an item of before the count is stale too) or not one."""
    if item is None or "built_at" not in item or item.get("built_on") != writes_now:
        return None
    try:
        days: DayMinutes = {date.fromisoformat(day): {"all": minutes}
                            for day, minutes in dict(item["days"]).items()}
        recent = [Counted(int(at), str(activity), None, seconds)
                  for activity, seconds, at in item["recent"]]
        return DayTotals(str(item["zone"]), int(item["built_at"]), days, recent)
    except (KeyError, TypeError, ValueError):
        return None


class Rebuild:
    """One build of a user's summary, from the summary and the ``TOTALS`` count of writes
    as read *before* the entries."""

    def __init__(self, repo: ItemRepository, user: str, before: Item | None,
                 writes_before: int) -> None:
        self._repo = repo
        self._user = user
        self.before = before
        self.writes_before = writes_before

    @classmethod
    def read(cls, repo: ItemRepository, user: str) -> Rebuild:
        """Start a build by reading the stored summary and the count of writes, in one
        request (call before reading the entries)."""
        read = repo.get_many(user_pk(user), [SUMMARY_SK, TOTALS_SK])
        return cls(repo, user, read.get(SUMMARY_SK), writes(read.get(TOTALS_SK)))

    def needed(self, zone: ZoneInfo) -> bool:
        """Whether the summary read was missing, stale or of another zone."""
        current = from_item(self.before, self.writes_before)
        return current is None or current.zone != zone.key

    def store(self, entries: Sequence[Counted], zone: ZoneInfo, now: datetime) -> None:
        """Store the summary of ``entries`` (read after the count) unless it is fresh."""
        if self.needed(zone):
            self.store_totals(summarize(entries, zone, now))

    def store_totals(self, totals: DayTotals) -> None:
        """``store`` with the summary already figured (of entries read after the count).
        Unconditional: one that a write overtook is stored stale (its ``built_on`` is
        behind), and one stored over a newer build costs a build, never a wrong reminder."""
        item = _attributes(self._user, totals, self.writes_before)
        if len(totals.days) > MAX_DAYS or len(totals.recent) > MAX_RECENT or (
            item_size(item) > ITEM_MAX_BYTES - 1_000
        ):
            return
        self._repo.put(item)
