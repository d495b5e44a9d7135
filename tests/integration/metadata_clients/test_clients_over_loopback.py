"""Every provider client over real HTTP to the loopback provider fake (starts a server).

The unit tests cover the clients' behaviour in-process; these check what only a socket
shows: the environment wiring, headers and bodies on the wire, ``Retry-After`` read from
a real response, and concurrent requests sharing one token over keep-alive connections.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from metadata_clients.models import SpotifyEpisode
from metadata_clients.settings import ProviderClients, ProviderSettings, build_clients
from tests.fakes.providers import ProviderFake


class Sleeps(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture(scope="module")
def server() -> Iterator[ProviderFake]:
    with ProviderFake() as fake:
        yield fake


@pytest.fixture
def providers(server: ProviderFake) -> Iterator[ProviderFake]:
    server.calls.reset()
    yield server
    server.clear_faults()


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def clients(providers: ProviderFake, sleeps: Sleeps) -> Iterator[ProviderClients]:
    settings = ProviderSettings.model_validate(
        {name.removeprefix("IMMERSION_TRACKER_").lower(): value
         for name, value in providers.environment().items()} | {"spotify_market": "JP"})
    with httpx.Client() as http:
        yield build_clients(settings, http, sleep=sleeps)


def test_each_client_answers_from_the_fake_over_http(
    clients: ProviderClients, providers: ProviderFake,
) -> None:
    assert providers.url.startswith("http://127.0.0.1:")
    assert clients.tvdb is not None and clients.tvdb.series(270065).name == "ハイキュー!!"
    assert clients.youtube is not None
    assert clients.youtube.videos(["9bZkp7q19f0"])["9bZkp7q19f0"].duration_seconds == 252
    assert clients.spotify is not None
    assert clients.spotify.episode("4qjerzMw8jfD30VOG0tjpK").duration_seconds == 388
    assert clients.tmdb is not None and clients.tmdb.movie(916224).runtime_minutes == 122
    assert providers.calls.counts() == {
        "tvdb.login": 1, "tvdb.series": 1, "youtube.videos": 1, "spotify.token": 1,
        "spotify.episode": 1, "tmdb.movie": 1}


def test_concurrent_episodes_share_one_token_over_keep_alive(
    clients: ProviderClients, providers: ProviderFake,
) -> None:
    assert clients.spotify is not None
    ids = [f"fake{n:018d}" for n in range(24)]
    found = clients.spotify.episodes(ids)
    assert all(isinstance(found[i], SpotifyEpisode) for i in ids)
    assert providers.calls.count("spotify.token") == 1
    assert providers.calls.count("spotify.episode") == 24


def test_retry_after_and_a_revoked_token_over_the_wire(
    clients: ProviderClients, providers: ProviderFake, sleeps: Sleeps,
) -> None:
    assert clients.tvdb is not None
    clients.tvdb.series(278157)
    providers.expire_tvdb_tokens()
    providers.inject("tvdb.series", "429", retry_after=3)
    assert clients.tvdb.movie(197).name == "君の名は。"
    assert clients.tvdb.series(278157).name == "Free!"
    assert sleeps == [3.0]
    assert providers.calls.count("tvdb.login") == 2
