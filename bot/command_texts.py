"""Reply texts of the chat commands, shared by the Telegram and Discord doors (pure, no I/O).

The texts are Telegram's small HTML subset; the Discord door turns them into markdown.
Nothing here knows a chat's types, so both doors import it without the other's library.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.charts import progress_chart
from bot.entries import activity_name
from bot.formatting import GROUP_ICONS, entry_minutes, minutes_text, short, top_lines
from handlers.service import WEEKDAY_ABBREVIATIONS as _WEEKDAYS

if TYPE_CHECKING:
    from handlers.service import Goals, LoggedReply, Standing, Subscription

PERIODS: dict[str, tuple[int | None, str, str]] = {
    # word: (days back from today, None from the first entry however long ago; bucket;
    # heading)
    "today": (0, "day", "today"),
    "week": (6, "day", "the last 7 days"),
    "month": (29, "week", "the last 30 days"),
    "year": (364, "month", "the last 12 months"),
    "all": (None, "month", "all time"),
}
PERIOD_HINT = "Use /progress, or /progress today, week, month, year or all."


def logged_text(logged: LoggedReply, today_label: str) -> str:
    """What was logged, how its time was derived, its day when not today, today's total."""
    entry = logged.entry
    title = f" — {short(entry.title, 60)}" if entry.title else ""
    lines = [f"✅ Logged <b>{entry_minutes(entry.minutes)}</b> of "
             f"{activity_name(entry.activity)}{title}"]
    if logged.derivation:
        lines.append(short(logged.derivation, 120))
    if today_label:
        lines.append(f"📅 {today_label}")
    lines.append(f"Today: <b>{minutes_text(logged.today_minutes)}</b>")
    return "\n".join(lines)


def goals_text(goals: Goals) -> str:
    """The user's goals, one a line; a hint when there are none."""
    lines = []
    scopes = [("", goals), *((f" {g}", p) for g, p in goals.by_group.items())]
    for name, period in scopes:
        if period.daily_minutes:
            lines.append(f"🎯 Daily{name}: {minutes_text(period.daily_minutes)}")
        if period.weekly_minutes:
            lines.append(f"🎯 Weekly{name}: {minutes_text(period.weekly_minutes)}")
    return "\n".join(lines) or "No goals yet. Try /goal 60m daily or /goal 5h weekly reading."


def ranking_text(ranked: list[Standing], period: str) -> str:
    """``1. alice — 2h 05m`` per member who joined; a hint when nobody has."""
    if not ranked:
        return "Nobody here has joined the leaderboard yet: /leaderboard join"
    medals = {0: "🥇", 1: "🥈", 2: "🥉"}
    lines = [f"<b>This {period}</b>"]
    lines += [f"{medals.get(n, f'{n + 1}.')} {short(r.user, 30)} — {minutes_text(r.minutes)}"
              for n, r in enumerate(ranked)]
    return "\n".join(lines)


def chart_for(progress: dict[str, Any], today_weekday: int) -> bytes:
    """The PNG of the last 7 days (labelled by weekday) and the quarterly curve."""
    daily = [(_WEEKDAYS[(today_weekday - day["days_ago"]) % 7], int(day["minutes_watched"]))
             for day in progress["daily_activity"]]
    quarters = [(q["label"], int(q["cumulative_hours"])) for q in progress["all_time_progress"]]
    return progress_chart(daily, quarters)


def period_text(stats: dict[str, Any], heading: str) -> str:
    """One period's minutes by group and activity and its top titles, for a phone."""
    total = sum(b["minutes"] for b in stats["buckets"])
    groups: dict[str, int] = {}
    for bucket in stats["buckets"]:
        for group, minutes in bucket["by_group"].items():
            groups[group] = groups.get(group, 0) + minutes
    lines = [f"<b>Your immersion — {heading}</b>", f"Total: <b>{minutes_text(total)}</b>"]
    lines += [f"{GROUP_ICONS[g]} {g}: {minutes_text(m)}" for g, m in groups.items() if m]
    if not total:
        lines.append("Nothing logged in this period. Try <code>/log 25m anime</code>.")
    return "\n".join(lines + top_lines(stats["top_titles"]))


def digest_status(sub: Subscription | None) -> str:
    """Whether the weekly digest is on, and when."""
    if sub is None or not sub.enabled:
        return "The weekly digest is off. /digest on turns it on."
    blocked = " (paused: I could not reach you)" if sub.blocked else ""
    return f"The weekly digest is on: {sub.weekday_name}s at {sub.local_time}{blocked}."
