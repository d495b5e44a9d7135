"""Whether an API URL may receive the user's password: https, or plain http on loopback (no I/O)."""

from __future__ import annotations

import ipaddress
from urllib.parse import SplitResult, urlsplit

import httpx

INSECURE_FLAG = "--allow-insecure-http"


def url_problem(url: str, *, allow_insecure_http: bool = False) -> str | None:
    """Why credentials must not be sent to ``url``; ``None`` when they may.

    Basic credentials travel readable by anyone on the path unless the connection is
    encrypted, so plain ``http`` is only for this computer (a local ``serve``) unless the
    user explicitly accepts the risk.
    """
    parts = _parts(url)
    if parts is None:
        return f"the API URL is not a valid URL (check the host and port), got {url!r}"
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return f"the API URL must start with http:// or https:// and name a host, got {url!r}"
    if scheme == "https" or allow_insecure_http or is_loopback(parts.hostname):
        return None
    return (
        f"refusing to send the password over plain http to {parts.hostname}; "
        f"use an https:// API URL, or pass {INSECURE_FLAG} if you accept the risk"
    )


def _parts(url: str) -> SplitResult | None:
    """The URL's parts; ``None`` when it cannot be read (``http://[::1``, a port ``abc``)."""
    try:
        parts = urlsplit(url)
        _ = parts.port
        httpx.URL(url)
    except (ValueError, httpx.InvalidURL):
        return None
    return parts


def is_loopback(host: str) -> bool:
    """Whether a host name or address is this computer (127.0.0.0/8, ::1, localhost)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
