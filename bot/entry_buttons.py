"""Undo, Delete and Edit buttons under a log or a history page, and the edit's answer
(Telegram and store I/O through the service).

Edit asks which field, then for its new value; the next text the user sends is that value
(for ten minutes). A value the service refuses leaves the entry as it was and is answered
with what to send instead; the edit keeps waiting until a value fits or Cancel is pressed.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.context import BotContext
from bot.entries import edit_changes, entry_line, find_entry
from bot.replies import reply, service_errors_as_replies
from handlers.service import InvalidInput, editable_fields

if TYPE_CHECKING:
    from handlers.service import Entry, EntryChanges

PENDING_SECONDS = 600
_FIELDS = {  # letter: (field, button, question)
    "m": ("minutes", "⏱ Minutes", "How long was it? For example 25m or 1h30."),
    "d": ("date", "📅 Date", "Which day? For example yesterday, -2d or 2026-11-28."),
    "t": ("title", "🏷 Title", "What is the new title?"),
    "a": ("activity", "🎯 Activity", "Which activity? For example anime, manga or podcast."),
}


def entry_buttons(token: str, *, undo: bool) -> InlineKeyboardMarkup:
    """``↩️ Undo`` (right after logging) or ``🗑 Delete``, beside ``✏️ Edit``."""
    first = (InlineKeyboardButton("↩️ Undo", callback_data=f"xu:{token}") if undo
             else InlineKeyboardButton("🗑 Delete", callback_data=f"xd:{token}"))
    return InlineKeyboardMarkup([[first, InlineKeyboardButton("✏️ Edit",
                                                              callback_data=f"xe:{token}")]])


def _edit_menu(entry: Entry, token: str) -> InlineKeyboardMarkup:
    allowed = editable_fields(entry.kind)
    buttons = [InlineKeyboardButton(label, callback_data=f"xf{letter}:{token}")
               for letter, (field, label, _) in _FIELDS.items()
               if field in allowed or (field == "date" and "at" in allowed)]
    rows = [buttons[i:i + 2] for i in range(0, len(buttons), 2)]
    rows.append([InlineKeyboardButton("Cancel", callback_data="xk")])
    return InlineKeyboardMarkup(rows)


@service_errors_as_replies
async def on_button(update: Update, context: BotContext) -> None:
    """Every entry button: undo, delete (asked, then confirmed), edit, a field to edit."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    action, _, token = query.data.partition(":")
    if action == "xk":
        pending_edits(context).pop("edit", None)
        await query.answer("Kept.")
        await query.edit_message_reply_markup(None)
        return
    user = await context.linked_user(update)
    entry = await find_entry(context, user, token) if user else None
    if user is None or entry is None:
        await query.answer("That entry is gone; see /history.")
        return
    zone = await context.call(context.service.timezone, user)
    line = entry_line(entry, zone)
    if action in ("xu", "xD"):
        await context.call(context.service.logbook.delete, user, entry.id)
        await query.answer("Removed.")
        await query.edit_message_text(f"🗑 Removed {line}", parse_mode="HTML")
    elif action == "xd":
        await query.answer()
        await query.edit_message_text(f"Delete {line}?", parse_mode="HTML", reply_markup=(
            InlineKeyboardMarkup([[InlineKeyboardButton("Yes, delete",
                                                        callback_data=f"xD:{token}"),
                                   InlineKeyboardButton("Keep it", callback_data="xk")]])))
    elif action == "xe":
        await query.answer()
        await query.edit_message_text(f"Edit {line}", parse_mode="HTML",
                                      reply_markup=_edit_menu(entry, token))
    elif action[:2] == "xf" and action[2:] in _FIELDS:
        field, _, question = _FIELDS[action[2:]]
        pending_edits(context)["edit"] = {"token": token, "field": field, "at": time.time()}
        await query.answer()
        cancel = InlineKeyboardMarkup([[InlineKeyboardButton("Cancel", callback_data="xk")]])
        await query.edit_message_text(f"Editing {line}\n{question}", parse_mode="HTML",
                                      reply_markup=cancel)


def pending_edits(context: BotContext) -> dict[Any, Any]:
    data = context.user_data
    return data if data is not None else {}


def _changes(field: str, text: str, context: BotContext, user: str) -> EntryChanges:
    """The edit the user's text asks for; InvalidInput with an example when unreadable."""
    return edit_changes(context.service, user, field, text)


async def answer_pending_edit(update: Update, context: BotContext, user: str,
                              text: str) -> bool:
    """Apply a waiting edit with ``text`` as its value; ``False`` when none is waiting.

    A refused value is answered (ServiceError) and the edit keeps waiting for another."""
    waiting = pending_edits(context)
    pending = waiting.get("edit")
    if pending is None or time.time() - pending["at"] > PENDING_SECONDS:
        waiting.pop("edit", None)
        return False
    entry = await find_entry(context, user, pending["token"])
    if entry is None:
        waiting.pop("edit", None)
        await reply(update, "That entry is gone; see /history.")
        return True
    try:
        changes = await context.call(_changes, pending["field"], text, context, user)
        edited = await context.call(context.service.logbook.edit, user, entry.id, changes)
    except InvalidInput as error:
        pending["at"] = time.time()
        raise InvalidInput(f"{error.message} (Or press Cancel to leave it as it is.)") from None
    waiting.pop("edit", None)
    zone = await context.call(context.service.timezone, user)
    await reply(update, f"✏️ Now {entry_line(edited, zone)}",
                entry_buttons(pending["token"], undo=False))
    return True

