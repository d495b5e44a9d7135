"""Messages with YouTube or Spotify links: log them and reply once (Telegram and store I/O)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, MessageEntity, Update

from bot import plain_logs, watched_replies, whole_shows
from bot.chat_replies import links_reply
from bot.context import BotContext
from bot.entries import entry_token
from bot.entry_buttons import answer_pending_edit
from bot.formatting import short
from bot.replies import LINK_FIRST, is_private, reply, require_user, service_errors_as_replies
from bot.undo_buttons import UNDO_ALL
from bot.whole_show_texts import shared_collection
from handlers.service import entry_id, other_links, watched_part

if TYPE_CHECKING:
    from handlers.service import MessageLinks, SyncReport

MAX_UNDO_BUTTONS = 8
SHORT_LINK_HINT = ("spotify.link short links are read once this Telegram account is "
                   "linked: see /help.")
CHANNEL_HINT = ("That is a YouTube channel: share one of its videos to log it, and the "
                "channel shows up in /progress.")
GENERAL_HINT = ("Share a YouTube or Spotify episode link to log it, or use "
                "/log 25m anime Frieren (see /help).")


def message_text(message: Message) -> str:
    """A message's text or caption, with the URLs hidden behind text appended."""
    text = message.text or message.caption or ""
    entities = message.entities or message.caption_entities or ()
    hidden = [entity.url for entity in entities
              if entity.type == MessageEntity.TEXT_LINK and entity.url]
    return "\n".join([text, *hidden])


def undo_keyboard(report: SyncReport, undo_id: str | None) -> InlineKeyboardMarkup | None:
    """Undo and Edit per new log, as under a /log reply (Undo names the record and the
    entry; Edit the entry); past MAX_UNDO_BUTTONS logs, one "Undo all" takes back every
    log the message made, so each stays undoable and the keyboard fits on a phone."""
    if undo_id is None:
        return None
    buttons = []
    for index, item in enumerate(report.added[:MAX_UNDO_BUTTONS]):
        label = "↩️ Undo" if len(report.added) == 1 else f"↩️ Undo {short(item.title, 24)}"
        edit = f"xe:{entry_token(entry_id(item.sk))}"
        buttons.append([InlineKeyboardButton(label, callback_data=f"undo:{undo_id}:{index}"),
                        InlineKeyboardButton("✏️ Edit", callback_data=edit)])
    if len(report.added) > MAX_UNDO_BUTTONS:
        buttons.append([InlineKeyboardButton(f"↩️ Undo all {len(report.added)}",
                                             callback_data=f"undo:{undo_id}:{UNDO_ALL}")])
    return InlineKeyboardMarkup(buttons)


def _notes(links: MessageLinks) -> list[str]:
    notes = []
    if links.short_links:
        notes.append(SHORT_LINK_HINT)
    if links.channels:
        notes.append(CHANNEL_HINT)
    return notes


async def _not_links(update: Update, context: BotContext, text: str,
                     links: MessageLinks) -> None:
    """A private message without links: a waiting edit's value, a plain log, or a hint."""
    if not is_private(update):
        return
    user = await context.linked_user(update)
    if user is not None and (
        await watched_replies.answer_pending_site(update, context, user, text)
        or await answer_pending_edit(update, context, user, text)
    ):
        return
    if (shared := shared_collection(links)) is not None:
        if user is None:
            await reply(update, LINK_FIRST)
        else:
            await whole_shows.offer(update, context, user, *shared)
        return
    sites = other_links(text)
    if sites and user is not None:
        await watched_replies.offer_site(update, context, sites[0], watched_part(text).day)
        return
    notes = _notes(links)
    candidates = [] if notes or user is None else plain_logs.guesses(text)
    if candidates:
        await plain_logs.offer(update, candidates)
        return
    await reply(update, "\n".join(notes or [GENERAL_HINT]))


@service_errors_as_replies
async def on_message(update: Update, context: BotContext) -> None:
    """Log the links of a text, caption or forwarded message; other text gets a hint."""
    message = update.effective_message
    if message is None:
        return
    text = message_text(message)
    links = context.service.links_in(text)
    if links.short_links and await context.linked_user(update) is not None:
        text = await context.call(context.service.expand_short_links, text)
        links = context.service.links_in(text)
    if not links.loggable:
        await _not_links(update, context, text, links)
        return
    user = await require_user(update, context)
    if user is None:
        return
    single = len(links.youtube_video_ids) + len(links.spotify_episode_ids) == 1
    if single and watched_part(text).given:
        await watched_replies.log_watched(update, context, user, text)
        return
    service = context.service
    logged = await context.call(service.log_links, user, text)
    text = await context.call(links_reply, service, user, logged.report, logged.today_minutes,
                              _notes(links))
    await reply(update, text, undo_keyboard(logged.report, logged.undo_id))
    await watched_replies.ask_how_long(update, logged.report)
