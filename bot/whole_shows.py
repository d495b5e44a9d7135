"""A shared Spotify show or YouTube playlist: what it holds, then log all, log up to a
picked episode, or cancel (Telegram, and the providers and the store through the service).

"Log all" names the show or playlist and logs it through the service call Discord's button
uses; a show's other buttons name the episode to log up to (the backfill), a playlist's how
many of its first videos to log. Episodes are offered a few at a time, with ◀ ▶ to page through
the rest. A playlist id too long for a button gets the summary only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.chat_replies import log_all_reply
from bot.context import BotContext
from bot.replies import reply, service_errors_as_replies
from bot.whole_show_texts import (
    LOG_ALL,
    collection_lines,
    log_all_data,
    log_all_label,
    logged_all_text,
    noun,
    offers_buttons,
    parse_log_all,
)

if TYPE_CHECKING:
    from handlers.service import Collection, CollectionKind

PICKS = 6
"""Episodes offered on one page of buttons to log up to (◀ ▶ page through the rest)."""


def _data(show: Collection, index: int) -> str:
    if show.kind == "youtube":
        # A count of the playlist's first videos, those YouTube no longer has included.
        return f"xy:{show.id}:{show.episodes[index].position + 1}"
    return f"xc:{show.id}:{show.episodes[index].id}"


def _pages(show: Collection, offset: int) -> list[InlineKeyboardButton]:
    """◀ / ▶ to the previous and next few episodes, when there are any."""
    letter = "y" if show.kind == "youtube" else "c"
    newer, older = ("◀ Earlier", "Later ▶") if show.kind == "youtube" else ("◀ Newer", "Older ▶")
    nav = []
    if offset > 0:
        nav.append(InlineKeyboardButton(
            newer, callback_data=f"xs:{letter}{max(0, offset - PICKS)}:{show.id}"))
    if offset + PICKS < len(show.episodes):
        nav.append(InlineKeyboardButton(
            older, callback_data=f"xs:{letter}{offset + PICKS}:{show.id}"))
    return nav


def summary(show: Collection, offset: int = 0) -> tuple[str, InlineKeyboardMarkup | None]:
    """What the show or playlist holds, with the buttons to log it (episodes from ``offset``)."""
    episodes = show.episodes
    lines = collection_lines(show)
    if not offers_buttons(show):
        return "\n".join(lines), None
    lines.append(f"Log them all, or every {noun(show.kind)} up to one you pick:")
    rows = [[InlineKeyboardButton(log_all_label(show), callback_data=log_all_data(show))]]
    offset = min(max(0, offset), max(0, len(episodes) - 1))
    rows += [[InlineKeyboardButton(f"Up to {episodes[index].title[:40]}",
                                   callback_data=_data(show, index))]
             for index in range(offset, min(offset + PICKS, len(episodes)))]
    if nav := _pages(show, offset):
        rows.append(nav)
    rows.append([InlineKeyboardButton("Cancel", callback_data="xc")])
    return "\n".join(lines), InlineKeyboardMarkup(rows)


async def offer(update: Update, context: BotContext, user: str, kind: CollectionKind,
                show_id: str) -> None:
    """Answer a shared show or playlist with its summary and buttons."""
    show = await context.call(context.service.whole_shows.collection, user, kind, show_id)
    text, markup = summary(show)
    await reply(update, text, markup)


@service_errors_as_replies
async def on_page(update: Update, context: BotContext) -> None:
    """◀ / ▶: the same summary with the previous or next few episodes to pick from."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    place, _, show_id = query.data.removeprefix("xs:").partition(":")
    user = await context.linked_user(update)
    if user is None or not show_id:
        await query.answer("Nothing logged.")
        return
    shows = context.service.whole_shows
    lookup = shows.youtube_playlist if place.startswith("y") else shows.spotify_show
    show = await context.call(lookup, user, show_id)
    text, markup = summary(show, int(place[1:]))
    await query.answer()
    await query.edit_message_text(text, parse_mode="HTML", reply_markup=markup)


@service_errors_as_replies
async def on_button(update: Update, context: BotContext) -> None:
    """Log the whole show, or up to the episode on the button, or cancel."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    if query.data.startswith(f"{LOG_ALL}:"):
        await _log_all(update, context, query.data)
        return
    kind, _, rest = query.data.partition(":")
    show_id, _, episode_id = rest.partition(":")
    user = await context.linked_user(update)
    if not episode_id or user is None or (kind == "xy" and not episode_id.isdigit()):
        await query.answer("Nothing logged.")
        await query.edit_message_text("Nothing logged.")
        return
    await query.answer("Logging…")
    if kind == "xy":
        report = await context.call(context.service.whole_shows.log_youtube_playlist, user, show_id,
                                    int(episode_id))
    else:
        report = await context.call(context.service.whole_shows.log_spotify_show, user, episode_id)
    today = await context.call(context.service.logbook.today_minutes, user)
    text = logged_all_text("youtube" if kind == "xy" else "spotify", report, today)
    await query.edit_message_text(text, parse_mode="HTML")

async def _log_all(update: Update, context: BotContext, data: str) -> None:
    """Log all: every episode or video, through the call Discord's button makes."""
    query = update.callback_query
    assert query is not None
    named = parse_log_all(data)
    user = await context.linked_user(update)
    if named is None or user is None:
        await query.answer("Nothing logged.")
        await query.edit_message_text("Nothing logged.")
        return
    await query.answer("Logging…")
    text = await context.call(log_all_reply, context.service, user, *named)
    await query.edit_message_text(text, parse_mode="HTML")
