"""/progress: the statistics as short HTML lines and a PNG chart (Telegram and store I/O)."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.constants import ParseMode

from bot.charts import progress_chart
from bot.context import BotContext
from bot.formatting import CAPTION_LIMIT, progress_text
from bot.replies import reply, require_user, service_errors_as_replies
from handlers.service.calendar import WEEKDAY_ABBREVIATIONS as _WEEKDAYS


def chart_for(progress: dict[str, Any], today_weekday: int) -> bytes:
    """The PNG of the last 7 days (labelled by weekday) and the quarterly curve."""
    daily = [(_WEEKDAYS[(today_weekday - day["days_ago"]) % 7], int(day["minutes_watched"]))
             for day in progress["daily_activity"]]
    quarters = [(q["label"], int(q["cumulative_hours"])) for q in progress["all_time_progress"]]
    return progress_chart(daily, quarters)


@service_errors_as_replies
async def progress(update: Update, context: BotContext) -> None:
    """The user's statistics, formatted for a phone, with the chart."""
    user = await require_user(update, context)
    message = update.effective_message
    if user is None or message is None:
        return
    service = context.service
    stats = await context.call(service.progress, user)
    tz = await context.call(service.timezone, user)
    weekday = service.clock().astimezone(tz).weekday()
    png = await context.call(chart_for, stats, weekday)
    text = progress_text(stats)
    if len(text) <= CAPTION_LIMIT:
        await message.reply_photo(png, caption=text, parse_mode=ParseMode.HTML)
    else:
        await reply(update, text)
        await message.reply_photo(png)
