"""HTML texts of the bot's replies: durations, sync results, progress, shows (pure, no I/O)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from handlers.service import date_of_epoch, day_label

if TYPE_CHECKING:
    from handlers.service import FailedItem, GoalNews, LoggedItem, SyncReport

CAPTION_LIMIT = 1024
"""Telegram's longest photo caption; a longer text goes in a message of its own."""
MAX_TITLE = 80
"""Titles are cut so a reply listing many items stays readable on a phone."""
MAX_LISTED = 20
"""Items one links reply names, whatever their section: at about 150 characters a line they
leave room under Telegram's 4,096 for the headings, notes and goals."""
GROUP_ICONS = {"watching": "📺", "listening": "🎧", "reading": "📖", "other": "✨"}
_KIND_ICON = {"youtube": "▶️", "spotify": "🎧", "episode": "📺", "movie": "🎬"}


def duration(seconds: int | None) -> str:
    """``1h 05m`` from an hour up, ``12m 30s`` below; ``?`` when unknown."""
    if seconds is None:
        return "?"
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes:02d}m" if hours else f"{minutes}m {secs:02d}s"


def minutes_text(minutes: int) -> str:
    """``45 min`` or ``2h 05m``: totals are whole minutes."""
    return duration(minutes * 60) if minutes >= 60 else f"{minutes} min"


def entry_minutes(minutes: float) -> str:
    """An entry's time: ``1m 30s`` for a part minute below an hour, else whole minutes
    rounded down, as the statistics count them."""
    if minutes < 60 and minutes != int(minutes):
        return duration(round(minutes * 60))
    return minutes_text(int(minutes))


def short(text: str | None, limit: int = MAX_TITLE) -> str:
    """Escaped for HTML, cut at ``limit`` characters (before escaping)."""
    value = text or "Untitled"
    if len(value) > limit:
        value = value[: limit - 1] + "…"
    return escape(value, quote=False)


def local_day(epoch: int, tz: ZoneInfo) -> str:
    """``3 May`` in the user's zone, English whatever the machine's locale."""
    return day_label(date_of_epoch(epoch, tz))


def _item_line(item: LoggedItem) -> str:
    source = f" — {short(item.source, 40)}" if item.source else ""
    return f"{_KIND_ICON.get(item.kind, '•')} {short(item.title or item.id)}{source} " \
           f"({duration(item.duration_seconds)})"


def _failure_line(failed: FailedItem) -> str:
    return f"⚠️ <code>{short(failed.id, 40)}</code>: {short(failed.reason, 120)}"


def _sections(report: SyncReport, tz: ZoneInfo) -> list[tuple[str, list[str]]]:
    return [("<b>Logged</b>", [_item_line(item) for item in report.added]),
            ("<b>Already logged</b>", [f"{_item_line(item)} on {local_day(item.timestamp, tz)}"
                                       for item in report.existing]),
            ("<b>Not logged</b>", [_failure_line(failed) for failed in report.failed])]


def sync_reply(report: SyncReport, tz: ZoneInfo, today_minutes: int,
               notes: Sequence[str] = ()) -> str:
    """One reply for a message with links: new logs, earlier ones, failures, today's total.
    The first MAX_LISTED items are named and the rest counted, so a message of 4,096
    characters of links still gets its one reply (Telegram sends no longer one)."""
    lines: list[str] = []
    room = MAX_LISTED
    for heading, items in _sections(report, tz):
        if items:
            lines += [heading, *items[:room]]
            if len(items) > room:
                lines.append(f"… and {len(items) - room} more")
            room = max(0, room - len(items))
    lines += [escape(note, quote=False) for note in notes]
    lines.append(f"Today: <b>{minutes_text(today_minutes)}</b>")
    return "\n".join(lines)


def count(number: int, word: str) -> str:
    """``1 podcast``, ``2 podcasts``."""
    return f"{number} {word if number == 1 else word + 's'}"


def _signed_percent(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:+.0f}%"


def _counts(progress: dict[str, Any]) -> list[str]:
    """The kinds the user ever used, with their counts, two to a line."""
    kinds = [(icon, count(progress[field], word)) for icon, field, word in (
        ("📺", "total_episodes_watched", "episode"), ("🎬", "total_movies_watched", "movie"),
        ("▶️", "youtube_videos_watched", "video"), ("🎧", "spotify_episodes_watched", "podcast"),
    ) if progress[field]]
    parts = [f"{icon} {text}" for icon, text in kinds]
    return [" · ".join(parts[i:i + 2]) for i in range(0, len(parts), 2)]


def top_lines(top_titles: list[dict[str, Any]], limit: int = 5) -> list[str]:
    """Shows, channels, podcasts and titles ranked by minutes (``GET /stats`` top_titles)."""
    if not top_titles:
        return []
    return ["<b>Top by time</b>"] + [
        f"• {short(t['title'], 40)} ({t['activity'].replace('_', ' ')}) "
        f"{minutes_text(int(t['minutes']))}" for t in top_titles[:limit]]


def progress_text(progress: dict[str, Any], top_titles: list[dict[str, Any]] | None = None) -> str:
    """``GET /progress`` as short HTML lines for a phone (the chart carries the details)."""
    days = progress["daily_activity"]
    today = days[-1]["minutes_watched"] if days else 0
    week = sum(day["minutes_watched"] for day in days)
    total_hours = progress["total_hours_watched"] * 60
    lines = [
        "<b>Your immersion</b>",
        # Every kind counted, as the days below are, and in their format: the total is
        # never rounded below the last 7 days.
        f"Total: <b>{minutes_text(progress.get('total_minutes', total_hours))}</b>",
        f"Today: {minutes_text(today)}",
        f"Last 7 days: {minutes_text(week)}",
        f"Trend vs average: {_signed_percent(progress['weekly_trend_percentage'])}",
        *_counts(progress),
    ]
    lines += _goal_lines(progress)
    return "\n".join(lines + top_lines(top_titles or []))


def _goal_lines(progress: dict[str, Any]) -> list[str]:
    """Streak, goals and pace, when the body has them (the first generation's has not)."""
    lines = []
    streak = progress.get("streak")
    if streak:
        lines.append(f"🔥 Streak: {count(streak['current_days'], 'day')} (longest "
                     f"{streak['longest_days']})")
    for figure in progress.get("goals", []):
        mark = "✅" if figure["met"] else "🎯"
        lines.append(f"{mark} {_goal_name(figure)}: {minutes_text(figure['done_minutes'])} / "
                     f"{minutes_text(figure['target_minutes'])}")
    pace = progress.get("pace")
    if pace and pace.get("eta_date"):
        lines.append(f"At this pace: {pace['milestone_hours']:,} h by {pace['eta_date']}")
    return lines


def shows_text(shows: list[dict[str, Any]]) -> str:
    """The user's show folders, marking those without TVDB metadata."""
    if not shows:
        return "No shows yet. The sync client adds them from your shows folder."
    lines = ["<b>Your shows</b>"]
    for show in shows:
        folder = short(show["folder_name"], 50)
        if show.get("tvdb_id") is None:
            lines.append(f"⚠️ {folder} — no TVDB metadata (/setshow)")
        else:
            lines.append(f"✅ {folder} — {short(show.get('tvdb_name'), 40)} "
                         f"(<code>{show['tvdb_id']}</code>)")
    return "\n".join(lines)


def show_set_text(folder: str, show: dict[str, Any], tvdb_id: int, activity: str | None) -> str:
    """``✅ haikyu s1 is now <b>Haikyu!!</b> (TVDB <code>270065</code>), counted as anime.``:
    /setshow's answer in both chats."""
    counted = f", counted as {activity}" if activity else ""
    return (f"✅ {short(folder, 50)} is now <b>{short(show.get('tvdb_name'), 60)}</b> "
            f"(TVDB <code>{tvdb_id}</code>){counted}.")


def _goal_name(figure: dict[str, Any]) -> str:
    period = "Daily" if figure["period"] == "day" else "Weekly"
    scope = "" if figure["scope"] == "all" else f" {figure['scope']}"
    return f"{period}{scope} goal"


def goal_news_text(news: GoalNews) -> str:
    """``🔥 12 days · 40 / 60 min today`` and a "goal met 🎉" line per goal this log met."""
    parts = []
    if news.streak.current_days:
        days = news.streak.current_days
        parts.append(f"🔥 {days} day{'s' if days != 1 else ''}")
    if news.daily_target is not None:
        parts.append(f"{news.today_minutes} / {news.daily_target} min today")
    lines = [" · ".join(parts)] if parts else []
    lines += [f"{_goal_name(figure)} met 🎉 ({minutes_text(int(figure['target_minutes']))})"
              for figure in news.met]
    return "\n".join(lines)
