"""Spotify client against the provider fake, in-process through httpx.MockTransport."""

from __future__ import annotations

import threading
from datetime import date

import httpx
import pytest

from metadata_clients.errors import BadCredentials, NotFound, ProviderUnavailable
from metadata_clients.models import SpotifyEpisode
from metadata_clients.spotify import TOKEN_MARGIN_SECONDS, SpotifyClient
from tests.fakes.providers import (
    FAKE_SHOW_ID,
    MIKU_SHOW_ID,
    SPOTIFY_CLIENT_ID,
    SPOTIFY_CLIENT_SECRET,
    ProviderFake,
)
from tests.unit.metadata_clients.conftest import FakeTime

FIRST = "4qjerzMw8jfD30VOG0tjpK"
SECOND = "5TmVVWd9TOCaF2bEtyYDwv"


@pytest.fixture
def spotify(providers: ProviderFake, http: httpx.Client, fake_time: FakeTime) -> SpotifyClient:
    return SpotifyClient(http, SPOTIFY_CLIENT_ID, SPOTIFY_CLIENT_SECRET, providers.url,
                         providers.url, market="JP", clock=fake_time.clock,
                         sleep=fake_time.sleep)


def test_episode_with_its_show(spotify: SpotifyClient, providers: ProviderFake) -> None:
    episode = spotify.episode(FIRST)
    assert (episode.name, episode.duration_seconds) == ("#1 自己紹介", 388)
    assert episode.release_date == date(2020, 5, 1)
    assert episode.languages == ["ja"]
    assert episode.artwork_url == f"https://i.scdn.co/image/{FIRST}-640"
    assert episode.show is not None
    assert episode.show.id == MIKU_SHOW_ID
    assert episode.show.name.startswith("The Miku Real Japanese Podcast")
    assert providers.calls.all()[-1].query["market"] == "JP"


def test_month_precision_date_is_the_first_of_the_month(spotify: SpotifyClient) -> None:
    episode = spotify.episode(SECOND)
    assert (episode.release_date, episode.release_date_precision) == (date(2023, 7, 1), "month")
    assert episode.duration_seconds == 3015


def test_one_token_serves_many_calls_until_shortly_before_expiry(
    spotify: SpotifyClient, providers: ProviderFake, fake_time: FakeTime,
) -> None:
    spotify.episode(FIRST)
    spotify.episode(SECOND)
    assert providers.calls.count("spotify.token") == 1
    fake_time.now += 3600 - TOKEN_MARGIN_SECONDS
    spotify.episode(FIRST)
    assert providers.calls.count("spotify.token") == 2


def test_revoked_token_means_exactly_one_new_token(
    spotify: SpotifyClient, providers: ProviderFake,
) -> None:
    spotify.episode(FIRST)
    providers.expire_spotify_tokens()
    spotify.episode(FIRST)
    assert providers.calls.count("spotify.token") == 2
    assert providers.calls.count("spotify.episode") == 3


def test_episodes_report_each_id_alone(spotify: SpotifyClient, providers: ProviderFake) -> None:
    unknown = "0000000000000000000000"
    found = spotify.episodes([FIRST, unknown, "fake000000000000000001", FIRST])
    assert list(found) == [FIRST, unknown, "fake000000000000000001"]
    assert isinstance(found[FIRST], SpotifyEpisode)
    assert isinstance(found[unknown], NotFound)
    assert isinstance(found["fake000000000000000001"], SpotifyEpisode)
    assert providers.calls.count("spotify.token") == 1


def test_show_episodes_follow_next_and_skip_nulls(
    spotify: SpotifyClient, providers: ProviderFake,
) -> None:
    providers.add_spotify_episodes(120)
    names = [e.name for e in spotify.show_episodes(MIKU_SHOW_ID)]
    assert names == ["日本の夏", "#1 自己紹介"]
    listed = list(spotify.show_episodes(FAKE_SHOW_ID, market="DE"))
    assert len(listed) == 120
    assert all(e.show is None for e in listed)
    pages = [c for c in providers.calls.all() if c.endpoint == "spotify.show_episodes"]
    assert len(pages) == 1 + 3
    assert all(c.query["market"] == "DE" for c in pages[1:])
    assert spotify.show(FAKE_SHOW_ID).name == "Synthetic Podcast"


def test_bad_client_secret(providers: ProviderFake, http: httpx.Client) -> None:
    client = SpotifyClient(http, SPOTIFY_CLIENT_ID, "wrong", providers.url, providers.url)
    with pytest.raises(BadCredentials):
        client.episode(FIRST)


def test_429_with_retry_after_then_success(
    spotify: SpotifyClient, providers: ProviderFake, fake_time: FakeTime,
) -> None:
    providers.inject("spotify.episode", "429", count=2, retry_after=5)
    assert spotify.episode(FIRST).id == FIRST
    assert fake_time.sleeps == [5.0, 5.0]


def test_persistent_500_and_malformed(spotify: SpotifyClient, providers: ProviderFake) -> None:
    providers.inject("spotify.episode", "500", count=4)
    with pytest.raises(ProviderUnavailable):
        spotify.episode(FIRST)
    providers.inject("spotify.episode", "malformed")
    with pytest.raises(ProviderUnavailable, match="malformed"):
        spotify.episode(FIRST)


def test_concurrency_reaches_but_never_exceeds_the_bound() -> None:
    bound = 4
    lock = threading.Lock()
    in_flight = [0]
    peak = [0]
    # Requests only proceed in groups of ``bound``: a pool that ran fewer at once would
    # time out on the barrier, one that ran more would raise the peak above the bound.
    barrier = threading.Barrier(bound, timeout=10)

    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/token":
            return httpx.Response(200, json={"access_token": "t", "expires_in": 3600})
        with lock:
            in_flight[0] += 1
            peak[0] = max(peak[0], in_flight[0])
        barrier.wait()
        with lock:
            in_flight[0] -= 1
        episode_id = request.url.path.rsplit("/", 1)[-1]
        return httpx.Response(200, json={"id": episode_id, "name": "e", "duration_ms": 1000})

    client = SpotifyClient(httpx.Client(transport=httpx.MockTransport(handle)), "id",
                           "secret", "https://api.example", "https://accounts.example",
                           max_concurrency=bound)
    ids = [f"{n:022d}" for n in range(bound * 3)]
    found = client.episodes(ids)
    assert all(isinstance(found[i], SpotifyEpisode) for i in ids)
    assert peak[0] == bound
