"""Resolving the ``spotify.link`` short links of ``watched.txt`` through Spotify (network I/O).

The requests go to Spotify's hosts only, on a client of their own that carries no
credentials; ``metadata_clients.short_links`` decides where a redirect may lead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import httpx

from metadata_clients.links import extract_links
from metadata_clients.short_links import ProviderUnavailable, ShortLinkError, resolve_short_link
from sync_script.model import LibraryScan
from sync_script.watched_lines import SHORT_LINK, with_resolved

USER_AGENT = "immersion-tracker-sync"


def spotify_client() -> httpx.Client:
    """A plain client for the short-link look-ups: no auth, no base URL, no redirects."""
    return httpx.Client(headers={"User-Agent": USER_AGENT}, follow_redirects=False)


def resolve_scan(
    scan: LibraryScan, http: httpx.Client | None, say: Callable[[str], None]
) -> LibraryScan:
    """The scan with each short link's episode id, or its line marked as kept and why."""
    links = list(
        dict.fromkeys(link for line in scan.lines if line.readable for link in line.short_links)
    )
    if not links:
        return scan
    resolved: dict[str, str] = {}
    failed: dict[str, str] = {}
    for link in links:
        if http is None:
            failed[link] = SHORT_LINK
            continue
        try:
            episode_link = resolve_short_link(http, link)
        except (ShortLinkError, ProviderUnavailable) as error:
            failed[link] = error.message
            continue
        resolved[link] = extract_links(episode_link).spotify_episode_ids[0]
    say(f"Resolved {len(resolved)} of {len(links)} spotify.link short links")
    return replace(scan, lines=with_resolved(scan.lines, resolved, failed))
