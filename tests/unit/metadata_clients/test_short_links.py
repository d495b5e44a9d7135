"""spotify.link short links resolved through redirects (MockTransport stands in for Spotify)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest

from metadata_clients.errors import ProviderUnavailable
from metadata_clients.short_links import (
    CHUNK_BYTES,
    MAX_BODY_BYTES,
    MAX_REDIRECTS,
    ShortLinkError,
    resolve_short_link,
)

EPISODE = "4qjerzMw8jfD30VOG0tjpK"
EPISODE_LINK = f"https://open.spotify.com/episode/{EPISODE}"
SHORT = "https://spotify.link/Ab1"

Handler = Callable[[httpx.Request], httpx.Response]


def _resolve(handle: Handler, url: str = SHORT) -> tuple[str, list[str]]:
    """Resolve through ``handle``; the result and every URL requested."""
    seen: list[str] = []

    def recording(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return handle(request)

    with httpx.Client(transport=httpx.MockTransport(recording)) as client:
        return resolve_short_link(client, url), seen


def _redirect(location: str) -> Handler:
    """Spotify's short-link host redirecting to ``location``; anything else answers 200."""

    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.host == "spotify.link":
            return httpx.Response(307, headers={"Location": location})
        return httpx.Response(200, text=f'<a href="{EPISODE_LINK}">')

    return handle


def test_a_redirect_to_an_episode_gives_its_link_without_fetching_it() -> None:
    found, seen = _resolve(_redirect(f"{EPISODE_LINK}?si=abc&_branch_match_id=1"))
    assert found == EPISODE_LINK
    assert seen == [SHORT]


def test_a_hop_through_another_spotify_host_is_followed() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.host == "spotify.link":
            return httpx.Response(302, headers={"Location": "https://spotify.app.link/x?y=1"})
        location = f"https://open.spotify.com/intl-de/episode/{EPISODE}"
        return httpx.Response(301, headers={"Location": location})

    found, seen = _resolve(handle)
    assert found == EPISODE_LINK
    assert seen == [SHORT, "https://spotify.app.link/x?y=1"]


def test_a_landing_page_carrying_the_link_in_its_html() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path != "/landing":
            return httpx.Response(302, headers={"Location": "/landing"})
        return httpx.Response(200, text=f'<meta content="{EPISODE_LINK}?si=1">')

    assert _resolve(handle)[0] == EPISODE_LINK


@pytest.mark.parametrize(
    "location",
    [
        "http://127.0.0.1/admin",
        "https://127.0.0.1/admin",
        "http://169.254.169.254/latest/meta-data/",
        "https://169.254.169.254/latest/meta-data/",
        "https://example.org/episode",
        "https://open.spotify.com.evil.org/episode/x",
        "http://open.spotify.com/x",
        "https://spotify.link:8443/x",
        "file:///etc/passwd",
    ],
)
def test_a_redirect_outside_spotify_is_never_followed(location: str) -> None:
    seen: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(307, headers={"Location": location})

    with (
        httpx.Client(transport=httpx.MockTransport(handle)) as client,
        pytest.raises(ShortLinkError, match="leads outside Spotify"),
    ):
        resolve_short_link(client, SHORT)
    assert seen == [SHORT]


@pytest.mark.parametrize("url", ["http://spotify.link/Ab1", "https://example.org/Ab1"])
def test_a_link_that_is_not_a_spotify_https_link_is_not_fetched(url: str) -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        raise AssertionError(f"fetched {request.url}")

    with pytest.raises(ShortLinkError, match="outside Spotify"):
        _resolve(handle, url)


def test_an_endless_redirect_loop_stops_after_the_allowed_hops() -> None:
    seen: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(301, headers={"Location": "https://spotify.link/loop"})

    with (
        httpx.Client(transport=httpx.MockTransport(handle)) as client,
        pytest.raises(ShortLinkError, match=f"more than {MAX_REDIRECTS} times"),
    ):
        resolve_short_link(client, SHORT)
    assert len(seen) == MAX_REDIRECTS + 1


def test_a_huge_page_is_read_only_up_to_the_byte_cap() -> None:
    sent: list[int] = []

    def endless() -> Iterator[bytes]:
        for _ in range(150 * 1024 * 1024 // CHUNK_BYTES):  # 150 MB if read to the end
            sent.append(CHUNK_BYTES)
            yield b"x" * CHUNK_BYTES

    def handle(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=endless())

    with pytest.raises(ShortLinkError, match="does not lead to a podcast episode"):
        _resolve(handle)
    assert sum(sent) <= MAX_BODY_BYTES + CHUNK_BYTES


def test_a_compressed_page_is_not_decompressed() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        assert request.headers["Accept-Encoding"] == "identity"
        return httpx.Response(200, content=b"\x1f\x8b", headers={"Content-Encoding": "gzip"})

    with pytest.raises(ShortLinkError, match="compressed"):
        _resolve(handle)


def test_every_request_has_a_timeout() -> None:
    timeouts: list[object] = []

    def handle(request: httpx.Request) -> httpx.Response:
        timeouts.append(request.extensions["timeout"])
        return httpx.Response(307, headers={"Location": "https://spotify.app.link/x"})

    with (
        httpx.Client(transport=httpx.MockTransport(handle), timeout=60.0) as client,
        pytest.raises(ShortLinkError),
    ):
        resolve_short_link(client, SHORT, timeout=3.0)
    assert timeouts and all(
        t == {"connect": 3.0, "read": 3.0, "write": 3.0, "pool": 3.0} for t in timeouts
    )


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (httpx.Response(307, headers={"Location": f"https://open.spotify.com/show/{EPISODE}"}),
         "whole podcast"),
        (httpx.Response(404), "answered 404"),
        (httpx.Response(200, text="<html>nothing here</html>"), "does not lead"),
    ],
)  # fmt: skip
def test_a_link_to_no_episode_is_a_typed_error(answer: httpx.Response, message: str) -> None:
    with pytest.raises(ShortLinkError, match=message) as raised:
        _resolve(lambda request: answer)
    assert raised.value.url == SHORT
    assert raised.value.message.endswith(".") and raised.value.message.count(". ") == 0


def test_a_network_failure_is_unavailable() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("no route")

    with pytest.raises(ProviderUnavailable, match="short link"):
        _resolve(handle)
