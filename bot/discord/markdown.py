"""The chat replies' HTML (shared with Telegram) as Discord markdown (no I/O).

The reply texts are written once, in Telegram's small HTML subset; Discord shows
markdown. Tags become their markdown marks, entities become characters, and text outside
code has markdown's special characters escaped, so a title such as ``*Kokoro*`` renders
as typed.
"""

from __future__ import annotations

import re
from html import unescape

CONTENT_LIMIT = 2000
"""Discord's longest message content."""
_TAG = re.compile(r"<(/?)([a-z]+)(?:\s+href=\"([^\"]*)\")?\s*>", re.IGNORECASE)
_MARKS = {"b": "**", "strong": "**", "i": "*", "em": "*", "u": "__", "s": "~~", "code": "`",
          "pre": "```"}
_SPECIAL = re.compile(r"([\\*_~`|\[\]])")


def _escape(text: str) -> str:
    # Marks around words and links; ``#``, ``-`` and ``>`` only matter at a line's start,
    # where the reply texts always put their own words or an emoji.
    return _SPECIAL.sub(r"\\\1", unescape(text))


def to_markdown(html: str) -> str:
    """``<b>48 min</b> of anime — &lt;b&gt;`` → ``**48 min** of anime — <b>``."""
    parts: list[str] = []
    position, in_code, link = 0, False, ""
    for match in _TAG.finditer(html):
        text = html[position:match.start()]
        parts.append(unescape(text) if in_code else _escape(text))
        position = match.end()
        closing, tag, href = match.group(1) == "/", match.group(2).lower(), match.group(3)
        if tag == "a":
            if closing and link:
                parts.append(f" (<{link}>)")
            link = "" if closing else unescape(href or "")
            continue
        mark = _MARKS.get(tag, "")
        if tag in ("code", "pre"):
            in_code = not closing
        parts.append(mark)
    tail = html[position:]
    parts.append(unescape(tail) if in_code else _escape(tail))
    return "".join(parts)


def fit(text: str) -> str:
    """Within Discord's limits: never empty, at most 2,000 characters."""
    text = text.strip() or "Done."
    if len(text) <= CONTENT_LIMIT:
        return text
    return text[: CONTENT_LIMIT - 1] + "…"
