"""Buttons and the edit form: their ``custom_id``s and what pressing them does (store I/O
through the service).

The ids are Telegram's callback data (``undo:…``, ``xu:…``, ``xd:…``, ``xp:…``, ``xa:…``,
a capture notice's ``cu:…``),
so an entry or a shared show is named the same way in both chats. A button acts for whoever
presses it, on that person's own data; an id that names nothing (stale, someone else's, or
forged) gets one sentence.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.chat_replies import log_reply
from bot.discord import whole_shows
from bot.discord.answers import DANGER, PRIMARY, Button, Reply, refusal
from bot.discord.buttons import GONE, UNDO_ALL, entry_row
from bot.discord.calls import Call, Outcome
from bot.discord.modals import edit_form
from bot.discord.notices import CAPTURE_UNDO, QUICK_LOG
from bot.entries import MAX_PAGES, PAGE_SIZE, entry_line, entry_named, entry_token, history_page
from bot.formatting import short
from bot.whole_show_texts import LOG_ALL
from handlers.service import ACTIVITY_GROUPS, LogRequest

if TYPE_CHECKING:
    from handlers.service import Service


def history_reply(service: Service, user: str, number: int, *, update: bool) -> Reply:
    """A page of the history: one line per entry, Edit and Delete rows, and paging."""
    entries, more = history_page(service, user, number)
    if not entries:
        text = ("Nothing logged yet. Try <code>/log 25m anime Frieren</code>."
                if number == 0 else "No older entries.")
        return Reply(text, ephemeral=True, update=update)
    zone = service.timezone(user)
    first = PAGE_SIZE * number + 1
    lines = [f"<b>History</b> (page {number + 1})"]
    lines += [f"{n}. {entry_line(e, zone)}" for n, e in enumerate(entries, start=first)]
    tokens = [(n, entry_token(e.id, number)) for n, e in enumerate(entries, start=first)]
    nav = ((Button("◀ Newer", f"xp:{number - 1}"),) if number else ()) + (
        (Button("Older ▶", f"xp:{number + 1}"),) if more else ())
    rows = (tuple(Button(f"✏️ {n}", f"xe:{t}") for n, t in tokens),
            tuple(Button(f"🗑 {n}", f"xd:{t}", DANGER) for n, t in tokens), nav)
    return Reply("\n".join(lines), ephemeral=True, rows=rows, update=update)


def press(call: Call, user: str) -> Outcome:
    """Whatever button was pressed, by its ``custom_id``."""
    action, _, rest = call.interaction.custom_id.partition(":")
    service = call.service
    if action in ("undo-keep", "xk"):
        return Reply("Kept.", update=True)
    if action == "undo":
        return _undo(service, user, rest)
    if action == "xp":
        if not rest.isdigit() or int(rest) >= MAX_PAGES:
            return refusal("That page is gone; use /history again.")
        return history_reply(service, user, int(rest), update=True)
    if action == QUICK_LOG:
        return _quick_log(service, user, rest)
    if action == CAPTURE_UNDO:
        # A capture notice's Undo: that session's entry goes for good (NotFound refuses).
        undone = service.capture.undo(user, rest)
        return Reply(f"Removed <b>{short(undone.title)}</b>.", update=True)
    if action == LOG_ALL:
        return whole_shows.press_log_all(call, user)
    if action == whole_shows.CANCEL and not rest:
        return Reply("Nothing logged.", update=True)
    if action not in ("xu", "xD", "xd", "xe"):
        return refusal("That button is not one of mine; use /help to see what I do.")
    entry = entry_named(service, user, rest)
    if entry is None:
        return refusal(GONE)
    line = entry_line(entry, service.timezone(user))
    if action == "xd":
        return Reply(f"Delete {line}?", update=True, rows=((
            Button("Yes, delete", f"xD:{rest}", DANGER), Button("Keep it", "xk", PRIMARY)),))
    if action == "xe":
        return edit_form(entry, rest)
    service.logbook.delete(user, entry.id)
    return Reply(f"🗑 Removed {line}", update=True)


def _undo(service: Service, user: str, rest: str) -> Reply:
    undo_id, _, index = rest.partition(":")
    if index == UNDO_ALL:
        removed = service.undo_all(user, undo_id)
        if not removed:
            return refusal("Nothing to undo there.")
        return Reply(f"Removed {len(removed)} log{'s' if len(removed) != 1 else ''}.",
                     update=True)
    entry = service.undo(user, undo_id, int(index)) if index.isdigit() else None
    if entry is None:
        return refusal("Nothing to undo there.")
    return Reply(f"Removed <b>{short(entry.title)}</b>.", update=True)


def _quick_log(service: Service, user: str, rest: str) -> Reply:
    """A reminder's button: log that activity for those minutes, for whoever pressed it."""
    activity, _, minutes = rest.partition(":")
    if activity not in ACTIVITY_GROUPS or not minutes.isdigit() or not 0 < int(minutes) <= 600:
        return refusal("That button is not one of mine; use /help to see what I do.")
    logged = service.logbook.log(user, LogRequest(activity=activity, minutes=int(minutes)), "bot")
    return Reply(log_reply(service, user, logged),
                 rows=(entry_row(entry_token(logged.entry.id), undo=True),))
