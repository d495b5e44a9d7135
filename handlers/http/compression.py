"""Gzip for the API's JSON answers on the local server: when it pays, and the answer (no I/O).

The web page's first visit reads a year of ``/stats`` and more; JSON shrinks to about a
tenth. Only a whole JSON (or text) body of at least :data:`MIN_BYTES` is compressed, for a
client whose ``Accept-Encoding`` takes gzip: never a streamed export (its bytes leave as
they are produced), an image (already compressed), a ``HEAD``, a 204 or a 304. API Gateway
compresses on its own (``minimum_compression_size``), so the Lambda adapter never does.
"""

from __future__ import annotations

import gzip
from dataclasses import replace

from handlers.http.exchange import ApiResponse, header_of

MIN_BYTES = 1024
"""Below about a kilobyte gzip's header and the work save nothing worth having."""
LEVEL = 6
"""zlib's default: nearly level 9's size at a fraction of its time, per request."""
_TYPES = ("application/json", "text/")
_NO_BODY = frozenset({204, 304})


def accepts_gzip(accept_encoding: str | None) -> bool:
    """Whether ``Accept-Encoding`` takes gzip (``q=0`` refuses it; ``*`` stands for it)."""
    if not accept_encoding:
        return False
    weights: dict[str, float] = {}
    for part in accept_encoding.split(","):
        coding, _, params = part.partition(";")
        weight = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0  # an unreadable weight is no promise to decode
        weights[coding.strip().lower()] = weight
    if "gzip" in weights:
        return weights["gzip"] > 0
    return weights.get("*", 0.0) > 0


def compressible(method: str, response: ApiResponse) -> bool:
    """Whether the answer's bytes depend on ``Accept-Encoding`` (so it varies on it)."""
    content_type = (header_of(response.headers, "Content-Type") or "").lower()
    return (
        method.upper() != "HEAD"
        and response.status not in _NO_BODY
        and response.stream is None
        and response.binary is None
        and header_of(response.headers, "Content-Encoding") is None
        and content_type.startswith(_TYPES)
        and len(response.body) >= MIN_BYTES  # characters: at most the bytes, never more
    )


def negotiated(method: str, accept_encoding: str | None, response: ApiResponse) -> ApiResponse:
    """The answer to send: gzipped when worth it and the client takes gzip, else as it is."""
    if not compressible(method, response):
        return response
    headers = _with(response.headers, "Vary", _vary(response.headers))
    if not accepts_gzip(accept_encoding):
        return replace(response, headers=headers)
    headers["Content-Encoding"] = "gzip"
    etag = header_of(headers, "ETag")
    if etag is not None and not etag.startswith("W/"):
        # A strong ETag names exact bytes; the gzipped ones are other bytes.
        headers = _with(headers, "ETag", "W/" + etag)
    packed = gzip.compress(response.body.encode("utf-8"), compresslevel=LEVEL, mtime=0)
    return replace(response, body="", binary=packed, headers=headers)


def _with(headers: dict[str, str], name: str, value: str) -> dict[str, str]:
    """``headers`` with ``name`` set to ``value``, whatever the case it was given in."""
    return {**{k: v for k, v in headers.items() if k.lower() != name.lower()}, name: value}


def _vary(headers: dict[str, str]) -> str:
    present = header_of(headers, "Vary")
    if not present:
        return "Accept-Encoding"
    if "accept-encoding" in present.lower():
        return present
    return present + ", Accept-Encoding"
