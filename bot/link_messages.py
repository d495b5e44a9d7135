"""Messages with YouTube or Spotify links: log them and reply once (Telegram and store I/O)."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, MessageEntity, Update

from bot.context import BotContext
from bot.formatting import short, sync_reply
from bot.replies import is_private, reply, require_user, service_errors_as_replies
from handlers.service.facade import Service
from handlers.service.sync_report import SyncReport
from handlers.service.undo import record_logged
from metadata_clients.links import ExtractedLinks, extract_links

MAX_UNDO_BUTTONS = 8
WHOLE_COLLECTION_HINT = ("Logging a whole show or playlist is not available yet: "
                         "share the episodes or videos one by one.")
SHORT_LINK_HINT = ("spotify.link short links are not supported yet: open the link and "
                   "share the open.spotify.com address instead.")


def message_links(message: Message) -> ExtractedLinks:
    """The links of a message's text or caption, including those hidden behind text."""
    text = message.text or message.caption or ""
    entities = message.entities or message.caption_entities or ()
    hidden = [entity.url for entity in entities
              if entity.type == MessageEntity.TEXT_LINK and entity.url]
    return extract_links("\n".join([text, *hidden]))


def _combined(youtube: SyncReport | None, spotify: SyncReport | None) -> SyncReport:
    reports = [r for r in (youtube, spotify) if r is not None]
    return SyncReport(
        added=[item for r in reports for item in r.added],
        existing=[item for r in reports for item in r.existing],
        failed=[item for r in reports for item in r.failed],
        provider_unavailable=any(r.provider_unavailable for r in reports),
    )


def log_links(service: Service, user: str, links: ExtractedLinks) -> tuple[SyncReport, str | None,
                                                                         int]:
    """Log every video and episode (blocking): the report, its undo id, today's minutes."""
    youtube = service.sync_youtube(user, list(links.youtube_video_ids)) \
        if links.youtube_video_ids else None
    spotify = service.sync_spotify(user, list(links.spotify_episode_ids)) \
        if links.spotify_episode_ids else None
    report = _combined(youtube, spotify)
    undo_id = record_logged(service.repo, user, report.added, service.now_epoch())
    today = service.progress(user)["daily_activity"][-1]["minutes_watched"]
    return report, undo_id, int(today)


def undo_keyboard(report: SyncReport, undo_id: str | None) -> InlineKeyboardMarkup | None:
    """One Undo button per new log (the callback names the record and the entry)."""
    if undo_id is None:
        return None
    buttons = []
    for index, item in enumerate(report.added[:MAX_UNDO_BUTTONS]):
        label = "↩️ Undo" if len(report.added) == 1 else f"↩️ Undo {short(item.title, 24)}"
        buttons.append([InlineKeyboardButton(label, callback_data=f"undo:{undo_id}:{index}")])
    return InlineKeyboardMarkup(buttons)


def _notes(links: ExtractedLinks) -> list[str]:
    notes = []
    if links.spotify_show_ids or links.youtube_playlist_ids:
        notes.append(WHOLE_COLLECTION_HINT)
    if links.spotify_short_links:
        notes.append(SHORT_LINK_HINT)
    return notes


@service_errors_as_replies
async def on_message(update: Update, context: BotContext) -> None:
    """Log the links of a text, caption or forwarded message; other text gets a hint."""
    message = update.effective_message
    if message is None:
        return
    links = message_links(message)
    loggable = links.youtube_video_ids or links.spotify_episode_ids
    if not loggable:
        if is_private(update):
            notes = _notes(links) or ["Share a YouTube or Spotify episode link to log it, "
                                      "or see /help."]
            await reply(update, "\n".join(notes))
        return
    user = await require_user(update, context)
    if user is None:
        return
    service = context.service
    report, undo_id, today = await context.call(log_links, service, user, links)
    tz = await context.call(service.timezone, user)
    await reply(update, sync_reply(report, tz, today, _notes(links)),
                undo_keyboard(report, undo_id))
