"""The range of sort keys a prefix covers, for stores that seek by key range (no I/O)."""

from __future__ import annotations

_HIGHEST_CODE_POINT = 0x10FFFF
_SURROGATES = range(0xD800, 0xE000)


def prefix_upper_bound(prefix: str) -> str | None:
    """The smallest string greater than every string starting with ``prefix``.

    ``None`` when there is none (empty prefix, or only U+10FFFF characters). A range
    ``prefix <= sk < bound`` selects exactly the keys with that prefix, treating every
    character literally, unlike LIKE or GLOB.
    """
    chars = list(prefix)
    while chars:
        code = ord(chars.pop())
        if code < _HIGHEST_CODE_POINT:
            code += 1
            if code in _SURROGATES:
                # Surrogates cannot be stored as UTF-8; the next storable character follows.
                code = _SURROGATES.stop
            return "".join(chars) + chr(code)
    return None
