"""/progress: the statistics as short HTML lines and a PNG chart (Telegram and store I/O)."""

from __future__ import annotations

from datetime import date
from typing import Any

from telegram import Update
from telegram.constants import ParseMode

from bot.charts import progress_chart
from bot.context import BotContext
from bot.dashboard import dashboard_keyboard
from bot.formatting import CAPTION_LIMIT, GROUP_ICONS, minutes_text, progress_text, top_lines
from bot.replies import reply, require_user, service_errors_as_replies
from handlers.service.calendar import WEEKDAY_ABBREVIATIONS as _WEEKDAYS
from handlers.service.calendar import local_date
from handlers.service.errors import InvalidInput
from handlers.service.stats import MAX_DAYS

PERIODS = {  # word: (days back from today, bucket, heading)
    "today": (0, "day", "today"),
    "week": (6, "day", "the last 7 days"),
    "month": (29, "week", "the last 30 days"),
    "year": (364, "month", "the last 12 months"),
    "all": (MAX_DAYS - 1, "month", "all time"),
}
PERIOD_HINT = "Use /progress, or /progress today, week, month, year or all."


def chart_for(progress: dict[str, Any], today_weekday: int) -> bytes:
    """The PNG of the last 7 days (labelled by weekday) and the quarterly curve."""
    daily = [(_WEEKDAYS[(today_weekday - day["days_ago"]) % 7], int(day["minutes_watched"]))
             for day in progress["daily_activity"]]
    quarters = [(q["label"], int(q["cumulative_hours"])) for q in progress["all_time_progress"]]
    return progress_chart(daily, quarters)


async def period_stats(context: BotContext, user: str, word: str) -> dict[str, Any]:
    """``GET /stats`` for one of PERIODS, ending today in the user's zone."""
    back, bucket, _ = PERIODS[word]
    zone = await context.call(context.service.timezone, user)
    today = local_date(context.service.clock(), zone)
    first = date.fromordinal(today.toordinal() - back)
    return await context.call(context.service.logbook.stats, user, first.isoformat(),
                              today.isoformat(), bucket)


def period_text(stats: dict[str, Any], heading: str) -> str:
    """One period's minutes by group and activity and its top titles, for a phone."""
    total = sum(b["minutes"] for b in stats["buckets"])
    groups: dict[str, int] = {}
    for bucket in stats["buckets"]:
        for group, minutes in bucket["by_group"].items():
            groups[group] = groups.get(group, 0) + minutes
    lines = [f"<b>Your immersion — {heading}</b>", f"Total: <b>{minutes_text(total)}</b>"]
    lines += [f"{GROUP_ICONS[g]} {g}: {minutes_text(m)}" for g, m in groups.items() if m]
    if not total:
        lines.append("Nothing logged in this period. Try <code>/log 25m anime</code>.")
    return "\n".join(lines + top_lines(stats["top_titles"]))


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
