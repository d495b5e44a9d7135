"""Resolving ``spotify.link`` short links to the open.spotify.com link they stand for (does I/O)."""

from __future__ import annotations

import httpx

from metadata_clients.errors import ProviderUnavailable
from metadata_clients.links import ExtractedLinks, extract_links

PROVIDER = "Spotify"
MAX_REDIRECTS = 5
# A browser-facing landing page may carry the target only in its HTML; read a bounded prefix.
MAX_PAGE_CHARACTERS = 200_000


def resolve_short_link(http: httpx.Client, url: str, *, timeout: float = 10.0) -> ExtractedLinks:
    """The episode or show a short link points to; empty when it points elsewhere.

    Follows at most ``MAX_REDIRECTS`` redirects by hand, stopping at the first Location that
    is a Spotify episode or show link. Raises ``ProviderUnavailable`` on network failure.
    """
    current = url
    try:
        for _ in range(MAX_REDIRECTS + 1):
            response = http.get(current, follow_redirects=False, timeout=timeout)
            if not response.is_redirect:
                found = extract_links(response.text[:MAX_PAGE_CHARACTERS])
                return ExtractedLinks(spotify_episode_ids=found.spotify_episode_ids,
                                      spotify_show_ids=found.spotify_show_ids)
            location = str(response.url.join(response.headers["Location"]))
            found = extract_links(location)
            if found.spotify_episode_ids or found.spotify_show_ids:
                return ExtractedLinks(spotify_episode_ids=found.spotify_episode_ids[:1],
                                      spotify_show_ids=found.spotify_show_ids[:1])
            current = location
    except httpx.HTTPError:
        raise ProviderUnavailable(PROVIDER, "the short link did not answer") from None
    return ExtractedLinks()
