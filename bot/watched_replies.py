"""Links with a watched part (``20m <link>``, ``&t=``, a date word), "How long did you
watch?" for live streams, and links to other sites offered as logs (Telegram and store I/O
through the service).

A site link is too long for a button, so it waits in the user's bot data under a short key
until a duration is pressed (it lives in this process: a restart forgets the offer).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.chat_replies import watched_text
from bot.context import BotContext
from bot.entries import entry_line, entry_token, find_entry
from bot.entry_buttons import PENDING_SECONDS, entry_buttons, pending_edits
from bot.formatting import short, sync_reply
from bot.log_command import send_logged
from bot.replies import reply, service_errors_as_replies
from handlers.service import (
    EntryChanges,
    InvalidInput,
    activity_for,
    duration_minutes,
    entry_id,
    host_of,
)

if TYPE_CHECKING:
    from handlers.service import SyncReport

MINUTES = (10, 20, 30, 45, 60)
MAX_OFFERS = 20


def how_long(prefix: str, key: str, other: str) -> InlineKeyboardMarkup:
    """10 / 20 / 30 / 45 / 60 min and Other, for one entry or one offered site."""
    row = [InlineKeyboardButton(f"{m}", callback_data=f"{prefix}:{m}:{key}") for m in MINUTES]
    return InlineKeyboardMarkup([row, [InlineKeyboardButton("Other…", callback_data=other)]])


async def ask_how_long(update: Update, report: SyncReport) -> None:
    """Ask how long, for each new item whose length is unknown (a live stream)."""
    for item in [i for i in report.added if i.duration_seconds is None][:3]:
        token = entry_token(entry_id(item.sk))
        await reply(update, f"How long did you watch <b>{short(item.title or item.id, 60)}</b>?"
                            " (minutes)", how_long("xw", token, f"xfm:{token}"))


async def log_watched(update: Update, context: BotContext, user: str, text: str) -> None:
    """Log one link with the part watched and its day; ask how long when unknown."""
    logged = await context.call(context.service.log_watched, user, text)
    zone = await context.call(context.service.timezone, user)
    entry = logged.entry
    if entry is None:
        await reply(update, sync_reply(logged.report, zone, logged.today_minutes))
        return
    token = entry_token(entry.id)
    if logged.needs_minutes:
        await reply(update, f"How long did you watch <b>{short(entry.title, 60)}</b>? "
                            "(minutes)", how_long("xw", token, f"xfm:{token}"))
        return
    text = await context.call(watched_text, context.service, user, entry,
                              logged.report.added[0].duration_seconds, logged.today_minutes)
    await reply(update, text, entry_buttons(token, undo=True))


def _offers(context: BotContext) -> dict[str, Any]:
    data = context.user_data if context.user_data is not None else {}
    offers: dict[str, Any] = data.setdefault("site_offers", {})
    return offers


async def offer_site(update: Update, context: BotContext, url: str, day: str | None) -> None:
    """Offer to log a link to a site without a provider: its activity guessed, how long?"""
    offers = _offers(context)
    key = str(int(time.time() * 1000) % 10**9)
    offers[key] = {"url": url, "day": day}
    for old in list(offers)[:-MAX_OFFERS]:
        del offers[old]
    activity = activity_for(url).replace("_", " ")
    await reply(update, f"Log <b>{short(host_of(url), 60)}</b> as {activity}? How many "
                        "minutes? (Edit the activity afterwards if it is not right.)",
                how_long("xo", key, f"xo:other:{key}"))


async def answer_pending_site(update: Update, context: BotContext, user: str,
                              text: str) -> bool:
    """Log an offered site for the minutes the user typed; ``False`` if none is waiting."""
    waiting = pending_edits(context)
    pending = waiting.get("site")
    if pending is None or time.time() - pending["at"] > PENDING_SECONDS:
        waiting.pop("site", None)
        return False
    minutes = duration_minutes(text.strip())
    if minutes is None or not minutes > 0:
        # The offer keeps waiting for a duration it can log.
        raise InvalidInput("Send how long it was, for example 25m or 1h30.")
    del waiting["site"]
    offer = pending["offer"]
    logged = await context.call(context.service.log_url, user, offer["url"], minutes,
                                offer["day"])
    await send_logged(update, context, user, logged)
    return True


@service_errors_as_replies
async def on_button(update: Update, context: BotContext) -> None:
    """A duration for a live stream's entry, or for an offered site."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    kind, minutes, key = [*query.data.split(":", 2), "", ""][:3]
    user = await context.linked_user(update)
    if user is None:
        await query.answer("This account is not linked.")
        return
    if kind == "xo":
        offer = _offers(context).get(key)
        if offer is None:
            await query.answer("That offer expired; share the link again.")
            return
        await query.answer()
        if minutes == "other":
            pending_edits(context)["site"] = {"offer": offer, "at": time.time()}
            await query.edit_message_text("How long was it? For example 25m or 1h30.")
            return
        _offers(context).pop(key, None)
        await query.edit_message_reply_markup(None)
        logged = await context.call(context.service.log_url, user, offer["url"],
                                    float(minutes), offer["day"])
        await send_logged(update, context, user, logged)
        return
    entry = await find_entry(context, user, key)
    if entry is None or not minutes.isdigit():
        await query.answer("That entry is gone; see /history.")
        return
    edited = await context.call(context.service.logbook.edit, user, entry.id,
                                EntryChanges(minutes=int(minutes)))
    zone = await context.call(context.service.timezone, user)
    await query.answer()
    await query.edit_message_text(f"✅ Logged {entry_line(edited, zone)}", parse_mode="HTML",
                                  reply_markup=entry_buttons(key, undo=True))
