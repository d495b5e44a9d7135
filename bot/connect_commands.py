"""/connect, /connections and /capture: players that log themselves (Telegram and store I/O)."""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.context import BotContext
from bot.replies import is_private, reply, require_user, service_errors_as_replies

USAGE = ("Send <code>/connect jellyfin</code>, <code>plex</code>, <code>emby</code> or "
         "<code>mpv</code>.")


@service_errors_as_replies
async def connect(update: Update, context: BotContext) -> None:
    """A capture URL for a player, its setup steps and, for Jellyfin, the template."""
    user = await require_user(update, context)
    if user is None:
        return
    if not is_private(update):
        await reply(update, "Ask me in a private chat: the link holds a secret token.")
        return
    if not context.args:
        await reply(update, USAGE)
        return
    player = context.args[0].lower()
    capture = context.service.capture
    source, _, _ = capture.setup(player, "")
    made, token = await context.call(capture.connect, user, f"{player} (Telegram)", source)
    base = (context.service.settings.web_url or "http://localhost:8080").rstrip("/")
    _, steps, template = capture.setup(player, f"{base}/capture/{source}?token={token}")
    lines = [f"📺 <b>{escape(player.capitalize())}</b> connected as «{escape(made.name)}». "
             "Keep the link secret; /connections revokes it."]
    lines += [f"{number}. {escape(step)}" for number, step in enumerate(steps, start=1)]
    if template is not None:
        lines.append(f"<pre>{escape(template)}</pre>")
    await reply(update, "\n".join(lines))


@service_errors_as_replies
async def connections(update: Update, context: BotContext) -> None:
    """The connected players, each with a button that revokes its token."""
    user = await require_user(update, context)
    if user is None:
        return
    found = await context.call(context.service.capture.connections, user)
    if not found:
        await reply(update, f"No player is connected. {USAGE}")
        return
    lines = ["<b>Connected players</b>"]
    buttons = []
    for each in found:
        lines.append(f"• {escape(each.name)} ({each.source}): {each.sessions} sessions")
        buttons.append([InlineKeyboardButton(f"Revoke {each.name}"[:60],
                                             callback_data=f"cx:{each.id}")])
    await reply(update, "\n".join(lines), InlineKeyboardMarkup(buttons))


@service_errors_as_replies
async def capture(update: Update, context: BotContext) -> None:
    """What is playing now, and the sessions kept ignored (with a button to count one);
    /capture notify on|off asks for a message when a session closes."""
    user = await require_user(update, context)
    if user is None:
        return
    if context.args and context.args[0].lower() == "notify":
        on = [a.lower() for a in context.args[1:2]] != ["off"]
        await context.call(context.service.capture.want_notices, user, on)
        await reply(update, "I'll tell you when a player's session is logged, with Undo."
                    if on else "No more messages when a player's session is logged.")
        return
    sessions = await context.call(context.service.capture.captures, user)
    playing = [s for s in sessions if s.state == "open"]
    ignored = [s for s in sessions if s.state == "ignored"][:5]
    lines = ["<b>Playing now</b>"] + [
        f"▶️ {escape(s.title)} ({escape(s.player)}): {s.counted_seconds // 60} min"
        for s in playing] if playing else ["Nothing is playing now."]
    buttons = []
    if ignored:
        lines.append("<b>Not counted</b>")
        for s in ignored:
            lines.append(f"• {escape(s.title)}: {s.counted_seconds // 60} min — "
                         f"{escape(s.reason or '')}")
            buttons.append([InlineKeyboardButton(f"Count {s.title}"[:60],
                                                 callback_data=f"ca:{s.id}"[:64])])
    await reply(update, "\n".join(lines), InlineKeyboardMarkup(buttons) if buttons else None)


@service_errors_as_replies
async def on_button(update: Update, context: BotContext) -> None:
    """Revoke a player (cx:<id>) or count an ignored session (ca:<id>)."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    user = await context.linked_user(update)
    if user is None:
        await query.answer("Link this account first.")
        return
    kind, _, target = query.data.partition(":")
    capture_area = context.service.capture
    if kind == "cx":
        revoked = await context.call(capture_area.revoke, user, target)
        await query.answer(f"Revoked {revoked.name[:150]}")
        await query.edit_message_text(f"Revoked <b>{escape(revoked.name)}</b>: its link "
                                      "no longer works.", parse_mode="HTML")
        return
    accepted = await context.call(capture_area.accept, user, target)
    await query.answer(f"Counted {accepted.counted_seconds // 60} min of {accepted.title[:100]}")
    await query.edit_message_reply_markup(None)
