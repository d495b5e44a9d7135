"""The weekly digest's figures from the kept items, never every entry (store I/O, reads).

The week's, the previous week's and the chart's minutes, the streak and the pace come from
the day totals (``DAY#``) from the chart's first week on; the all-time figures from
``TOTALS``; the average's start from the history index's oldest reference. Entries are read
only where a day total cannot say: a pace window that starts off a local midnight (the
UTC offset changed within it), and a week holding videos or podcast episodes of no
channel or show (named "Unknown" by their seconds). A streak longer than the window goes
on through the ``YEAR#`` items. So a digest costs what the last weeks hold, whatever the
history's length, and says exactly what ``digest.compute_digest`` of every entry says.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from handlers.service.core.calendar import (
    DAY_SECONDS,
    day_label,
    day_start,
    local_date,
    local_midnight,
    seven_days_label,
)
from handlers.service.core.durations import episode_activity, episode_seconds, item_seconds
from handlers.service.core.sound_items import is_sound
from handlers.service.kept import reading
from handlers.service.kept.contributions import (
    EPISODES,
    KIND,
    NOT_NUMBERS,
    RECORD_REF,
    SECONDS,
    TITLE_COUNT,
    TITLE_SECONDS,
    TOTALS_SK,
    YEAR_PREFIX,
)
from handlers.service.kept.kinds import BY_PREFIX
from handlers.service.kept.progress_start import older_days
from handlers.service.logbook import history, history_index
from handlers.service.notify.digest import (
    CHART_WEEKS,
    PACE_DAYS,
    Digest,
    Ranked,
    activity_minutes,
    group_minutes,
    next_milestone,
    ranked,
    top_by_record,
)
from storage.models import (
    Episode,
    Show,
    SpotifyEpisode,
    SpotifyShow,
    YouTubeChannel,
    YouTubeVideo,
    user_pk,
)
from storage.repository import Item, ItemRepository

Numbers = Mapping[str, int]
_NAMED = ((YouTubeVideo.SK_PREFIX, YouTubeChannel, "youtube_channel_id", "youtube_channel_title"),
          (SpotifyEpisode.SK_PREFIX, SpotifyShow, "spotify_show_id", "spotify_show_name"))
"""The kinds the digest ranks by record: the entry's prefix, the record, its id, its name."""


def kept_digest(repo: ItemRepository, user: str, now: datetime, tz: ZoneInfo) -> Digest:
    """The digest for the week that ended at the local midnight starting ``now``'s day."""
    return _Reader(repo, user, now, tz).digest()


class _Reader:
    """One digest's reads, each made once."""

    def __init__(self, repo: ItemRepository, user: str, now: datetime, tz: ZoneInfo) -> None:
        self.repo, self.user, self.pk, self.now, self.tz = repo, user, user_pk(user), now, tz
        self.end = local_midnight(now, tz)
        self.start = local_midnight(now, tz, 7)
        self.window = local_midnight(now, tz, 7 * CHART_WEEKS).date()
        self.days = {day: _numbers(numbers) for day, numbers
                     in reading.day_numbers(repo, user, first=self.window).items()}
        self.totals = _numbers(repo.get(self.pk, TOTALS_SK))
        folders = sorted(name[2:] for name in self.totals if name.startswith(f"{EPISODES}:"))
        self.shows = (repo.get_many(self.pk, [Show.SK_PREFIX + f for f in folders])
                      if folders else {})
        self._runtimes = {f: episode_seconds(self.shows.get(Show.SK_PREFIX + f)) for f in folders}

    def digest(self) -> Digest:
        start = self.start.date()
        week = _merged(self.days.get(start + timedelta(days=n), {}) for n in range(7))
        total = self._seconds(self.totals)
        return Digest(
            week_label=seven_days_label(start),
            minutes_this_week=self._seconds(week) // 60,
            minutes_previous_week=self._between(start - timedelta(days=7), start) // 60,
            average_weekly_minutes=self._average_weekly_minutes(total),
            minutes_by_group=group_minutes(self._activity_seconds(week)),
            minutes_by_activity=activity_minutes(self._activity_seconds(week)),
            top_shows=self._top_shows(week),
            top_channels=self._top_named(week, *_NAMED[0]),
            top_podcasts=self._top_named(week, *_NAMED[1]),
            streak_days=self._streak(),
            total_hours=total // 3600,
            total_minutes=total // 60,
            milestone=next_milestone(total, self._pace_seconds(), self.end),
            weekly_minutes=[(day_label(first), self._between(first.date(), first.date()
                                                             + timedelta(days=7)) // 60)
                            for first in (local_midnight(self.now, self.tz, 7 * (weeks + 1))
                                          for weeks in reversed(range(CHART_WEEKS)))],
        )

    # --- seconds ----------------------------------------------------------------------
    def _runtime(self, folder: str) -> int:
        found = self._runtimes.get(folder)
        return found if found is not None else episode_seconds(None)

    def _seconds(self, numbers: Numbers) -> int:
        """Seconds of a kept total's entries, episodes weighed by their show's runtime."""
        return sum(value if name.startswith(f"{SECONDS}:") else value * self._runtime(name[2:])
                   for name, value in numbers.items()
                   if name.startswith((f"{SECONDS}:", f"{EPISODES}:")))

    def _between(self, first: date, last: date) -> int:
        """Seconds of the local days ``first`` up to (not including) ``last``."""
        return sum(self._seconds(numbers) for day, numbers in self.days.items()
                   if first <= day < last)

    def _activity_seconds(self, numbers: Numbers) -> Counter[str]:
        seconds: Counter[str] = Counter()
        for name, value in numbers.items():
            kind, _, rest = name.partition(":")
            if kind == SECONDS:
                seconds[rest] += value
            elif kind == EPISODES:
                show = self.shows.get(Show.SK_PREFIX + rest)
                seconds[episode_activity(show)] += value * self._runtime(rest)
        return seconds

    def _entry_seconds(self, entry: Item) -> int:
        if str(entry["sk"]).startswith(Episode.SK_PREFIX):
            return self._runtime(str(entry.get("folder_name")))
        return item_seconds(entry)

    # --- figures ----------------------------------------------------------------------
    def _average_weekly_minutes(self, total: int) -> int | None:
        """Minutes per week from the first entry to the week's end (``None`` before two
        weeks): the entries since the week's end are taken off the all-time total."""
        # From the first entry itself, not the first day total: deleting a day's entries
        # leaves its total at 0, and that day is no longer the history's start.
        earliest = reading.earliest_moment(self.repo, self.user)
        end = self.end.timestamp()
        if earliest is None or earliest >= end:
            return None
        days = (end - earliest) / DAY_SECONDS
        if days < 14:
            return None
        since_end = sum(self._seconds(numbers) for day, numbers in self.days.items()
                        if day >= self.end.date())
        return int((total - since_end) / days * 7) // 60

    def _pace_seconds(self) -> int:
        """Seconds of the ``PACE_DAYS`` × 24 hours before the week's end: whole days, and
        the entries of the hour the window starts off midnight when the offset changed."""
        end = self.end.date()
        seconds = self._between(end - timedelta(days=PACE_DAYS), end)
        midnight = day_start(end - timedelta(days=PACE_DAYS), self.tz).timestamp()
        start = self.end.timestamp() - PACE_DAYS * DAY_SECONDS
        if start < midnight:
            seconds += sum(self._entry_seconds(e) for e in self._entries(start, midnight))
        elif start > midnight:
            seconds -= sum(self._entry_seconds(e) for e in self._entries(midnight, start))
        return seconds

    def _streak(self) -> int:
        """Consecutive local days with an entry ending today (or yesterday, today being
        not over); before the window, the ``YEAR#`` items say which days had one."""
        years: dict[int, set[date]] = {}

        def logged(day: date) -> bool:
            if day >= self.window:
                return day in self.days
            if day.year not in years:
                years[day.year] = self._days_of_year(day.year)
            return day in years[day.year]

        day = local_date(self.now, self.tz)
        if not logged(day):
            day -= timedelta(days=1)
        streak = 0
        while logged(day):
            streak += 1
            day -= timedelta(days=1)
        return streak

    def _days_of_year(self, year: int) -> set[date]:
        item = self.repo.get(self.pk, f"{YEAR_PREFIX}{year:04d}")
        found = older_days([item] if item is not None else [], date.max)
        return {date.fromordinal(day) for day in found.seconds}

    def _top_shows(self, week: Numbers) -> list[Ranked]:
        seconds: Counter[str] = Counter()
        for name, value in week.items():
            if name.startswith(f"{EPISODES}:"):
                folder = name[2:]
                show = self.shows.get(Show.SK_PREFIX + folder) or {}
                seconds[str(show.get("tvdb_name") or folder)] += value * self._runtime(folder)
        return ranked(seconds)

    def _top_named(self, week: Numbers, prefix: str, record: type[YouTubeChannel | SpotifyShow],
                   key: str, name_attribute: str) -> list[Ranked]:
        """The week's top channels or podcasts: from the day totals' titles, unless some
        entry names no record (then the week's entries, to weigh "Unknown")."""
        activity = BY_PREFIX[prefix].activity
        marker = f"{TITLE_COUNT}:{activity}:{RECORD_REF}{record.SK_PREFIX}"
        named = sum(v for k, v in week.items() if k.startswith(marker))
        if week.get(f"{KIND}:{prefix}", 0) != named:
            entries = [e for e in self._entries(self.start.timestamp(), self.end.timestamp())
                       if str(e["sk"]).startswith(prefix)]
            ids = sorted({str(e.get(key)) for e in entries if e.get(key)})
            records = {str(r.get(key)): r for r in self._records(record, ids)}
            return top_by_record([(e, item_seconds(e)) for e in entries], prefix, key, records,
                                 name_attribute)
        titled = f"{TITLE_SECONDS}:{activity}:{RECORD_REF}{record.SK_PREFIX}"
        by_id = {k[len(titled):]: v for k, v in week.items() if k.startswith(titled)}
        found = {str(r.get(key)): r for r in self._records(record, sorted(by_id))}
        seconds: Counter[str] = Counter()
        for ident, value in by_id.items():
            seconds[str((found.get(ident) or {}).get(name_attribute) or ident)] += value
        return ranked(seconds)

    # --- reads ------------------------------------------------------------------------
    def _records(self, record: type[YouTubeChannel | SpotifyShow], ids: list[str]) -> list[Item]:
        if not ids:
            return []
        return list(self.repo.get_many(self.pk, [record.SK_PREFIX + i for i in ids]).values())

    def _entries(self, since: float, until: float) -> list[Item]:
        """The entries ``since <= at < until``, through that period's references only."""
        sks = {str(reference["sk"]): str(reference["ref"])
               for reference in history.references_between(self.repo, self.user, since, until)}
        found = self.repo.get_many(self.pk, list(sks.values())) if sks else {}
        # A reference left by an interrupted write names an entry since moved or removed.
        return [entry for sk, entry_sk in sks.items()
                if (entry := found.get(entry_sk)) is not None and is_sound(entry)
                and history_index.reference_sk(int(entry["timestamp"]), entry_sk) == sk]


def _numbers(item: Item | None) -> dict[str, int]:
    return {k: int(v) for k, v in (item or {}).items() if k not in NOT_NUMBERS}


def _merged(many: Iterable[Numbers]) -> dict[str, int]:
    merged: Counter[str] = Counter()
    for numbers in many:
        merged.update(numbers)
    return dict(merged)

