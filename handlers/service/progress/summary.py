"""The sums of a user's older entries that ``GET /progress`` starts its pass from (pure, no I/O).

The progress body needs every entry a user ever stored: totals, shows, channels and
podcasts, activities, every local day (streak, goals, quarters). An entry before today,
the last 7×24 hours and the last seven local days (``progress_read.newer_from``) only
ever adds to those sums; what depends on the clock is figured from newer days. So a
request loads the sums (``kept.progress_start`` takes them from the kept totals, the
movies' list elements from the kept movie list) into a fresh pass
(``progress_pass.Pass``), then the newer days' totals and the few entries a rule cuts
(``progress.window``), and feeds it the show, channel and podcast records, which name and
weigh entries (``LIVE_PREFIXES``): the body the whole history gives (tested
against ``progress.compute_progress``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from handlers.service.progress.single_pass import Pass, Tally
from handlers.service.progress.stats import STATS_PREFIXES
from storage.models import CONTENT_PREFIXES, LogEntry

SUMMARY_SK = "PROGRESSSUMMARY"
"""Where this summary was once stored (rebuilt on reads); ``rebuild`` removes it."""
_ENTRY_PREFIXES = (*CONTENT_PREFIXES, LogEntry.SK_PREFIX)
LIVE_PREFIXES = tuple(p for p in STATS_PREFIXES if p not in _ENTRY_PREFIXES)
"""Read at each request: the show, channel and podcast records."""


@dataclass
class Summary:
    """The sums of every entry of a user (``kept.progress_start``), in the pass's terms;
    ``days`` and ``quarters`` only those of the days before the newer ones."""

    zone: str
    built_at: float
    counts: dict[str, int] = field(default_factory=dict)
    first: float | None = None
    last: float | None = None
    seconds: int = 0
    """Seconds of every entry but episodes (weighed by runtime at each request)."""
    folders: dict[str, int] = field(default_factory=dict)
    channels: list[list[Any]] = field(default_factory=list)
    podcasts: list[list[Any]] = field(default_factory=list)
    kinds: dict[str, int] = field(default_factory=dict)
    activities: dict[str, list[int]] = field(default_factory=dict)
    days: dict[int, int] = field(default_factory=dict)
    """Seconds per local day (ordinal), every kind, episodes weighed."""
    quarters: dict[int, int] = field(default_factory=dict)
    """Those days' seconds per quarter (``quarter_number``)."""
    movies: list[dict[str, Any]] = field(default_factory=list)
    """Every movie's list element (the kept movie list)."""

    def load_into(self, state: Pass) -> None:
        """Put the sums into a fresh pass (before the newer days and the records)."""
        state.movies.extend(self.movies)
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
        state.older_days = self.days
        state.older_quarters = self.quarters
