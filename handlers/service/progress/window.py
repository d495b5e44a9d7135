"""The last days ``GET /progress`` takes from their day totals rather than entry by entry (pure).

What depends on the clock is figured from the days since the first one the pass cares
about (``progress.read.newer_from``): today, the last seven local days, the last 7×24 hours.
Their day totals (``DAY#``: seconds per activity, episodes per folder, entries per
first-generation kind) give every such figure exactly, but where a rule cuts a day:

- the last 7×24 hours start inside a local day: of that day, the entries after the start
  count (``Window.entries`` holds them, as their references' copies give them);
- "today" counts entries *after* local midnight: one exactly at midnight is today's by its
  day, not by that rule (also in ``entries``, when there is one).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from handlers.service.core.activities import group_of
from handlers.service.kept.contributions import EPISODES, KIND, SECONDS
from handlers.service.logbook.history_entries import KIND_PREFIX, episode_folder
from handlers.service.progress.single_pass import DAYS_IN_ACTIVITY, Pass, Tally
from storage.models import Episode
from storage.repository import Item


@dataclass
class Window:
    """The newer days' numbers and the entries where a rule cuts a day."""

    days: dict[int, Mapping[str, int]] = field(default_factory=dict)
    """Each day's numbers (its ``DAY#`` item's) by ordinal, from the first newer day on,
    days after today included (an entry may be dated ahead)."""
    entries: list[Item] = field(default_factory=list)
    """The fields (``entry_fields``) of the entries from the start of the last 7×24 hours
    to the end of that local day, and of those at today's local midnight (any may be in
    both spans: each is taken once)."""

    def load_into(self, state: Pass) -> None:
        """Add the newer days to a pass loaded with the all-time sums (``Summary``)."""
        frame = state.frame
        ordinal_of = frame.days.ordinal
        today = ordinal_of(frame.today_start)
        first_daily = today - (DAYS_IN_ACTIVITY - 1)
        week_day = ordinal_of(frame.week_start)
        for ordinal, numbers in self.days.items():
            self._day(state, ordinal, numbers, ordinal - first_daily if first_daily <= ordinal
                      <= today else None, ordinal > week_day, ordinal >= today)
        seen: set[str] = set()
        for entry in self.entries:
            if entry["id"] not in seen:
                seen.add(str(entry["id"]))
                _cut(state, entry, week_day, today)

    @staticmethod
    def _day(state: Pass, ordinal: int, numbers: Mapping[str, int], daily: int | None,
             in_week: bool, from_today: bool) -> None:
        for name, value in numbers.items():
            if not value or name[1:2] != ":":
                continue
            kind, rest = name[0], name[2:]
            if kind == SECONDS:
                key = (ordinal, group_of(rest))
                state.day_seconds[key] = state.day_seconds.get(key, 0) + value
                if from_today:
                    state.activities.setdefault(rest, [0, 0, 0])[2] += value
                tally = state.seconds
            elif kind == EPISODES:
                key_folder = (rest, ordinal)
                state.folder_days[key_folder] = state.folder_days.get(key_folder, 0) + value
                tally = _folder(state, rest)
            else:
                if kind == KIND and from_today and rest in state.today:
                    state.today[rest] += value
                continue
            if in_week:
                tally.week += value
            if daily is not None:
                tally.daily[daily] += value


def _folder(state: Pass, folder: str) -> Tally:
    tally = state.folders.get(folder)
    if tally is None:
        tally = state.folders[folder] = Tally()
    return tally


def _cut(state: Pass, entry: Item, week_day: int, today: int) -> None:
    """What the day totals miscount of the entry whose fields are ``entry`` by the rules
    that cut a day: its ``seconds`` are what its day total holds of it (``item_seconds``;
    an episode's weigh nothing there, its folder counts it)."""
    frame, ts = state.frame, entry["at"]
    ordinal = frame.days.ordinal(ts)
    kind = KIND_PREFIX[entry["kind"]]
    if ordinal == week_day and ts > frame.week_start:  # its day is not in the week; it is
        if kind == Episode.SK_PREFIX:
            _folder(state, episode_folder(entry)).week += 1
        else:
            state.seconds.week += int(entry["seconds"])
    if kind in state.today and (ordinal >= today) != (ts > frame.today_start):
        state.today[kind] += 1 if ordinal < today else -1

