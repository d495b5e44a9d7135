"""A shared Spotify show or YouTube playlist on Discord: what it holds, then "Log all" or
Cancel (provider and store I/O through the service).

The summary and the button's ``custom_id`` are Telegram's, and pressing it makes the same
service call, so a show logs the same in both chats. Looking a show up and logging it call
the providers, so both are deferred; the logged answer replaces the summary, buttons and
all, so it cannot be pressed twice by accident.
"""

from __future__ import annotations

from bot.chat_replies import log_all_reply
from bot.discord.answers import SECONDARY, SUCCESS, Button, Reply, refusal
from bot.discord.calls import Call, Later, Outcome
from bot.whole_show_texts import (
    collection_lines,
    log_all_data,
    log_all_label,
    noun,
    offers_buttons,
    parse_log_all,
)
from handlers.service import CollectionKind

CANCEL = "xc"
"""Telegram's Cancel under a shared show."""
NOT_MINE = "That button is not one of mine; use /help to see what I do."


def offer(call: Call, user: str, kind: CollectionKind, collection_id: str) -> Reply:
    """What the show or playlist holds, with "Log all" and Cancel."""
    show = call.service.whole_shows.collection(user, kind, collection_id)
    lines = collection_lines(show)
    if not offers_buttons(show):
        return Reply("\n".join(lines))
    lines.append(f"Log every {noun(show.kind)} of it with the button below.")
    return Reply("\n".join(lines), rows=((
        Button(log_all_label(show), log_all_data(show), SUCCESS),
        Button("Cancel", CANCEL, SECONDARY)),))


def press_log_all(call: Call, user: str) -> Outcome:
    """ "Log all": deferred, then the summary is replaced by what was logged."""
    named = parse_log_all(call.interaction.custom_id)
    if named is None:
        return refusal(NOT_MINE)
    kind, collection_id = named
    return Later(lambda: Reply(log_all_reply(call.service, user, kind, collection_id)),
                 update=True)
