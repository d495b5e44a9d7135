"""Each user's minutes per local day and last four weeks' entries, kept in one item (store I/O).

A reminder says the streak (minutes per local day, every day), today's minutes and what
to log (the activities of the last 28 days). Reading them from the entries costs eight
prefix queries per user; a tick reads this one item with the user's others instead.

Record ``pk="USER#<user>", sk="DAYTOTALS"``, one of:

- fresh: ``zone`` (the days are local days there), ``built_at``, ``days`` (local date to
  minutes) and ``recent`` (``[activity, seconds, at]`` of every entry with time since
  ``built_at`` minus 28 days, in entry order): built from the entries by the functions
  ``/progress`` uses (``stats.counted``, ``goals.minutes_by_day``), so it cannot disagree.
- stale: ``stale`` and a random ``version``, put by the unit of work in every
  transaction that writes the user's entries or related records (``kept.writing``).

A build reads the version *before* the entries and stores only if it is still the same
(``update`` on that version, or a create when there was no item): a log racing the build
makes it give up, and never leaves a summary missing that log marked fresh.

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
from handlers.service.core.local_days import DayMinutes
from handlers.service.goals.rules import minutes_by_day
from handlers.service.progress.stats import Counted
from storage.limits import ITEM_MAX_BYTES, item_size
from storage.models import user_pk
from storage.repository import Item, ItemRepository, VersionConflict

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


def from_days(by_day: DayMinutes, entries: Sequence[Counted], zone: ZoneInfo,
              now: datetime) -> DayTotals:
    """The summary as of ``now`` of the entries whose minutes per local day are ``by_day``;
    ``entries`` are those of them since ``since(now)`` at least, in the entries' order."""
    start = since(now)
    days = {day: {"all": minutes["all"]} for day, minutes in by_day.items()}
    recent = [Counted(entry.at, entry.activity, None, entry.seconds)
              for entry in entries if entry.at >= start and entry.seconds > 0]
    return DayTotals(zone.key, int(now.timestamp()), days, recent)


def _attributes(user: str, totals: DayTotals) -> Item:
    return {
        "pk": user_pk(user),
        "sk": SUMMARY_SK,
        "user": user,
        "zone": totals.zone,
        "built_at": totals.built_at,
        "days": {day.isoformat(): minutes["all"] for day, minutes in totals.days.items()},
        "recent": [[entry.activity, entry.seconds, entry.at] for entry in totals.recent],
    }


def from_item(item: Item | None) -> DayTotals | None:
    """The summary ``item`` holds; ``None`` when absent, stale or not one."""
    if item is None or item.get("stale") or "built_at" not in item:
        return None
    try:
        days: DayMinutes = {date.fromisoformat(day): {"all": minutes}
                            for day, minutes in dict(item["days"]).items()}
        recent = [Counted(int(at), str(activity), None, seconds)
                  for activity, seconds, at in item["recent"]]
        return DayTotals(str(item["zone"]), int(item["built_at"]), days, recent)
    except (KeyError, TypeError, ValueError):
        return None


def stale_marker(pk: str, version: int) -> Item:
    """The item that says the summary of partition ``pk`` must be built again."""
    return {"pk": pk, "sk": SUMMARY_SK, "user": pk.removeprefix("USER#"), "stale": True,
            "version": version}


class Rebuild:
    """One build of a user's summary, from the summary item as read *before* the entries."""

    def __init__(self, repo: ItemRepository, user: str, before: Item | None) -> None:
        self._repo = repo
        self._user = user
        self.before = before
        self.version: int | None = None if before is None else int(before.get("version", 0))
        """The summary item's version as last read or written here (``None``: absent)."""

    @classmethod
    def read(cls, repo: ItemRepository, user: str) -> Rebuild:
        """Start a build by reading the stored summary (call before reading the entries)."""
        return cls(repo, user, repo.get(user_pk(user), SUMMARY_SK))

    def needed(self, zone: ZoneInfo) -> bool:
        """Whether the summary read was missing, stale or of another zone."""
        current = from_item(self.before)
        return current is None or current.zone != zone.key

    def store(self, entries: Sequence[Counted], zone: ZoneInfo, now: datetime) -> bool:
        """Store the summary of ``entries`` (read after the version) unless a write came;
        whether ``version`` is still the summary item's as far as this build knows (false
        once a write of the entries was seen to come in between)."""
        if not self.needed(zone):
            return True  # fresh: no write of the entries since it was built
        return self.store_totals(summarize(entries, zone, now))

    def store_totals(self, totals: DayTotals) -> bool:
        """``store`` with the summary already figured (of entries read after the version)."""
        item = _attributes(self._user, totals)
        if len(totals.days) > MAX_DAYS or len(totals.recent) > MAX_RECENT or (
            item_size(item) > ITEM_MAX_BYTES - 1_000
        ):
            return True
        if self.before is None:
            created = self._repo.put_if_absent({**item, "version": 1})
            self.version = 1 if created else self.version
            return created
        changes = {name: value for name, value in item.items() if name not in ("pk", "sk")}
        # A conflict is a write of the entries since the version was read: give up, the
        # next build will do.
        try:
            stored = self._repo.update(user_pk(self._user), SUMMARY_SK, {**changes, "stale": None},
                                       int(self.before.get("version", 0)))
        except VersionConflict:
            return False
        self.version = int(stored["version"])
        return True
