"""/history: the latest entries of every kind, a page at a time, each with Edit and Delete
(Telegram and store I/O through the service)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.context import BotContext
from bot.entries import MAX_PAGES, PAGE_SIZE, entry_line, entry_token, history_page
from bot.replies import reply, require_user, service_errors_as_replies

if TYPE_CHECKING:
    from handlers.service import Entry



def _keyboard(entries: list[Entry], number: int, more: bool) -> InlineKeyboardMarkup:
    rows = []
    for position, entry in enumerate(entries, start=PAGE_SIZE * number + 1):
        token = entry_token(entry.id, number)
        rows.append([InlineKeyboardButton(f"✏️ {position}", callback_data=f"xe:{token}"),
                     InlineKeyboardButton(f"🗑 {position}", callback_data=f"xd:{token}")])
    nav = []
    if number > 0:
        nav.append(InlineKeyboardButton("◀ Newer", callback_data=f"xp:{number - 1}"))
    if more:
        nav.append(InlineKeyboardButton("Older ▶", callback_data=f"xp:{number + 1}"))
    if nav:
        rows.append(nav)
    return InlineKeyboardMarkup(rows)


async def _render(context: BotContext, user: str,
                  number: int) -> tuple[str, InlineKeyboardMarkup | None]:
    entries, more = await context.call(history_page, context.service, user, number)
    if not entries:
        if number == 0:
            return "Nothing logged yet. Try <code>/log 25m anime Frieren</code>.", None
        return "No older entries.", _keyboard([], number, False)
    zone = await context.call(context.service.timezone, user)
    lines = [f"<b>History</b> (page {number + 1})"]
    lines += [f"{position}. {entry_line(entry, zone)}"
              for position, entry in enumerate(entries, start=PAGE_SIZE * number + 1)]
    return "\n".join(lines), _keyboard(entries, number, more)


@service_errors_as_replies
async def history(update: Update, context: BotContext) -> None:
    """The newest page of the history."""
    user = await require_user(update, context)
    if user is None:
        return
    text, markup = await _render(context, user, 0)
    await reply(update, text, markup)


@service_errors_as_replies
async def on_page(update: Update, context: BotContext) -> None:
    """◀ / ▶: show another page in the same message."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    number = query.data.removeprefix("xp:")
    user = await context.linked_user(update)
    if user is None or not number.isdigit() or int(number) >= MAX_PAGES:
        await query.answer("That page is gone; send /history again.")
        return
    text, markup = await _render(context, user, int(number))
    await query.answer()
    await query.edit_message_text(text, parse_mode="HTML", reply_markup=markup)
