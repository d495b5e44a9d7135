"""Interaction responses and message bodies in Discord's shapes (no I/O).

A :class:`Reply` is what a command or a button answers: text (the shared HTML), whether
only the asker sees it, buttons, and files. The door turns it into the interaction
response (type 4 or 7) or into the body of a follow-up ``PATCH``.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

from bot.discord.markdown import fit, to_markdown

PONG, MESSAGE, DEFERRED, DEFERRED_UPDATE, UPDATE, MODAL = 1, 4, 5, 6, 7, 9
EPHEMERAL = 64
SUPPRESS_EMBEDS = 4
"""Links in replies are not unfurled: a reply lists many titles, not one preview."""
PRIMARY, SECONDARY, SUCCESS, DANGER = 1, 2, 3, 4
MAX_BUTTONS_PER_ROW, MAX_ROWS, MAX_LABEL, MAX_CUSTOM_ID = 5, 5, 80, 100
MAX_SENTENCE = 300
"""The longest refusal: one sentence."""


@dataclass(frozen=True)
class Button:
    label: str
    custom_id: str
    style: int = SECONDARY


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    content_type: str = "application/octet-stream"


@dataclass(frozen=True)
class Reply:
    """One answer: the shared HTML text, who sees it, its buttons and files."""

    html: str
    ephemeral: bool = False
    rows: tuple[tuple[Button, ...], ...] = ()
    files: tuple[Attachment, ...] = ()
    update: bool = False
    """Replace the message a button sits on instead of sending a new one."""


def refusal(sentence: str) -> Reply:
    """An ephemeral one-sentence answer (bad input, unknown command, stale button).

    The sentence is plain text (it may quote what the user typed), never markup."""
    text = sentence.strip() or "That did not work."
    if len(text) > MAX_SENTENCE:
        text = text[: MAX_SENTENCE - 1] + "…"
    return Reply(escape(text, quote=False), ephemeral=True)


def components(rows: tuple[tuple[Button, ...], ...]) -> list[dict[str, Any]]:
    """Action rows of buttons, cut to Discord's limits."""
    return [{"type": 1, "components": [
        {"type": 2, "style": b.style, "label": b.label[:MAX_LABEL],
         "custom_id": b.custom_id[:MAX_CUSTOM_ID]} for b in row[:MAX_BUTTONS_PER_ROW]]}
        for row in rows[:MAX_ROWS] if row]


def message_data(reply: Reply) -> dict[str, Any]:
    """The message fields of a reply (content, flags, components, attachment list)."""
    data: dict[str, Any] = {
        "content": fit(to_markdown(reply.html)),
        "flags": SUPPRESS_EMBEDS | (EPHEMERAL if reply.ephemeral else 0),
        "components": components(reply.rows),
        "allowed_mentions": {"parse": []},
    }
    if reply.files:
        data["attachments"] = [{"id": n, "filename": f.filename}
                               for n, f in enumerate(reply.files)]
    return data


def response(reply: Reply) -> dict[str, Any]:
    """The interaction response answering at once (type 4, or 7 for a button's update)."""
    return {"type": UPDATE if reply.update else MESSAGE, "data": message_data(reply)}


def deferred(ephemeral: bool, update: bool = False) -> dict[str, Any]:
    """Type 5: "thinking…", the answer follows by ``PATCH @original``; type 6 for a button
    whose answer will replace its own message (``@original`` is then that message)."""
    if update:
        return {"type": DEFERRED_UPDATE}
    return {"type": DEFERRED, "data": {"flags": EPHEMERAL if ephemeral else 0}}


@dataclass(frozen=True)
class TextInput:
    custom_id: str
    label: str
    value: str = ""
    placeholder: str = ""


@dataclass(frozen=True)
class Modal:
    """A form (type 9): its submission comes back as an interaction with ``custom_id``."""

    custom_id: str
    title: str
    inputs: tuple[TextInput, ...] = ()


def modal_response(modal: Modal) -> dict[str, Any]:
    return {"type": MODAL, "data": {
        "custom_id": modal.custom_id[:MAX_CUSTOM_ID], "title": modal.title[:45],
        "components": [{"type": 1, "components": [{
            "type": 4, "style": 1, "custom_id": i.custom_id, "label": i.label[:45],
            "required": False, "value": i.value[:4000], "placeholder": i.placeholder[:100],
        }]} for i in modal.inputs[:5]]}}
