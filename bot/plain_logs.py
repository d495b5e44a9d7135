"""Plain messages such as "watched 30 min of anime": guesses offered as buttons, never
logged silently (Telegram and store I/O through the service).

A guess is written back in ``/log``'s own text form (``30m anime``), so the button that
confirms it carries exactly what will be logged, within Telegram's 64 bytes.
"""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, MaybeInaccessibleMessage, Update

from bot.context import BotContext
from bot.entries import activity_name
from bot.log_command import send_logged
from bot.replies import reply, service_errors_as_replies
from handlers.service import LogTextError, parse_log_text

if TYPE_CHECKING:
    from handlers.service import LogText

MAX_GUESSES = 3
_CALLBACK_BYTES = 64
_VERBS = {
    "watched": ("anime", "video", "tv"), "watch": ("anime", "video", "tv"),
    "read": ("reading", "manga", "book"), "listened": ("podcast", "audiobook", "audio"),
    "played": ("game",), "studied": ("other",),
}
_FILLER = {"i", "just", "have", "did", "to", "of", "for", "some", "a", "an", "the", "about",
           "around", "worth"}
_UNITS = {"episodes": "ep", "pages": "p", "characters": "c"}


def _compact(said: LogText) -> str:
    """The log in ``/log``'s text form, title dropped if it would not fit a button."""
    if said.minutes is not None:
        quantity = f"{said.minutes:g}m"
    else:
        quantity = f"{said.amount:g}{_UNITS[said.unit or 'episodes']}"
    parts = [quantity, said.activity, said.title, said.day or ""]
    text = " ".join(part for part in parts if part)
    if len(f"xl:{text}".encode()) > _CALLBACK_BYTES:
        text = " ".join(part for part in (quantity, said.activity, said.day or "") if part)
    return text


def guesses(text: str) -> list[str]:
    """What a plain message may mean as logs (none when it has no amount)."""
    words = re.sub(r"[!?.,;]+(\s|$)", " ", text).split()
    numbered = [i for i, word in enumerate(words) if any(c.isdigit() for c in word)]
    if not numbered or len(words) > 12:
        return []
    lowered = [word.lower() for word in words]
    verbs = [_VERBS[word] for word in lowered if word in _VERBS]
    # From the amount on, as /log reads it ("2 episodes of Frieren"); or with the filler
    # dropped, for an activity named before the amount ("watched anime for 30 min").
    tail = words[numbered[0]:]
    kept = [w for w, low in zip(words, lowered, strict=True)
            if low not in _FILLER and low not in _VERBS]
    for attempt in (tail, kept):
        said = _parsed(" ".join(attempt))
        if said is not None:
            return [said]
    # No activity named: the verb suggests a few ("read" → reading, manga, book).
    tries = [" ".join([activity, *tail]) for activities in verbs[:1]
             for activity in _suggested(activities, tail)]
    found = [said for said in map(_parsed, tries) if said is not None]
    return list(dict.fromkeys(found))[:MAX_GUESSES]


def _suggested(activities: tuple[str, ...], tail: list[str]) -> tuple[str, ...]:
    """Characters read are most often a visual novel's: offer that first."""
    try:
        unit = parse_log_text(" ".join(["other", *tail])).unit
    except LogTextError:
        unit = None
    if unit == "characters" and "reading" in activities:
        return ("visual_novel", *activities)
    return activities


def _parsed(text: str) -> str | None:
    try:
        return _compact(parse_log_text(text))
    except LogTextError:
        return None


def _label(candidate: str) -> str:
    quantity, _, rest = candidate.partition(" ")
    return f"✅ {quantity} {activity_name(rest)}"[:60]


async def offer(update: Update, candidates: list[str]) -> None:
    """Ask which log the message meant, one button each, and No."""
    rows = [[InlineKeyboardButton(_label(c), callback_data=f"xl:{c}")] for c in candidates]
    rows.append([InlineKeyboardButton("✖️ No", callback_data="xl")])
    await reply(update, "Log this?" if len(candidates) == 1 else "Which one should I log?",
                InlineKeyboardMarkup(rows))


def _confirm_key(message: MaybeInaccessibleMessage | None, text: str) -> str | None:
    """The idempotency key of one button of one question: tapped twice, it logs once."""
    if message is None:
        return None
    choice = hashlib.sha256(text.encode()).hexdigest()[:32]
    return f"telegram-confirm:{message.chat.id}:{message.message_id}:{choice}"


@service_errors_as_replies
async def on_button(update: Update, context: BotContext) -> None:
    """A confirmed guess is logged like ``/log`` would; No removes the question."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    _, _, text = query.data.partition(":")
    user = await context.linked_user(update)
    if not text or user is None:
        await query.answer("Not logged.")
        await query.edit_message_text("Not logged.")
        return
    logged = await context.call(context.service.logbook.log_text, user, text, "bot",
                                _confirm_key(query.message, text))
    if logged.repeated:  # a second tap on the same button: logged once already
        await query.answer("Already logged.")
        return
    await query.answer("Logged.")
    await query.edit_message_reply_markup(None)
    await send_logged(update, context, user, logged)
