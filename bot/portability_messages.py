"""/export as two documents, and importing a sent file: preview, progress, Undo (Telegram I/O).

The file is never kept between updates: the Import button sits on the bot's reply to the
user's document, and pressing it downloads that document again, so the flow works the
same by long polling and through the webhook Lambda.
"""

from __future__ import annotations

import asyncio
import io
import tempfile
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING

from telegram import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    Message,
    Update,
)
from telegram.constants import ParseMode

from bot.context import BotContext
from bot.formatting import short
from bot.replies import is_private, reply, require_user, service_errors_as_replies

if TYPE_CHECKING:
    from handlers.service import ImportReport, RowError

IMPORT, CANCEL, UNDO = "imp:go", "imp:no", "imp:undo:"
MAX_DOWNLOAD_BYTES = 20_000_000
"""The Bot API lets bots download files of at most 20 MB."""
_EDIT_EVERY_SECONDS = 2.0
_SPOOL_BYTES = 1_000_000
_SHOWN_ERRORS = 5
_SHOWN_NOTES = 7
"""Enough for what an import replaced and kept, and a few books left out: a message holds
at most 4,096 characters."""


@service_errors_as_replies
async def export(update: Update, context: BotContext) -> None:
    """Send the user's data as two files: every item (JSON Lines) and the history (CSV)."""
    user = await require_user(update, context)
    message = update.effective_message
    if user is None or message is None:
        return
    port = context.service.portability
    for name, chunks in (("jsonl", port.export_jsonl), ("csv", port.export_csv)):
        spooled = await context.call(_spool, chunks(user))
        with spooled:
            # python-telegram-bot reads the whole file for the upload; Telegram takes 50 MB.
            await message.reply_document(
                InputFile(spooled.read(), filename=port.export_name(user, name)),
                caption="Every item, as stored" if name == "jsonl" else "Your history",
            )


def _spool(chunks: Iterator[str]) -> tempfile.SpooledTemporaryFile[bytes]:
    # Large exports go to a temporary file rather than memory.
    # The caller sends and closes it.
    spooled: tempfile.SpooledTemporaryFile[bytes] = tempfile.SpooledTemporaryFile(  # noqa: SIM115
        _SPOOL_BYTES
    )
    for chunk in chunks:
        spooled.write(chunk.encode("utf-8"))
    spooled.seek(0)
    return spooled


class _TooBig(Exception):
    """The document is larger than the Bot API lets a bot download."""


async def _download(context: BotContext, message: Message | None) -> io.BytesIO | None:
    document = message.document if message is not None else None
    if document is None:
        return None
    if (document.file_size or 0) > MAX_DOWNLOAD_BYTES:
        raise _TooBig
    file = await context.bot.get_file(document.file_id)
    return io.BytesIO(bytes(await file.download_as_bytearray()))


@service_errors_as_replies
async def on_document(update: Update, context: BotContext) -> None:
    """A sent file: answer what importing it would do, with Import and Cancel buttons.
    Only in a private chat: in a group the bot answers commands addressed to it and links,
    and a file there is another member's to import, not whoever presses Import."""
    if not is_private(update):
        return
    user = await require_user(update, context)
    if user is None:
        return
    try:
        data = await _download(context, update.effective_message)
    except _TooBig:
        await reply(update, "⚠️ Telegram lets me read files of at most 20 MB; use "
                            "<code>immersion-tracker import</code> for larger ones.")
        return
    if data is None:
        return
    report = await context.call(context.service.portability.import_file, user, data,
                                dry_run=True)
    buttons = InlineKeyboardMarkup([[InlineKeyboardButton("Import", callback_data=IMPORT),
                                     InlineKeyboardButton("Cancel", callback_data=CANCEL)]])
    changes = report.added or report.replaced
    message = update.effective_message
    assert message is not None
    # Quoting the document is what lets the Import button find it again, statelessly.
    await message.reply_text(preview_text(report), parse_mode=ParseMode.HTML, do_quote=True,
                             reply_markup=buttons if changes else None)


def _entries(number: int, adjective: str = "") -> str:
    """``1 new entry``, ``2,000 new entries``."""
    return f"{number:,} {adjective}{'entry' if number == 1 else 'entries'}"


def preview_text(report: ImportReport) -> str:
    """What a dry run found, in a few lines."""
    lines = [f"A <b>{report.format}</b> export: {_entries(report.added, 'new ')}"
             f" ({report.minutes_added / 60:,.1f} h)"]
    if report.first_date:
        lines.append(f"from {report.first_date} to {report.last_date}")
    if report.skipped_duplicates:
        lines.append(f"{report.skipped_duplicates:,} "
                     f"{'is' if report.skipped_duplicates == 1 else 'are'} here already")
    lines += _note_lines(report.notes)
    lines += _error_lines(report.errors, report.error_count, done=False)
    if not report.added and not report.replaced:
        lines.append("Nothing new to import.")
    return "\n".join(lines)


def _restored(days: int) -> str:
    if not days:
        return ""
    if days == 1:
        return "; 1 day has its earlier figures back"
    return f"; {days:,} days have their earlier figures back"


def _note_lines(notes: list[str]) -> list[str]:
    """The import's notes, escaped (they may name a book), the first few of a long list."""
    shown = [short(note, 160) for note in notes[:_SHOWN_NOTES]]
    if len(notes) > _SHOWN_NOTES:
        shown.append(f"… and {len(notes) - _SHOWN_NOTES:,} more notes.")
    return shown


def _error_lines(errors: list[RowError], count: int, *, done: bool) -> list[str]:
    if not count:
        return []
    shown = [f"• line {e.line}: {short(e.message, 120)}" for e in errors[:_SHOWN_ERRORS]]
    rows = "1 row" if count == 1 else f"{count:,} rows"
    # A preview tells what will happen; the import's own answer what did.
    told = "couldn't be read and was skipped" if count == 1 and done else (
        "couldn't be read and were skipped" if done else "can't be read and will be skipped")
    return [f"{rows} {told}:", *shown]


@service_errors_as_replies
async def on_button(update: Update, context: BotContext) -> None:
    """Import, Cancel or Undo under an import's message."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    if query.data in (IMPORT, CANCEL) and not _sent_by_presser(query):
        await query.answer("Only whoever sent the file can import it.")
        return
    await query.answer()
    user = await context.linked_user(update)
    if user is None:
        return
    if query.data == CANCEL:
        await query.edit_message_text("Cancelled; nothing was imported.")
    elif query.data.startswith(UNDO):
        removed, restored = await context.call(context.service.portability.undo_import_counts,
                                               user, query.data.removeprefix(UNDO))
        await query.edit_message_text(f"Undone: removed {removed:,} entries{_restored(restored)}.")
    elif query.data == IMPORT:
        await _run_import(update, context, user)


def _sent_by_presser(query: CallbackQuery) -> bool:
    """Whether the file the preview quotes was sent by whoever pressed its button."""
    preview = query.message if isinstance(query.message, Message) else None
    document = preview.reply_to_message if preview is not None else None
    sender = document.from_user if document is not None else None
    return sender is not None and sender.id == query.from_user.id


async def _run_import(update: Update, context: BotContext, user: str) -> None:
    query = update.callback_query
    assert query is not None
    bot_message = query.message if isinstance(query.message, Message) else None
    data = await _download(context, bot_message.reply_to_message if bot_message else None)
    if data is None:
        await query.edit_message_text("I can't find that file any more; please send it again.")
        return
    await query.edit_message_text("Importing…")
    loop = asyncio.get_running_loop()
    last = [time.monotonic()]

    def progress(report: ImportReport) -> None:
        # Called from the import's thread; edits are throttled (Telegram limits them).
        if time.monotonic() - last[0] >= _EDIT_EVERY_SECONDS:
            last[0] = time.monotonic()
            text = f"Importing… {report.rows_read:,} rows read, {report.added:,} added"
            asyncio.run_coroutine_threadsafe(query.edit_message_text(text), loop)

    report = await context.call(context.service.portability.import_file, user, data,
                                progress=progress)
    undo = InlineKeyboardMarkup([[InlineKeyboardButton(
        "Undo", callback_data=UNDO + report.import_id)]])
    text = (f"Imported {_entries(report.added)} ({report.minutes_added / 60:,.1f} h) from a"
            f" <b>{report.format}</b> export.")
    if report.skipped_duplicates:
        text += (f" {report.skipped_duplicates:,} "
                 f"{'was' if report.skipped_duplicates == 1 else 'were'} here already.")
    text = "\n".join([text, *_note_lines(report.notes),
                      *_error_lines(report.errors, report.error_count, done=True)])
    await query.edit_message_text(text, parse_mode=ParseMode.HTML, reply_markup=undo)
