"""The weekly digest message: HTML text with a text sparkline of the last weeks (pure, no I/O)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.formatting import GROUP_ICONS, minutes_text, short
from handlers.service import group_of

if TYPE_CHECKING:
    from handlers.service import Digest, Ranked

_BLOCKS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[int]) -> str:
    """``▁▃▇█``: the weeks' shape in one line, readable without an image."""
    top = max(values, default=0)
    if top <= 0:
        return _BLOCKS[0] * len(values)
    return "".join(_BLOCKS[min(len(_BLOCKS) - 1, v * len(_BLOCKS) // (top + 1))] for v in values)


def _versus(now: int, before: int | None, what: str) -> str:
    if before is None:
        return ""
    if before == 0:
        return f"\n  vs {what}: {minutes_text(before)}"
    change = (now - before) / before * 100
    return f"\n  {change:+.0f}% vs {what} ({minutes_text(before)})"


def _ranked(title: str, entries: list[Ranked]) -> list[str]:
    if not entries:
        return []
    return [f"<b>{title}</b>"] + [f"• {short(e.name, 40)} — {minutes_text(e.minutes)}"
                                   for e in entries]


def breakdown_lines(groups: dict[str, int], activities: dict[str, int]) -> list[str]:
    """``🎧 listening: 3h 06m (podcast 3h, audiobook 6 min)``: /progress's groups, each
    with its activities."""
    lines = []
    for group, minutes in groups.items():
        parts = ", ".join(f"{a.replace('_', ' ')} {minutes_text(m)}"
                          for a, m in activities.items() if group_of(a) == group)
        lines.append(f"{GROUP_ICONS[group]} {group}: {minutes_text(minutes)}"
                     + (f" ({parts})" if parts else ""))
    return lines


def empty_week_text(digest: Digest) -> str:
    """An empty week: one short line, no chart, no pace."""
    return (f"📅 <b>Your week</b> ({digest.week_label}): no immersion logged. "
            "A new week starts now: share a link or /log 20m to begin.")


def digest_text(digest: Digest) -> str:
    """The digest as short HTML lines for a phone (an empty week in one line)."""
    if digest.minutes_this_week == 0:
        return empty_week_text(digest)
    lines = [
        f"📅 <b>Your week</b> ({digest.week_label})",
        f"<b>{minutes_text(digest.minutes_this_week)}</b> of immersion"
        + _versus(digest.minutes_this_week, digest.minutes_previous_week, "previous week")
        + _versus(digest.minutes_this_week, digest.average_weekly_minutes, "your average"),
    ]
    lines += breakdown_lines(digest.minutes_by_group, digest.minutes_by_activity)
    lines += _ranked("Shows", digest.top_shows)
    lines += _ranked("Channels", digest.top_channels)
    lines += _ranked("Podcasts", digest.top_podcasts)
    lines.append(f"🔥 Streak: {digest.streak_days} day{'s' if digest.streak_days != 1 else ''}")
    lines.append(f"⏱ Total: {minutes_text(digest.total_minutes)}")
    if digest.milestone is not None:
        lines.append(f"At this pace you reach {digest.milestone.hours:,} hours in "
                     f"{digest.milestone.month}.")
    if digest.weekly_minutes:
        lines.append(f"Last {len(digest.weekly_minutes)} weeks: "
                     f"{sparkline([m for _, m in digest.weekly_minutes])}")
    return "\n".join(lines)
