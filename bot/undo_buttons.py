"""/undo with its confirmation, and the Undo buttons under log replies (Telegram and store I/O)."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.context import BotContext
from bot.formatting import count, short
from bot.replies import reply, require_user, service_errors_as_replies

KEEP = "undo-keep"
UNDO_ALL = "all"
"""The index an "Undo all" button names instead of one log's."""


@service_errors_as_replies
async def undo(update: Update, context: BotContext) -> None:
    """Offer to remove the most recent item logged through the bot."""
    user = await require_user(update, context)
    if user is None:
        return
    entry = await context.call(context.service.latest_undo, user)
    if entry is None:
        await reply(update, "Nothing to undo.")
        return
    buttons = InlineKeyboardMarkup([[
        InlineKeyboardButton("Yes, remove it",
                             callback_data=f"undo:{entry.undo_id}:{entry.index}"),
        InlineKeyboardButton("Keep it", callback_data=KEEP),
    ]])
    await reply(update, f"Remove <b>{short(entry.title)}</b>?", buttons)


def _without_button(markup: InlineKeyboardMarkup | None, data: str) -> InlineKeyboardMarkup:
    """The keyboard without the pressed Undo's row (its Edit names the removed entry)."""
    rows = [row for row in (markup.inline_keyboard if markup else ())
            if all(b.callback_data != data for b in row)]
    return InlineKeyboardMarkup(rows)


@service_errors_as_replies
async def on_button(update: Update, context: BotContext) -> None:
    """An Undo button (or /undo's confirmation): remove that one logged item."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    if query.data == KEEP:
        await query.answer()
        await query.edit_message_text("Kept.")
        return
    user = await context.linked_user(update)
    _, undo_id, index = [*query.data.split(":"), "", ""][:3]
    if index == UNDO_ALL and user is not None:
        await _undo_all(update, context, user, undo_id)
        return
    entry = None
    if user is not None and index.isdigit():
        entry = await context.call(context.service.undo, user, undo_id, int(index))
    if entry is None:
        await query.answer("Nothing to undo there.")
        return
    await query.answer(f"Removed {(entry.title or '')[:150]}")
    message = query.message
    if message is not None and (getattr(message, "text", None) or "").startswith("Remove "):
        await query.edit_message_text(f"Removed <b>{short(entry.title)}</b>.", parse_mode="HTML")
    else:
        await query.edit_message_reply_markup(
            _without_button(getattr(message, "reply_markup", None), query.data))


async def _undo_all(update: Update, context: BotContext, user: str, undo_id: str) -> None:
    """Every log of the message not undone yet is removed; the keyboard goes with them."""
    query = update.callback_query
    assert query is not None
    removed = await context.call(context.service.undo_all, user, undo_id)
    if not removed:
        await query.answer("Nothing to undo there.")
        return
    await query.answer(f"Removed {count(len(removed), 'log')}")
    await query.edit_message_reply_markup(None)
