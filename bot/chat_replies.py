"""Replies both chat doors compose from service calls: a new log, logged links, a part
watched, a whole show logged, a period, the full progress (store I/O through the service;
blocking, so doors run it off their loop).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from bot.command_texts import PERIODS, logged_text
from bot.formatting import (
    duration,
    entry_minutes,
    goal_news_text,
    local_day,
    minutes_text,
    progress_text,
    short,
    sync_reply,
)
from bot.whole_show_texts import logged_all_text
from handlers.service import local_date

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from handlers.service import CollectionKind, Entry, LoggedReply, Service, SyncReport


def log_reply(service: Service, user: str, logged: LoggedReply) -> str:
    """What a new log says: its time, its day when not today, today's total, goals moved."""
    zone = service.timezone(user)
    day = local_day(logged.entry.at, zone)
    today = local_day(service.now_epoch(), zone)
    news = goal_news_text(service.goals.after_log(user))
    return "\n".join(filter(None, (logged_text(logged, "" if day == today else day), news)))


def links_reply(service: Service, user: str, report: SyncReport, today_minutes: int,
                notes: Sequence[str] = ()) -> str:
    """What logging a message's links says: new, earlier and failed items, goals moved."""
    text = sync_reply(report, service.timezone(user), today_minutes, notes)
    if report.added:
        news = goal_news_text(service.goals.after_log(user))
        text = "\n".join(filter(None, (text, news)))
    return text


def log_all_reply(service: Service, user: str, kind: CollectionKind, collection_id: str) -> str:
    """Log a whole show or playlist (a "Log all" button) and say what that did."""
    report = service.whole_shows.log_all(user, kind, collection_id)
    return logged_all_text(kind, report, service.logbook.today_minutes(user))


def period_stats(service: Service, user: str, word: str,
                 zone: ZoneInfo | None = None) -> dict[str, Any]:
    """``GET /stats`` for one of PERIODS, ending today in the user's zone (read here unless
    the caller has it); ``all`` starts at the first entry, however long ago."""
    back, bucket, _ = PERIODS[word]
    zone = zone if zone is not None else service.timezone(user)
    if back is None:
        return service.logbook.all_time_stats(user, bucket, zone)
    today = local_date(service.clock(), zone)
    first = date.fromordinal(today.toordinal() - back)
    return service.logbook.stats(user, first.isoformat(), today.isoformat(), bucket, zone)


def full_progress(service: Service, user: str) -> tuple[str, dict[str, Any], int]:
    """The progress text, the ``GET /progress`` figures (for the chart) and today's weekday."""
    stats = service.progress(user)
    zone = service.timezone(user)
    weekday = service.clock().astimezone(zone).weekday()
    top_titles = period_stats(service, user, "all", zone)["top_titles"]
    return progress_text(stats, top_titles), stats, weekday


def watched_text(service: Service, user: str, entry: Entry, full_seconds: int | None,
                 today_minutes: int) -> str:
    """What logging part of one video or episode says: the part, of how long, its day."""
    zone = service.timezone(user)
    of = f" of {duration(full_seconds)}" if (
        full_seconds and round(entry.minutes * 60) < full_seconds) else ""
    day = local_day(entry.at, zone)
    lines = [f"✅ Logged <b>{entry_minutes(entry.minutes)}</b>{of} — {short(entry.title, 60)}"]
    if day != local_day(service.now_epoch(), zone):
        lines.append(f"📅 {day}")
    lines.append(f"Today: <b>{minutes_text(today_minutes)}</b>")
    return "\n".join(lines)
