"""A shared Spotify show: what it holds, then log all, log up to a picked episode, or cancel
(Telegram, and Spotify and the store through the service)."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.context import BotContext
from bot.formatting import count, duration, minutes_text, short
from bot.replies import reply, service_errors_as_replies
from handlers.service.whole_shows import Collection

PATTERN = r"^xc"
PICKS = 6
"""Episodes offered to log up to: the newest few (older ones: share that episode with a
date, or /log)."""


def summary(show: Collection) -> tuple[str, InlineKeyboardMarkup | None]:
    """What the show holds, with the buttons to log it."""
    episodes = show.episodes
    lines = [f"🎧 <b>{short(show.name, 60)}</b>",
             f"{count(len(episodes), 'episode')} · {duration(show.total_seconds)} · "
             f"{show.logged_count} already logged"]
    if not episodes:
        return "\n".join(lines), None
    lines.append("Log them all, or every episode up to one you pick:")
    rows = [[InlineKeyboardButton(f"✅ Log all {len(episodes)}",
                                  callback_data=f"xc:{show.id}:{episodes[0].id}")]]
    rows += [[InlineKeyboardButton(f"Up to {e.title[:40]}", callback_data=f"xc:{show.id}:{e.id}")]
             for e in episodes[:PICKS]]
    rows.append([InlineKeyboardButton("Cancel", callback_data="xc")])
    return "\n".join(lines), InlineKeyboardMarkup(rows)


async def offer(update: Update, context: BotContext, user: str, show_id: str) -> None:
    show = await context.call(context.service.spotify_show, user, show_id)
    text, markup = summary(show)
    await reply(update, text, markup)


@service_errors_as_replies
async def on_button(update: Update, context: BotContext) -> None:
    """Log the show up to the episode on the button (all: the newest), or cancel."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    _, _, rest = query.data.partition(":")
    _, _, episode_id = rest.partition(":")
    user = await context.linked_user(update)
    if not episode_id or user is None:
        await query.answer("Nothing logged.")
        await query.edit_message_text("Nothing logged.")
        return
    await query.answer("Logging…")
    report = await context.call(context.service.log_spotify_show, user, episode_id)
    today = await context.call(context.service.logbook.today_minutes, user)
    added = sum(item.duration_seconds or 0 for item in report.added)
    lines = [f"✅ Logged {count(len(report.added), 'episode')} ({duration(added)}); "
             f"{len(report.existing)} were logged already."]
    if report.failed:
        lines.append(f"⚠️ {short(report.failed[0].reason, 120)}")
    lines.append(f"Today: <b>{minutes_text(today)}</b>")
    await query.edit_message_text("\n".join(lines), parse_mode="HTML")
