"""Telegram's longest message, kept by cutting an HTML text where it may be cut (pure).

Telegram refuses a text longer than 4,096 characters once its tags and entities are parsed,
and the user then gets no answer at all; a reply cut short with ``…`` still tells them what
happened. A cut never splits a tag or an entity, and the tags it leaves open are closed.
"""

from __future__ import annotations

import re

MESSAGE_LIMIT = 4096
_MARKUP = re.compile(r"<(/?)([a-z-]+)[^<>]*>|&#?[A-Za-z0-9]+;|.", re.DOTALL)


def fit_html(text: str, limit: int = MESSAGE_LIMIT) -> str:
    """``text`` itself when Telegram counts at most ``limit`` characters in it, else cut to
    ``limit - 1`` of them with ``…`` and its open tags closed."""
    pieces: list[str] = []
    open_tags: list[str] = []
    counted = 0
    for part in _MARKUP.finditer(text):
        closing, tag = part.group(1), part.group(2)
        if tag is None:
            counted += 1
            if counted >= limit and part.end() < len(text):
                return "".join(pieces) + "…" + "".join(f"</{t}>" for t in reversed(open_tags))
        elif closing:
            if open_tags:
                open_tags.pop()
        else:
            open_tags.append(tag)
        pieces.append(part.group(0))
    return text
