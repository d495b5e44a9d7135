"""/review [YYYY]: the year in review as the shareable card, with its figures (Telegram I/O)."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.constants import ParseMode

from bot.context import BotContext
from bot.formatting import minutes_text
from bot.replies import require_user, service_errors_as_replies
from bot.review_card import render
from handlers.service import InvalidInput

HINT = "Use /review for this year, or /review 2025 for another."


def review_caption(review: dict[str, Any]) -> str:
    """The year's figures in a few HTML lines under the card."""
    year, total = review["year"], review["total_minutes"]
    if not total:
        return f"<b>{year}</b>: nothing logged yet. Try <code>/log 25m anime</code>."
    days, streak = review["days_active"], review["longest_streak"]
    lines = [
        f"<b>Your {year} in immersion</b>",
        f"Total: <b>{minutes_text(total)}</b> on {days} day{'s' * (days != 1)}",
        f"Longest streak: {streak} day{'s' * (streak != 1)}",
    ]
    busiest = review.get("busiest_day")
    if busiest:
        lines.append(f"Busiest day: {busiest['date']} ({minutes_text(busiest['minutes'])})")
    return "\n".join(lines)


@service_errors_as_replies
async def review(update: Update, context: BotContext) -> None:
    """The card of this year (or the year given) and its figures."""
    user = await require_user(update, context)
    message = update.effective_message
    if user is None or message is None:
        return
    args = context.args or []
    year = args[0] if args else None
    if year is not None and not year.isdigit():
        raise InvalidInput(HINT)
    figures = await context.call(context.service.logbook.review, user, year)
    card = await context.call(render, figures, user)
    await message.reply_photo(card, caption=review_caption(figures), parse_mode=ParseMode.HTML)
