"""/progress: the statistics as short HTML lines and a PNG chart (Telegram and store I/O)."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ParseMode

from bot.chat_replies import full_progress, period_stats
from bot.command_texts import PERIOD_HINT, PERIODS, chart_for, period_text
from bot.context import BotContext
from bot.dashboard import dashboard_keyboard
from bot.formatting import CAPTION_LIMIT
from bot.replies import reply, require_user, service_errors_as_replies
from handlers.service import InvalidInput


@service_errors_as_replies
async def progress(update: Update, context: BotContext) -> None:
    """The user's statistics with the chart, or one period's (``/progress week``)."""
    user = await require_user(update, context)
    message = update.effective_message
    if user is None or message is None:
        return
    word = (context.args or [""])[0].lower()
    if word and word not in PERIODS:
        raise InvalidInput(PERIOD_HINT)
    if word:
        stats = await context.call(period_stats, context.service, user, word)
        await reply(update, period_text(stats, PERIODS[word][2]))
        return
    service = context.service
    text, stats, weekday = await context.call(full_progress, service, user)
    png = await context.call(chart_for, stats, weekday)
    keyboard = dashboard_keyboard(service.settings, message)
    if len(text) <= CAPTION_LIMIT:
        await message.reply_photo(
            png, caption=text, parse_mode=ParseMode.HTML, reply_markup=keyboard
        )
    else:
        await reply(update, text)
        await message.reply_photo(png, reply_markup=keyboard)
