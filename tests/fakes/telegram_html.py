"""What Telegram refuses in an HTML-formatted text, as the fake Bot API checks it (pure).

Telegram answers ``400 can't parse entities`` to a ``<`` that opens no tag it supports, to
an end tag without its start, and to an unknown named entity; a bot that puts a user's text
into a reply unescaped fails there, so the fake refuses the same. It refuses a text longer
than Telegram takes, counted as Telegram counts it: the characters left once the tags and
entities are parsed.
"""

from __future__ import annotations

import re
from html import unescape

_TAGS = frozenset({"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span",
                   "tg-spoiler", "a", "code", "pre", "blockquote", "tg-emoji"})
_TAG = re.compile(r"<(/?)([a-z-]+)(?:\s[^<>]*)?>")
_NAMED_ENTITY = re.compile(r"&([A-Za-z]+);")
_ENTITIES = frozenset({"lt", "gt", "amp", "quot"})
MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024


def visible_length(text: str, *, html: bool) -> int:
    """How many characters Telegram counts in ``text`` (its tags parsed away in HTML)."""
    return len(unescape(_TAG.sub("", text))) if html else len(text)


def length_problem(params: dict[str, object]) -> str | None:
    """Telegram's refusal of a text or caption over its limit, or ``None``."""
    html = params.get("parse_mode") == "HTML"
    text, caption = params.get("text"), params.get("caption")
    if text is not None and visible_length(str(text), html=html) > MESSAGE_LIMIT:
        return "message is too long"
    if caption is not None and visible_length(str(caption), html=html) > CAPTION_LIMIT:
        return "message caption is too long"
    return None


def html_problem(text: str) -> str | None:
    """Why Telegram would refuse ``text`` as HTML, or ``None`` when it parses."""
    open_tags: list[str] = []
    at = 0
    while (at := text.find("<", at)) != -1:
        tag = _TAG.match(text, at)
        if tag is None or tag.group(2) not in _TAGS:
            return f"unsupported start tag at byte offset {at}"
        closing, name = tag.groups()
        if closing and (not open_tags or open_tags.pop() != name):
            return f"unexpected end tag at byte offset {at}"
        if not closing:
            open_tags.append(name)
        at = tag.end()
    if open_tags:
        return f"can't find end tag corresponding to start tag {open_tags[-1]}"
    unknown = next((m for m in _NAMED_ENTITY.finditer(text) if m.group(1) not in _ENTITIES),
                   None)
    return f"unsupported HTML entity at byte offset {unknown.start()}" if unknown else None
