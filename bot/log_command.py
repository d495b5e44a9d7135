"""/log any immersion, /speed for reading speeds, and the reply to a new log (Telegram and
store I/O through the service)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from telegram import Update

from bot.chat_replies import log_reply
from bot.context import BotContext
from bot.entries import activity_name, entry_token
from bot.entry_buttons import entry_buttons
from bot.replies import reply, require_user, service_errors_as_replies
from handlers.service import READING_SPEED_UNITS, InvalidInput, UnknownActivity, canonical_activity

if TYPE_CHECKING:
    from handlers.service import LoggedReply

SPEED_EXAMPLE = "/speed manga 2"


async def send_logged(update: Update, context: BotContext, user: str,
                      logged: LoggedReply) -> None:
    """Reply to a new log with the streak and goals it moved, and Undo and Edit buttons."""
    text = await context.call(log_reply, context.service, user, logged)
    await reply(update, text, entry_buttons(entry_token(logged.entry.id), undo=True))


@service_errors_as_replies
async def log(update: Update, context: BotContext) -> None:
    """``/log 25m anime Frieren yesterday``: any immersion, in the forgiving text form."""
    user = await require_user(update, context)
    if user is None:
        return
    text = " ".join(context.args or [])
    logged = await context.call(context.service.logbook.log_text, user, text, "bot")
    await send_logged(update, context, user, logged)


def _speeds_text(speeds: dict[str, float]) -> str:
    lines = ["<b>Reading speeds</b>"]
    for kind, speed in speeds.items():
        unit = READING_SPEED_UNITS[kind]
        per = unit.removesuffix("s") if speed == 1 else unit  # 1 page/min, 2 pages/min
        lines.append(f"• {activity_name(kind)}: {speed:g} {per}/min")
    lines.append(f"Change one with <code>{SPEED_EXAMPLE}</code> or "
                 "<code>/speed vn 300</code>.")
    return "\n".join(lines)


def _speed_request(args: list[str]) -> dict[str, float]:
    """``manga 2`` into ``{"manga": 2.0}``; InvalidInput with an example otherwise."""
    if len(args) != 2:
        raise InvalidInput(f"Give a reading type and a speed, for example {SPEED_EXAMPLE}.")
    try:
        kind = canonical_activity(args[0])
        speed = float(args[1].replace(",", "."))
    except (UnknownActivity, ValueError):
        raise InvalidInput(f"I can't read that; for example {SPEED_EXAMPLE}.") from None
    if kind not in READING_SPEED_UNITS:
        known = ", ".join(activity_name(k) for k in READING_SPEED_UNITS)
        raise InvalidInput(f"Speeds are for {known}; for example {SPEED_EXAMPLE}.")
    return {kind: speed}


@service_errors_as_replies
async def speed(update: Update, context: BotContext) -> None:
    """``/speed`` shows reading speeds; ``/speed manga 2`` sets one."""
    user = await require_user(update, context)
    if user is None:
        return
    logbook = context.service.logbook
    if context.args:
        wanted = _speed_request(list(context.args))
        speeds = await context.call(logbook.set_reading_speed, user, wanted)
    else:
        speeds = await context.call(logbook.reading_speed, user)
    await reply(update, _speeds_text(speeds))
