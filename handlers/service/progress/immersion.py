"""The fields ``GET /progress`` appends for every kind of immersion (pure, no I/O).

The first generation's fields count its four kinds; these count everything, logs included:
minutes in all and today, by group (fixed order) and by activity (most minutes first).
Episodes count as their show's activity (``tv`` unless marked ``anime``), movies as
``movie``, YouTube videos as ``video`` and Spotify episodes as ``podcast``, as in the
statistics by period.
"""

from __future__ import annotations

from typing import Any

from handlers.service.core.activities import GROUPS, group_of
from handlers.service.core.durations import episode_activity
from handlers.service.progress.single_pass import KIND_ACTIVITIES, Pass, Tally
from storage.models import Episode

_ACTIVITY_OF_KIND = {k: a for k, a in KIND_ACTIVITIES.items() if k != Episode.SK_PREFIX}


def _activities(state: Pass) -> dict[str, list[int]]:
    """Seconds, count and seconds today for each activity, first-generation kinds included."""
    found: dict[str, list[int]] = {}
    runtimes = state.runtimes()
    for folder, tally in state.folders.items():
        runtime = runtimes[folder]
        # A folder's tally counts its episodes (each weighs 1 until weighed here).
        mine = found.setdefault(episode_activity(state.show_records.get(folder)), [0, 0, 0])
        mine[0] += tally.total * runtime
        mine[1] += tally.total
        mine[2] += tally.daily[-1] * runtime
    for kind, activity in _ACTIVITY_OF_KIND.items():
        total, today = state.kind_seconds[kind]
        found[activity] = [total, state.counts[kind], today]
    for activity, (total, count, today) in state.activities.items():
        mine = found.setdefault(activity, [0, 0, 0])
        mine[0] += total
        mine[1] += count
        mine[2] += today
    return {name: tally for name, tally in found.items() if tally[1]}


def immersion_fields(state: Pass, seconds: Tally) -> dict[str, Any]:
    """``total_minutes``, ``today_minutes``, ``by_group`` and ``by_activity``."""
    activities = _activities(state)
    groups = {group: [0, 0] for group in GROUPS}
    for activity, (total, _count, today) in activities.items():
        groups[group_of(activity)][0] += total
        groups[group_of(activity)][1] += today
    return {
        "total_minutes": seconds.total // 60,
        "today_minutes": seconds.daily[-1] // 60,
        "by_group": [
            {"group": group, "minutes": total // 60, "today_minutes": today // 60}
            for group, (total, today) in groups.items()
        ],
        "by_activity": [
            {"activity": activity, "minutes": total // 60, "count": count}
            for activity, (total, count, _today) in sorted(
                activities.items(), key=lambda kv: (-kv[1][0], kv[0])
            )
        ],
    }
