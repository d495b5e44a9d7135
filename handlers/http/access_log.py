"""Access-log hygiene: capture tokens never reach a log line (no I/O of its own).

Plex cannot send headers, so its token rides in ``?token=``, which servers log as part of
the path; this filter rewrites a record's arguments before any handler formats them.
"""

from __future__ import annotations

import logging
import re

_QUERY_TOKEN = re.compile(r"(?i)([?&]token=)[^&\s\"']*")
_BARE_TOKEN = re.compile(r"itk_[A-Za-z0-9_.\-]+")
"""A token's characters: base64url parts joined by dots (``itk_<user>.<id>.<random>``)."""


def redacted(text: str) -> str:
    """``text`` with every capture token, in a query or bare, replaced by ``[redacted]``."""
    return _BARE_TOKEN.sub("itk_[redacted]", _QUERY_TOKEN.sub(r"\1[redacted]", text))


class RedactTokens(logging.Filter):
    """Rewrites the message and string arguments of every record it sees."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redacted(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redacted(a) if isinstance(a, str) else a for a in record.args)
        return True


def install(logger_name: str = "uvicorn.access") -> None:
    """Add the filter to ``logger_name`` once (uvicorn's access log by default)."""
    logger = logging.getLogger(logger_name)
    if not any(isinstance(f, RedactTokens) for f in logger.filters):
        logger.addFilter(RedactTokens())
