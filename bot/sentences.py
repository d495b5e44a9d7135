"""A service's refusal as a person reads it, for every chat door (no I/O).

The API's messages name their field for a program (``minutes: must be …``); a chat says
``The time must be …``. Each door then escapes the sentence for its own markup.
"""

from __future__ import annotations

import re

_FIELD_PREFIX = re.compile(r"^([a-z_]+(?:\.[a-z_]+)*): (.+)$", re.DOTALL)
_FIELD_WORDS = {"at": "time", "date": "date", "minutes": "time"}
_PREDICATES = ("is ", "are ", "must ", "cannot ", "can't ", "has ", "needs ")


def person_sentence(message: str) -> str:
    """``message`` without the field name a program needs, as plain text."""
    found = _FIELD_PREFIX.match(message)
    if found is None:
        return message
    field, rest = found.groups()
    if rest.startswith(_PREDICATES):
        words = _FIELD_WORDS.get(field, field.rsplit(".", 1)[-1].replace("_", " "))
        return f"The {words} {rest}"
    return rest[:1].upper() + rest[1:]
