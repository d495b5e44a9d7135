"""/shows and /setshow with its inline keyboards (Telegram and store I/O).

Folder names are arbitrary Unicode and may exceed the 64 bytes of callback data, so a
button names a folder by a short hash the callback matches against the user's shows.
"""

from __future__ import annotations

import hashlib
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.context import BotContext
from bot.formatting import short, show_set_text, shows_text
from bot.replies import reply, require_user, service_errors_as_replies
from handlers.service import parse_setshow_words, show_activity

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
                 tvdb_id: int, activity: str | None) -> str:
    show: dict[str, Any] = await context.call(context.service.update_show, user, folder,
                                              tvdb_id, activity)
    return show_set_text(folder, show, tvdb_id, activity)


async def _attach(update: Update, context: BotContext, user: str, tvdb_id: int,
                  activity: str | None) -> None:
    """Attach to the one show lacking metadata, or ask which show with buttons."""
    listed = await context.call(context.service.shows, user)
    pending = [s for s in listed if s.get("tvdb_id") is None]
    if len(pending) == 1:
        await reply(update, await _apply(update, context, user, pending[0]["folder_name"],
                                         tvdb_id, activity))
        return
    candidates = pending or listed
    if not candidates:
        await reply(update, "You have no shows yet; the sync client adds them.")
        return
    # Check the id before asking which show, so a typo is not found out a step later.
    name = await context.call(context.service.tvdb_series_name, tvdb_id)
    said = f":{activity}" if activity else ""  # a button carries what the user said
    buttons = [[InlineKeyboardButton(
        show["folder_name"][:40],
        callback_data=f"ss:{tvdb_id}:{folder_key(show['folder_name'])}{said}")]
        for show in candidates[:MAX_FOLDER_BUTTONS]]
    await reply(update, f"Which show is <b>{short(name, 60)}</b> (TVDB <code>{tvdb_id}</code>)?",
                InlineKeyboardMarkup(buttons))


@service_errors_as_replies
async def setshow(update: Update, context: BotContext) -> None:
    """/setshow [folder] <tvdb id> [anime|tv], or /setshow <words> (TVDB search)."""
    user = await require_user(update, context)
    if user is None:
        return
    said = parse_setshow_words(context.args or [])
    if said is None:
        await reply(update, "Use <code>/setshow 270065</code>, <code>/setshow FOLDER "
                            "270065</code> (add <code>anime</code> to count it as anime) or "
                            "<code>/setshow haikyu</code> to search TVDB.")
    elif said.tvdb_id is None:
        await _search(update, context, said.search or "")
    elif said.folder is None:
        await _attach(update, context, user, said.tvdb_id, said.activity)
    else:
        await reply(update, await _apply(update, context, user, said.folder, said.tvdb_id,
                                         said.activity))


async def _search(update: Update, context: BotContext, words: str) -> None:
    results = await context.call(context.service.search_tvdb, words, "series", SEARCH_LIMIT)
    if not results:
        await reply(update, f"No TVDB series matches “{short(words, 60)}”.")
        return
    buttons = [[InlineKeyboardButton(
        f"{result.name[:40]} ({result.year})" if result.year else result.name[:40],
        callback_data=f"sp:{result.tvdb_id}")] for result in results]
    await reply(update, f"TVDB matches for “{short(words, 60)}”:", InlineKeyboardMarkup(buttons))


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
        await _attach(update, context, user, int(rest), None)
        return
    tvdb_id, _, rest = rest.partition(":")
    key, _, said = rest.partition(":")
    listed = await context.call(context.service.shows, user)
    folder = next((s["folder_name"] for s in listed if folder_key(s["folder_name"]) == key),
                  None)
    if folder is None:
        await query.edit_message_text("That show is no longer in your list.")
        return
    activity = show_activity(said) if said else None
    await query.edit_message_text(
        await _apply(update, context, user, folder, int(tvdb_id), activity), parse_mode="HTML")
