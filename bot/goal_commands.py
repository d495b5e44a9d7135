"""/goal, /remind, the reminder's one-tap log buttons and /leaderboard (Telegram and store I/O)."""

from __future__ import annotations

from telegram import Update

from bot.command_texts import goals_text, ranking_text
from bot.context import BotContext
from bot.formatting import goal_news_text, minutes_text, short
from bot.replies import is_private, reply, require_user, service_errors_as_replies
from handlers.service import (
    ACTIVITY_GROUPS,
    REMIND_EXAMPLE,
    InvalidInput,
    LogRequest,
    Reminder,
    parse_goal_words,
    parse_local_time,
)


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


@service_errors_as_replies
async def leaderboard(update: Update, context: BotContext) -> None:
    """/leaderboard [week|month], /leaderboard join|leave — in a group chat, opt-in only."""
    chat = update.effective_chat
    if chat is None or is_private(update):
        await reply(update, "Add me to a group chat and use /leaderboard join there.")
        return
    boards, args = context.service.leaderboards, [a.lower() for a in context.args or []]
    if args in (["join"], ["leave"]):
        user = await context.linked_user(update)
        if user is None:
            await reply(update, "Link your account with me in a private chat first (/link).")
            return
        if args == ["join"]:
            await context.call(boards.join, chat.id, user)
            await reply(update, f"{short(user, 30)} joined this chat's leaderboard.")
        else:
            await context.call(boards.leave, chat.id, user)
            await reply(update, f"{short(user, 30)} left this chat's leaderboard.")
        return
    if len(args) > 1 or (args and args[0] not in ("week", "month")):
        await reply(update, "Use /leaderboard, /leaderboard month, /leaderboard join or "
                            "/leaderboard leave.")
        return
    period = args[0] if args else "week"
    ranked = await context.call(boards.ranking, chat.id, period)
    await reply(update, ranking_text(ranked, period))
