"""spotify.link short links resolved through redirects (MockTransport stands in for Spotify)."""

from __future__ import annotations

import httpx
import pytest

from metadata_clients.errors import ProviderUnavailable
from metadata_clients.links import ExtractedLinks
from metadata_clients.short_links import MAX_REDIRECTS, resolve_short_link

EPISODE = "4qjerzMw8jfD30VOG0tjpK"


def _client(handle: httpx.MockTransport) -> httpx.Client:
    return httpx.Client(transport=handle)


def test_redirect_to_an_episode() -> None:
    seen: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(307, headers={
            "Location": f"https://open.spotify.com/episode/{EPISODE}?si=abc&_branch_match_id=1"})

    found = resolve_short_link(_client(httpx.MockTransport(handle)), "https://spotify.link/Ab1")
    assert found == ExtractedLinks(spotify_episode_ids=(EPISODE,))
    assert seen == ["https://spotify.link/Ab1"], "the episode page itself is never fetched"


def test_landing_page_carrying_the_link_in_its_html() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path != "/landing":
            return httpx.Response(302, headers={"Location": "/landing"})
        page = f'<a href="https://open.spotify.com/show/{EPISODE}">Open</a>'
        return httpx.Response(200, text=page)

    found = resolve_short_link(_client(httpx.MockTransport(handle)), "https://spotify.link/x")
    assert found == ExtractedLinks(spotify_show_ids=(EPISODE,))


def test_redirect_loop_is_bounded_and_gives_nothing() -> None:
    seen: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(301, headers={"Location": "https://spotify.link/loop"})

    found = resolve_short_link(_client(httpx.MockTransport(handle)), "https://spotify.link/loop")
    assert found.is_empty
    assert len(seen) == MAX_REDIRECTS + 1


def test_network_failure_is_unavailable() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("no route")

    with pytest.raises(ProviderUnavailable, match="short link"):
        resolve_short_link(_client(httpx.MockTransport(handle)), "https://spotify.link/x")
