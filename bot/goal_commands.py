"""/goal, /remind and the reminder's one-tap log buttons (Telegram and store I/O)."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.context import BotContext
from bot.formatting import goal_news_text, minutes_text
from bot.replies import reply, require_user, service_errors_as_replies
from handlers.service.activities import ACTIVITY_GROUPS
from handlers.service.digest_schedule import parse_local_time
from handlers.service.errors import InvalidInput
from handlers.service.goal_area import Suggestion
from handlers.service.goal_settings import (
    REMIND_EXAMPLE,
    Reminder,
    parse_goal_words,
)
from handlers.service.goals import Goals
from handlers.service.logs import LogRequest

QUICK_LOG = "ql"
_ICONS = {"watching": "▶️", "listening": "🎧", "reading": "📖", "other": "✍️"}


def goals_text(goals: Goals) -> str:
    """The user's goals, one a line; a hint when there are none."""
    lines = []
    scopes = [("", goals), *((f" {g}", p) for g, p in goals.by_group.items())]
    for name, period in scopes:
        if period.daily_minutes:
            lines.append(f"🎯 Daily{name}: {minutes_text(period.daily_minutes)}")
        if period.weekly_minutes:
            lines.append(f"🎯 Weekly{name}: {minutes_text(period.weekly_minutes)}")
    return "\n".join(lines) or "No goals yet. Try /goal 60m daily or /goal 5h weekly reading."


@service_errors_as_replies
async def goal(update: Update, context: BotContext) -> None:
    """/goal 60m daily, /goal 5h weekly reading, /goal off, or /goal to see them."""
    user = await require_user(update, context)
    if user is None:
        return
    goals, args = context.service.goals, list(context.args or [])
    if not args:
        await reply(update, goals_text(await context.call(goals.goals, user)))
        return
    if [a.lower() for a in args] == ["off"]:
        await context.call(goals.clear_goals, user)
        await reply(update, "Goals cleared.")
        return
    scope, period, minutes = parse_goal_words(args)
    chosen = await context.call(goals.set_goal, user, scope, period, minutes)
    await reply(update, goals_text(chosen))


@service_errors_as_replies
async def remind(update: Update, context: BotContext) -> None:
    """/remind 20:00 or /remind off: the daily reminder before a streak breaks."""
    user = await require_user(update, context)
    sender = update.effective_user
    if user is None or sender is None:
        return
    goals, args = context.service.goals, [a.lower() for a in context.args or []]
    current = await context.call(goals.reminder, user)
    if args == ["off"]:
        await context.call(goals.set_reminder, user, Reminder(False, current.time))
        await reply(update, "Reminders are off.")
        return
    if len(args) != 1:
        state = f"on at {current.time}" if current.enabled else "off"
        await reply(update, f"Reminders are {state}. {REMIND_EXAMPLE}")
        return
    try:
        moment = parse_local_time(args[0])
    except InvalidInput:
        raise InvalidInput(f"{args[0]!r} is not a time of day. {REMIND_EXAMPLE}") from None
    await context.call(goals.set_reminder, user, Reminder(True, moment), sender.id)
    tz = await context.call(context.service.timezone, user)
    await reply(update, f"I'll remind you at {moment} ({tz.key}) when your streak or "
                        "daily goal needs it.")


def quick_log_keyboard(suggestions: list[Suggestion]) -> InlineKeyboardMarkup | None:
    """One button per suggestion: ``▶️ 20 min video``."""
    if not suggestions:
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton(
        f"{_ICONS.get(ACTIVITY_GROUPS.get(s.activity, 'other'), '•')} {s.minutes} min "
        f"{s.activity.replace('_', ' ')}",
        callback_data=f"{QUICK_LOG}:{s.activity}:{s.minutes}")] for s in suggestions])


async def on_quick_log(update: Update, context: BotContext) -> None:
    """A reminder's button: log that activity for those minutes, once per tap."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    await query.answer()
    user = await context.linked_user(update)
    _, activity, minutes = query.data.split(":")
    if user is None or activity not in ACTIVITY_GROUPS or not minutes.isdigit():
        return
    service = context.service
    request = LogRequest(activity=activity, minutes=int(minutes))
    logged = await context.call(service.logbook.log, user, request, "bot")
    news = goal_news_text(await context.call(service.goals.after_log, user))
    text = f"<b>Logged</b> {minutes} min {activity.replace('_', ' ')}\n" \
           f"Today: <b>{minutes_text(logged.today_minutes)}</b>"
    if query.message is not None:
        await query.edit_message_reply_markup(None)
    await reply(update, "\n".join(filter(None, (text, news))))
