"""/language, the target languages that capture counts (Telegram and store I/O)."""

from __future__ import annotations

from html import escape

from telegram import Update

from bot.context import BotContext
from bot.replies import reply, require_user, service_errors_as_replies


@service_errors_as_replies
async def language(update: Update, context: BotContext) -> None:
    """Show or set the languages being learned: /language ja, /language ja zh, /language all."""
    user = await require_user(update, context)
    if user is None:
        return
    service = context.service
    if not context.args:
        codes = await context.call(service.capture.languages, user)
        said = ", ".join(codes) if codes else "every language"
        await reply(update, f"Players' minutes count in <b>{escape(said)}</b>. Change it with "
                            "<code>/language ja</code> (or several: <code>/language ja zh"
                            "</code>; <code>/language all</code> counts every one).")
        return
    wanted = [] if [a.lower() for a in context.args] == ["all"] else list(context.args)
    codes = await context.call(service.capture.set_languages, user, wanted)
    said = ", ".join(codes) if codes else "every language"
    await reply(update, f"Players' minutes now count in <b>{escape(said)}</b>.")
