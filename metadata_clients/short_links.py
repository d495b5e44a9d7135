"""Resolving ``spotify.link`` short links to the episode link they stand for (network I/O).

One function, ``resolve_short_link(http, url)``: it follows redirects by hand, only over
``https`` and only to Spotify's own hosts (``ALLOWED_HOSTS``), at most ``MAX_REDIRECTS``
hops, reads at most ``MAX_BODY_BYTES`` of a landing page (streamed, never the whole body),
and gives up after ``timeout`` seconds per request and twice that in all. It returns
``https://open.spotify.com/episode/<id>`` or raises ``ShortLinkError`` (the link leads
elsewhere or to no episode) or ``ProviderUnavailable`` (Spotify did not answer). Redirects
are never followed to another host, so a short link cannot make us fetch an internal
address (loopback, a cloud instance's metadata service) on its behalf.
"""

from __future__ import annotations

import time

import httpx

from metadata_clients.errors import ProviderError, ProviderUnavailable
from metadata_clients.links import extract_links

__all__ = [
    "ALLOWED_HOSTS",
    "MAX_BODY_BYTES",
    "MAX_REDIRECTS",
    "ProviderUnavailable",
    "ShortLinkError",
    "resolve_short_link",
]

PROVIDER = "Spotify"
ALLOWED_HOSTS = frozenset({"spotify.link", "open.spotify.com", "spotify.app.link"})
"""Hosts a short link may lead through, besides subdomains of ``spotify.link``."""
MAX_REDIRECTS = 5
MAX_BODY_BYTES = 256 * 1024
"""A landing page may carry the target only in its HTML; only this much of it is read."""
CHUNK_BYTES = 16 * 1024
DEFAULT_TIMEOUT = 10.0
EPISODE_LINK = "https://open.spotify.com/episode/{}"


class ShortLinkError(ProviderError):
    """A short link that does not lead, safely, to a Spotify episode."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(PROVIDER, f"The short link {url} cannot be used: {reason}.")
        self.url = url
        self.reason = reason


def resolve_short_link(http: httpx.Client, url: str, *, timeout: float = DEFAULT_TIMEOUT) -> str:
    """The ``https://open.spotify.com/episode/<id>`` link a Spotify short link points to.

    ``http`` must carry no credentials (the requests go to Spotify). Raises
    ``ShortLinkError`` or ``ProviderUnavailable``; never follows a redirect elsewhere.
    """
    deadline = time.monotonic() + 2 * timeout
    current = _allowed(url, url)
    for _ in range(MAX_REDIRECTS + 1):
        if current.host == "open.spotify.com":
            # The id is in the address: Spotify's own pages are never fetched, and a show
            # page lists many episodes, none of which is the one meant.
            return _episode_or_error(url, str(current))
        if time.monotonic() > deadline:
            raise ProviderUnavailable(PROVIDER, "the short link answered too slowly")
        try:
            with http.stream(
                "GET",
                current,
                follow_redirects=False,
                timeout=timeout,
                headers={"Accept-Encoding": "identity"},
            ) as response:
                if response.is_redirect:
                    current = _allowed(url, _join(response))
                    continue
                if not response.is_success:
                    raise ShortLinkError(url, f"Spotify answered {response.status_code}")
                page = _read_prefix(url, response, deadline)
        except httpx.HTTPError:
            raise ProviderUnavailable(PROVIDER, "the short link did not answer") from None
        return _episode_or_error(url, page)
    raise ShortLinkError(url, f"it redirects more than {MAX_REDIRECTS} times")


def _allowed(original: str, target: str) -> httpx.URL:
    """``target`` as a URL when it is ``https`` on a Spotify host and default port."""
    try:
        parsed = httpx.URL(target)
    except (httpx.InvalidURL, ValueError, TypeError):
        raise ShortLinkError(original, "it leads to an unreadable address") from None
    host = parsed.host.lower()
    spotify = host in ALLOWED_HOSTS or host.endswith(".spotify.link")
    if parsed.scheme != "https" or not spotify or parsed.port not in (None, 443):
        shown = f"{parsed.scheme}://{host}" if host else target[:80]
        raise ShortLinkError(original, f"it leads outside Spotify ({shown})")
    return parsed


def _join(response: httpx.Response) -> str:
    return str(response.url.join(response.headers["Location"]))


def _read_prefix(url: str, response: httpx.Response, deadline: float) -> str:
    """At most ``MAX_BODY_BYTES`` of the body, streamed; the rest is never downloaded."""
    if response.headers.get("Content-Encoding", "identity").lower() not in ("identity", ""):
        # A compressed page could expand far beyond the byte cap.
        raise ShortLinkError(url, "Spotify answered a compressed page")
    data = bytearray()
    # Content-Encoding is identity (checked above), so decoding expands nothing.
    for chunk in response.iter_bytes(CHUNK_BYTES):
        data += chunk[: MAX_BODY_BYTES - len(data)]
        if len(data) >= MAX_BODY_BYTES:
            break
        if time.monotonic() > deadline:
            raise ProviderUnavailable(PROVIDER, "the short link answered too slowly")
    return data.decode("utf-8", "replace")


def _episode_or_error(url: str, text: str) -> str:
    found = extract_links(text)
    if found.spotify_episode_ids:
        return EPISODE_LINK.format(found.spotify_episode_ids[0])
    if found.spotify_show_ids:
        raise ShortLinkError(url, "it leads to a whole podcast, not one episode")
    raise ShortLinkError(url, "it does not lead to a podcast episode")
