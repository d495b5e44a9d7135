"""History entries in the bot: short button tokens, finding an entry again, one-line texts.

Telegram's callback data holds at most 64 bytes. A log's id fits, but an episode's id
carries its folder name and may not, so such an entry is named by the history page it was
shown on and a short hash of its id, matched against that page again (store I/O through
the service). The Discord door names entries the same way in its ``custom_id``s, so the
module holds no chat's types (the Telegram context is for type checking only).
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.formatting import entry_minutes, local_day, short
from handlers.service import (
    EntryChanges,
    InvalidInput,
    LogTextError,
    NotFound,
    parse_log_text,
    resolve_day,
)

if TYPE_CHECKING:
    from bot.context import BotContext
    from handlers.service import Entry, Service

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
    return await context.call(entry_named, context.service, user, token)


def entry_named(service: Service, user: str, token: str) -> Entry | None:
    """The entry a button's token names, or ``None`` when it is gone (blocking)."""
    page, dot, digest = token.partition(".")
    logbook = service.logbook
    if not dot:
        try:
            return logbook.entry(user, token)
        except NotFound:
            return None
    if not page.isdigit() or int(page) >= MAX_PAGES:
        return None
    # Entries logged since shift the page: look one page further too.
    limit = min(PAGE_SIZE * (int(page) + 2), PAGE_SIZE * MAX_PAGES)
    shown = logbook.history(user, limit=limit)
    return next((e for e in shown.entries if _digest(e.id) == digest), None)


def history_page(service: Service, user: str, number: int) -> tuple[list[Entry], bool]:
    """Entries of page ``number`` (0 is the newest) and whether an older page exists."""
    wanted = PAGE_SIZE * (number + 1)
    found = service.logbook.history(user, limit=wanted + 1)
    entries = found.entries[PAGE_SIZE * number:wanted]
    more = len(found.entries) > wanted or found.next_cursor is not None
    return entries, more and number + 1 < MAX_PAGES


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


def _minutes(value: str) -> float:
    """``25m``, ``1h30`` or ``45`` as minutes, read as ``/log`` reads them."""
    try:
        said = parse_log_text(f"{value} other")
    except LogTextError:
        said = None
    if said is None or said.minutes is None or said.title or said.day:
        raise LogTextError("Send how long it was, for example 25m or 1h30.")
    return said.minutes


def edit_changes(service: Service, user: str, field: str, text: str) -> EntryChanges:
    """The edit the user's text asks for; InvalidInput with an example when unreadable."""
    value = text.strip()
    try:
        if field == "minutes":
            return EntryChanges(minutes=_minutes(value))
        if field == "date":
            moment = resolve_day(value, service.clock(), service.timezone(user))
            return EntryChanges(at=int(moment.timestamp()))
    except LogTextError as error:
        raise InvalidInput(str(error)) from None
    if field == "title":
        if len(value) > 200:
            raise InvalidInput("The title is too long (at most 200 characters).")
        return EntryChanges(title=value)
    return EntryChanges(activity=value.split()[0] if value else value)
