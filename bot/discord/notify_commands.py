"""/digest and /remind on Discord: the weekly digest and the daily reminder, sent as direct
messages by the one notifier (store I/O through the service).

Turning either on from Discord sends it to this Discord account's direct messages, as
turning it on from Telegram sends it there: the chat last chosen wins.
"""

from __future__ import annotations

from bot.command_texts import digest_status
from bot.discord.answers import Reply
from bot.discord.calls import Call, Outcome
from handlers.service import DISCORD, InvalidInput, Reminder, parse_local_time

DIGEST_USAGE = "Use /digest text: on, /digest text: off or /digest text: Monday 09:00."
REMIND_USAGE = "Use /remind time: 20:00 or /remind time: off."


def digest(call: Call, user: str) -> Outcome:
    words = call.option("text").lower().split()
    digests, service = call.service.digests, call.service
    if words == ["off"]:
        digests.unsubscribe(user)
        return Reply("The weekly digest is off.", ephemeral=True)
    if not words:
        return Reply(digest_status(digests.subscription(user)), ephemeral=True)
    if words == ["on"]:
        chosen = digests.subscribe(user, call.interaction.user_id, chat=DISCORD)
    elif len(words) == 2:
        chosen = digests.subscribe(user, call.interaction.user_id, words[0], words[1],
                                   chat=DISCORD)
    else:
        raise InvalidInput(DIGEST_USAGE)
    zone = service.timezone(user).key
    return Reply(f"{digest_status(chosen)} Times are in {zone}; it comes to your direct "
                 "messages here.", ephemeral=True)


def remind(call: Call, user: str) -> Outcome:
    words = call.option("time").lower().split()
    goals = call.service.goals
    current = goals.reminder(user)
    if words == ["off"]:
        goals.set_reminder(user, Reminder(False, current.time))
        return Reply("Reminders are off.", ephemeral=True)
    if len(words) != 1:
        state = f"on at {current.time}" if current.enabled else "off"
        return Reply(f"Reminders are {state}. {REMIND_USAGE}", ephemeral=True)
    try:
        moment = parse_local_time(words[0])
    except InvalidInput:
        raise InvalidInput(f"{words[0]!r} is not a time of day. {REMIND_USAGE}") from None
    goals.set_reminder(user, Reminder(True, moment), call.interaction.user_id, DISCORD)
    zone = call.service.timezone(user).key
    return Reply(f"I'll remind you at {moment} ({zone}) by direct message when your streak or "
                 "daily goal needs it.", ephemeral=True)
