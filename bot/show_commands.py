"""/shows and /setshow with its inline keyboards (Telegram and store I/O).

Folder names are arbitrary Unicode and may exceed the 64 bytes of callback data, so a
button names a folder by a short hash the callback matches against the user's shows.
"""

from __future__ import annotations

import hashlib
from html import escape
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.context import BotContext
from bot.formatting import short, shows_text
from bot.replies import reply, require_user, service_errors_as_replies

SEARCH_LIMIT = 5
MAX_FOLDER_BUTTONS = 20


def folder_key(folder: str) -> str:
    return hashlib.sha256(folder.encode()).hexdigest()[:12]


@service_errors_as_replies
async def shows(update: Update, context: BotContext) -> None:
    """The user's shows, marking those without TVDB metadata."""
    user = await require_user(update, context)
    if user is not None:
        await reply(update, shows_text(await context.call(context.service.shows, user)))


async def _apply(update: Update, context: BotContext, user: str, folder: str,
                 tvdb_id: int) -> str:
    show: dict[str, Any] = await context.call(context.service.update_show, user, folder,
                                              tvdb_id)
    return (f"✅ {short(folder, 50)} is now <b>{short(show.get('tvdb_name'), 60)}</b> "
            f"(TVDB <code>{tvdb_id}</code>).")


async def _attach(update: Update, context: BotContext, user: str, tvdb_id: int) -> None:
    """Attach to the one show lacking metadata, or ask which show with buttons."""
    listed = await context.call(context.service.shows, user)
    pending = [s for s in listed if s.get("tvdb_id") is None]
    if len(pending) == 1:
        await reply(update, await _apply(update, context, user, pending[0]["folder_name"],
                                         tvdb_id))
        return
    candidates = pending or listed
    if not candidates:
        await reply(update, "You have no shows yet; the sync client adds them.")
        return
    # Check the id before asking which show, so a typo is not found out a step later.
    name = await context.call(context.service.tvdb_series_name, tvdb_id)
    buttons = [[InlineKeyboardButton(
        show["folder_name"][:40],
        callback_data=f"ss:{tvdb_id}:{folder_key(show['folder_name'])}")]
        for show in candidates[:MAX_FOLDER_BUTTONS]]
    await reply(update, f"Which show is <b>{short(name, 60)}</b> (TVDB <code>{tvdb_id}</code>)?",
                InlineKeyboardMarkup(buttons))


@service_errors_as_replies
async def setshow(update: Update, context: BotContext) -> None:
    """/setshow <tvdb id>, /setshow <folder> <tvdb id>, or /setshow <words> (TVDB search)."""
    user = await require_user(update, context)
    if user is None:
        return
    args = context.args or []
    if not args:
        await reply(update, "Use <code>/setshow 270065</code>, <code>/setshow FOLDER "
                            "270065</code> or <code>/setshow haikyu</code> to search TVDB.")
    elif len(args) == 1 and args[0].isdigit():
        await _attach(update, context, user, int(args[0]))
    elif len(args) > 1 and args[-1].isdigit():
        await reply(update, await _apply(update, context, user, " ".join(args[:-1]),
                                         int(args[-1])))
    else:
        await _search(update, context, " ".join(args))


async def _search(update: Update, context: BotContext, words: str) -> None:
    results = await context.call(context.service.search_tvdb, words, "series", SEARCH_LIMIT)
    if not results:
        await reply(update, f"No TVDB series matches “{escape(words)}”.")
        return
    buttons = [[InlineKeyboardButton(
        f"{result.name[:40]} ({result.year})" if result.year else result.name[:40],
        callback_data=f"sp:{result.tvdb_id}")] for result in results]
    await reply(update, f"TVDB matches for “{escape(words)}”:", InlineKeyboardMarkup(buttons))


@service_errors_as_replies
async def on_button(update: Update, context: BotContext) -> None:
    """A /setshow button: a series picked from a search, or a show folder picked."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    await query.answer()
    user = await require_user(update, context)
    if user is None:
        return
    kind, _, rest = query.data.partition(":")
    if kind == "sp":
        await _attach(update, context, user, int(rest))
        return
    tvdb_id, _, key = rest.partition(":")
    listed = await context.call(context.service.shows, user)
    folder = next((s["folder_name"] for s in listed if folder_key(s["folder_name"]) == key),
                  None)
    if folder is None:
        await query.edit_message_text("That show is no longer in your list.")
        return
    await query.edit_message_text(await _apply(update, context, user, folder, int(tvdb_id)),
                                  parse_mode="HTML")
