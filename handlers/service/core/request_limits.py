"""How much one request may carry, and the words that describe it to clients (pure, no I/O)."""

from __future__ import annotations

MAX_BODY_BYTES = 1_000_000
"""Default largest request body; deployments may set another (``max_body_bytes``)."""
MAX_IMPORT_BYTES = 20_000_000
"""Default largest file one import request may carry."""
LAMBDA_IMPORT_BYTES = 5_000_000
"""Through API Gateway and Lambda, whose request event may carry 6 MB: a text file (CSV,
JSON Lines) arrives as is; a gzipped one travels base64-encoded, 4/3 larger, so above
about 4.4 MB of gzip AWS refuses it before this limit is checked."""
LAMBDA_RESPONSE_BYTES = 6_000_000
"""A Lambda answer to API Gateway may carry at most 6 MB (it cannot be streamed)."""
MAX_ITEMS_PER_REQUEST = 1000
"""Default most list entries one sync request may carry (``max_items_per_request``)."""


def byte_size_text(size: int) -> str:
    """``"1 MB"``, ``"500 kB"`` or ``"1,234 bytes"``: decimal units, as HTTP limits are stated."""
    for unit, scale in (("MB", 1_000_000), ("kB", 1_000)):
        if size >= scale and size % scale == 0:
            return f"{size // scale:,} {unit}"
    return f"{size:,} bytes"


def size_limit_text(
    max_body_bytes: int = MAX_BODY_BYTES, max_items: int = MAX_ITEMS_PER_REQUEST
) -> str:
    """The one wording of the size limits, for 413 answers and the API description alike."""
    return (
        f"A request body may hold at most {byte_size_text(max_body_bytes)}"
        f" and {max_items:,} items per list."
    )
