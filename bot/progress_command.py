"""/progress: the statistics as short HTML lines and a PNG chart (Telegram and store I/O)."""

from __future__ import annotations

from datetime import date
from typing import Any

from telegram import Update
from telegram.constants import ParseMode

from bot.command_texts import PERIOD_HINT, PERIODS, chart_for, period_text
from bot.context import BotContext
from bot.dashboard import dashboard_keyboard
from bot.formatting import CAPTION_LIMIT, progress_text
from bot.replies import reply, require_user, service_errors_as_replies
from handlers.service.calendar import local_date
from handlers.service.errors import InvalidInput


async def period_stats(context: BotContext, user: str, word: str) -> dict[str, Any]:
    """``GET /stats`` for one of PERIODS, ending today in the user's zone."""
    back, bucket, _ = PERIODS[word]
    zone = await context.call(context.service.timezone, user)
    today = local_date(context.service.clock(), zone)
    first = date.fromordinal(today.toordinal() - back)
    return await context.call(context.service.logbook.stats, user, first.isoformat(),
                              today.isoformat(), bucket)


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
        await reply(update, period_text(await period_stats(context, user, word),
                                        PERIODS[word][2]))
        return
    service = context.service
    stats = await context.call(service.progress, user)
    tz = await context.call(service.timezone, user)
    weekday = service.clock().astimezone(tz).weekday()
    png = await context.call(chart_for, stats, weekday)
    text = progress_text(stats, (await period_stats(context, user, "all"))["top_titles"])
    keyboard = dashboard_keyboard(service.settings, message)
    if len(text) <= CAPTION_LIMIT:
        await message.reply_photo(
            png, caption=text, parse_mode=ParseMode.HTML, reply_markup=keyboard
        )
    else:
        await reply(update, text)
        await message.reply_photo(png, reply_markup=keyboard)
