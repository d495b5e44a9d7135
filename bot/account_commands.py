"""/start, /help, /link, /unlink, /timezone and /digest (Telegram and store I/O)."""

from __future__ import annotations

from datetime import datetime
from html import escape

from telegram import Update

from bot.command_texts import digest_status
from bot.context import BotContext
from bot.replies import is_private, reply, require_user, service_errors_as_replies
from handlers.service import DEFAULT_SCHEDULE_TEXT

TIMEZONE_EXAMPLE = "/timezone Europe/Berlin"
HELP = """<b>Immersion Tracker</b>
Share a YouTube video or a Spotify episode with me and I log it.
/log 25m anime Frieren — log anything: 1h30 podcast, 2ep anime, 40p manga, 12000c vn,
add yesterday, -2d or 2026-11-28 to backdate
/history — your latest entries, to edit or delete
/progress [today|week|month|year|all] — your statistics
/review [year] — your year in review, as a card to share
/speed — your reading speeds
/shows — your shows; /setshow — attach TVDB metadata (add anime: count it as anime)
/undo — remove the last thing I logged
/export — your data as two files; send me an export (ours, Botsu, TMW, NihongoTracker,
Kechimochi) to import it
/timezone Area/City — your time zone
/language ja — the language you learn (players log only its minutes)
/connect jellyfin|plex|emby|mpv — players log what they play; /connections, /capture
/digest on|off, /digest Monday 09:00 — the weekly digest
/goal 60m daily, /goal 5h weekly reading, /goal off — goals
/remind 20:00, /remind off — a reminder before your streak breaks
/leaderboard join|leave, /leaderboard [week|month] — in a group chat
/link CODE, /unlink — connect this Telegram account"""


@service_errors_as_replies
async def start(update: Update, context: BotContext) -> None:
    """What the bot does and whether this account is linked."""
    user = await context.linked_user(update)
    status = (f"Linked as <b>{escape(user)}</b>." if user else
              "Not linked yet: get a code with <code>immersion-tracker users link-code "
              "YOUR_NAME</code> and send <code>/link CODE</code>.")
    if user is not None:
        # "Today" and the digest's schedule follow the zone: ask for it from the start.
        zone = await context.call(context.service.timezone, user)
        status += (f"\nYour time zone is <b>{zone.key}</b>. If that is not where you are, "
                   f"send <code>{TIMEZONE_EXAMPLE}</code> with yours.")
    await reply(update, f"{HELP}\n\n{status}")


@service_errors_as_replies
async def link(update: Update, context: BotContext) -> None:
    """Link this Telegram account with a code, and turn the weekly digest on."""
    sender = update.effective_user
    if sender is None:
        return
    if not context.args:
        await reply(update, "Send <code>/link CODE</code> with the code the command line gave you.")
        return
    linked = await context.call(context.service.links.redeem, " ".join(context.args), sender.id)
    note = ""
    if linked.digest_started is not None:
        note = (f"\nYou'll get a weekly digest on {DEFAULT_SCHEDULE_TEXT} "
                "(/digest off to stop).")
    zone = await context.call(context.service.timezone, linked.user)
    note += (f"\nYour time zone is <b>{zone.key}</b>; send <code>{TIMEZONE_EXAMPLE}</code> "
             "with yours if you are elsewhere.")
    await reply(update, f"✅ Linked as <b>{escape(linked.user)}</b>. Share a link to log it.{note}")


@service_errors_as_replies
async def unlink_account(update: Update, context: BotContext) -> None:
    """Remove this account's link."""
    sender = update.effective_user
    if sender is None:
        return
    unlinked = await context.call(context.service.links.unlink, sender.id)
    if unlinked.user is not None:
        await reply(update, f"Unlinked from <b>{escape(unlinked.user)}</b>.")
    elif unlinked.prelinked:
        await reply(update, "This account is linked in the bot's configuration; "
                            "ask the operator to remove it.")
    else:
        await reply(update, "This account is not linked.")


@service_errors_as_replies
async def timezone(update: Update, context: BotContext) -> None:
    """Show or set the user's time zone (an IANA Area/City name)."""
    user = await require_user(update, context)
    if user is None:
        return
    service = context.service
    if not context.args:
        tz = await context.call(service.timezone, user)
        await reply(update, f"Your time zone is <b>{tz.key}</b>. "
                            f"Change it with <code>{TIMEZONE_EXAMPLE}</code> (any "
                            "Area/City name).")
        return
    tz = await context.call(service.set_timezone, user, " ".join(context.args))
    local = datetime.fromtimestamp(service.now_epoch(), tz).strftime("%H:%M")
    await reply(update, f"Time zone set to <b>{tz.key}</b> (it is {local} there).")


@service_errors_as_replies
async def digest(update: Update, context: BotContext) -> None:
    """/digest on|off or /digest <weekday> <HH:MM>: the weekly digest subscription."""
    user = await require_user(update, context)
    sender = update.effective_user
    if user is None or sender is None:
        return
    digests, args = context.service.digests, [a.lower() for a in context.args or []]
    if args == ["off"]:
        await context.call(digests.unsubscribe, user)
        await reply(update, "The weekly digest is off.")
        return
    if not args:
        await reply(update, digest_status(await context.call(digests.subscription, user)))
        return
    if args == ["on"]:
        sub = await context.call(digests.subscribe, user, sender.id)
    elif len(args) == 2:
        sub = await context.call(digests.subscribe, user, sender.id, args[0], args[1])
    else:
        await reply(update, "Use /digest on, /digest off or /digest Monday 09:00.")
        return
    tz = await context.call(context.service.timezone, user)
    await reply(update, f"{digest_status(sub)} Times are in {tz.key}.")


async def hint(update: Update, context: BotContext) -> None:
    """A command the bot does not know, in a private chat: say so, and where help is."""
    message = update.effective_message
    if is_private(update) and message is not None:
        command = (message.text or "/").split()[0].split("@")[0]
        await reply(update, f"I don't know {escape(command[:40])}; see /help for what I do.")
