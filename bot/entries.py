"""History entries in the bot: short button tokens, finding an entry again, one-line texts.

Telegram's callback data holds at most 64 bytes. A log's id fits, but an episode's id
carries its folder name and may not, so such an entry is named by the history page it was
shown on and a short hash of its id, matched against that page again (store I/O through
the service).
"""

from __future__ import annotations

import hashlib
from zoneinfo import ZoneInfo

from bot.context import BotContext
from bot.formatting import entry_minutes, local_day, short
from handlers.service.errors import NotFound
from handlers.service.history import Entry

PAGE_SIZE = 5
MAX_PAGES = 40
"""``/history`` pages back at most this far (200 entries); older ones are on the web page."""
MAX_DIRECT_ID = 56
"""Longest id a button carries as is, leaving room for the action prefix."""
_ICONS = {"watching": "📺", "listening": "🎧", "reading": "📖", "other": "✨"}
_KIND_ICONS = {"youtube": "▶️", "spotify": "🎧", "episode": "📺", "movie": "🎬"}
_READING = {"book", "manga", "visual_novel", "reading"}
_LISTENING = {"podcast", "audiobook", "music", "audio"}


def _digest(entry_id: str) -> str:
    return hashlib.sha256(entry_id.encode()).hexdigest()[:10]


def entry_token(entry_id: str, page: int = 0) -> str:
    """What a button carries to name this entry: its id, or ``page.hash`` when too long."""
    if len(entry_id) <= MAX_DIRECT_ID:
        return entry_id
    return f"{page}.{_digest(entry_id)}"


async def find_entry(context: BotContext, user: str, token: str) -> Entry | None:
    """The entry a button names, or ``None`` when it is gone (deleted, or another user's)."""
    page, dot, digest = token.partition(".")
    logbook = context.service.logbook
    if not dot:
        try:
            return await context.call(logbook.entry, user, token)
        except NotFound:
            return None
    if not page.isdigit() or int(page) >= MAX_PAGES:
        return None
    # Entries logged since shift the page: look one page further too.
    limit = min(PAGE_SIZE * (int(page) + 2), PAGE_SIZE * MAX_PAGES)
    shown = await context.call(logbook.history, user, limit=limit)
    return next((e for e in shown.entries if _digest(e.id) == digest), None)


def icon(entry: Entry) -> str:
    if entry.kind != "log":
        return _KIND_ICONS.get(entry.kind, "•")
    if entry.activity in _READING:
        return _ICONS["reading"]
    if entry.activity in _LISTENING:
        return _ICONS["listening"]
    return _ICONS["other"] if entry.activity in ("game", "speaking", "writing", "other") \
        else _ICONS["watching"]


def activity_name(activity: str) -> str:
    return activity.replace("_", " ")


def entry_line(entry: Entry, zone: ZoneInfo) -> str:
    """``📺 anime — Frieren · 48 min · 11 Jan`` (HTML-escaped, short enough for a phone)."""
    title = f" — {short(entry.title, 40)}" if entry.title else ""
    return (f"{icon(entry)} {activity_name(entry.activity)}{title} · "
            f"{entry_minutes(entry.minutes)} · {local_day(entry.at, zone)}")
