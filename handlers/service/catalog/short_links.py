"""spotify.link short links in a message, replaced by the episode links they lead to
(network I/O to Spotify's hosts only, through the hardened resolver)."""

from __future__ import annotations

import httpx

from handlers.service.core.errors import InvalidInput, ServiceUnavailable
from metadata_clients import errors as provider_errors
from metadata_clients.links import extract_links
from metadata_clients.short_links import ShortLinkError, resolve_short_link

MAX_SHORT_LINKS = 5
"""Short links resolved per message: each may take a few redirects."""


def expand(text: str, transport: httpx.BaseTransport | None = None) -> str:
    """``text`` with each of its short links replaced by the episode link it leads to.

    The client carries no credentials and follows no redirect by itself: the resolver
    checks every hop stays on a Spotify host. A link that leads elsewhere is InvalidInput.
    """
    short = extract_links(text).spotify_short_links[:MAX_SHORT_LINKS]
    if not short:
        return text
    with httpx.Client(transport=transport, follow_redirects=False) as http:
        for url in short:
            try:
                resolved = resolve_short_link(http, url)
            except ShortLinkError as error:
                raise InvalidInput(str(error)) from None
            except provider_errors.ProviderError as error:
                raise ServiceUnavailable(str(error)) from error
            # The message may have the link with or without its scheme.
            text = text.replace(url, resolved).replace(url.removeprefix("https://"), resolved)
    return text
