"""TVDB client against the provider fake, in-process through httpx.MockTransport."""

from __future__ import annotations

import httpx
import pytest

from metadata_clients.errors import BadCredentials, NotFound, ProviderUnavailable
from metadata_clients.models import TvdbEpisode, TvdbMovie, TvdbSeries
from metadata_clients.tvdb import TOKEN_LIFETIME_SECONDS, TvdbClient
from tests.fakes.providers import TVDB_API_KEY, ProviderFake
from tests.unit.metadata_clients.conftest import FakeTime


@pytest.fixture
def tvdb(providers: ProviderFake, http: httpx.Client, fake_time: FakeTime) -> TvdbClient:
    return TvdbClient(http, TVDB_API_KEY, f"{providers.url}/v4", clock=fake_time.clock,
                      sleep=fake_time.sleep)


def test_series_and_movie_in_their_original_names(tvdb: TvdbClient) -> None:
    assert tvdb.series(270065) == TvdbSeries(
        id=270065, name="ハイキュー!!",
        image="https://artworks.thetvdb.com/banners/posters/270065-1.jpg",
        average_runtime_minutes=24, original_language="jpn")
    movie = tvdb.movie(331904)
    assert isinstance(movie, TvdbMovie)
    assert (movie.name, movie.runtime_minutes) == ("すずめの戸締まり", 122)


def test_an_episode_id_names_its_series(tvdb: TvdbClient) -> None:
    # Players send an episode's own TVDB id; its series is what a show record keeps.
    assert tvdb.episode(9350138) == TvdbEpisode(id=9350138, series_id=424536, name="Frieren",
                                                runtime_minutes=24)
    with pytest.raises(NotFound) as caught:
        tvdb.episode(1)
    assert (caught.value.kind, caught.value.id) == ("episode", "1")


def test_one_login_serves_many_lookups(tvdb: TvdbClient, providers: ProviderFake) -> None:
    for tvdb_id in (278157, 270065, 9_000_001):
        tvdb.series(tvdb_id)
    tvdb.movie(197)
    assert providers.calls.count("tvdb.login") == 1
    assert providers.calls.count("tvdb.series") == 3


def test_unknown_id_is_not_found(tvdb: TvdbClient) -> None:
    with pytest.raises(NotFound) as caught:
        tvdb.series(1)
    assert (caught.value.kind, caught.value.id) == ("series", "1")


def test_search_returns_typed_results_up_to_the_limit(tvdb: TvdbClient) -> None:
    results = tvdb.search("haikyu", "series")
    assert [(r.tvdb_id, r.name) for r in results] == [(270065, "ハイキュー!!")]
    assert tvdb.search("suzume", "movie", limit=1)[0].tvdb_id == 331904
    assert tvdb.search("nothing like this", "series") == []


def test_revoked_token_means_exactly_one_new_login(
    tvdb: TvdbClient, providers: ProviderFake,
) -> None:
    tvdb.series(278157)
    providers.expire_tvdb_tokens()
    assert tvdb.series(278157).name == "Free!"
    assert providers.calls.count("tvdb.login") == 2
    assert providers.calls.count("tvdb.series") == 3


def test_token_is_renewed_after_its_lifetime(
    tvdb: TvdbClient, providers: ProviderFake, fake_time: FakeTime,
) -> None:
    tvdb.series(278157)
    fake_time.now += TOKEN_LIFETIME_SECONDS - 1
    tvdb.series(278157)
    assert providers.calls.count("tvdb.login") == 1
    fake_time.now += 2
    tvdb.series(278157)
    assert providers.calls.count("tvdb.login") == 2


def test_bad_key_is_bad_credentials(providers: ProviderFake, http: httpx.Client) -> None:
    client = TvdbClient(http, "wrong", f"{providers.url}/v4")
    with pytest.raises(BadCredentials, match="refused the configured credentials"):
        client.series(278157)


def test_429_then_500_then_success(
    tvdb: TvdbClient, providers: ProviderFake, fake_time: FakeTime,
) -> None:
    providers.inject("tvdb.series", "429", retry_after=7)
    providers.inject("tvdb.series", "500")
    assert tvdb.series(278157).name == "Free!"
    assert providers.calls.count("tvdb.series") == 3
    assert fake_time.sleeps[0] == 7.0
    assert len(fake_time.sleeps) == 2


def test_persistent_failure_is_unavailable(
    tvdb: TvdbClient, providers: ProviderFake,
) -> None:
    providers.inject("tvdb.movie", "500", count=10)
    with pytest.raises(ProviderUnavailable, match="try again"):
        tvdb.movie(197)
    assert providers.calls.count("tvdb.movie") == 4


def test_malformed_answer_is_unavailable(tvdb: TvdbClient, providers: ProviderFake) -> None:
    providers.inject("tvdb.series", "malformed")
    with pytest.raises(ProviderUnavailable, match="malformed answer"):
        tvdb.series(278157)


def test_wrong_shape_is_unavailable(fake_time: FakeTime) -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/login"):
            return httpx.Response(200, json={"status": "success", "data": {"token": "t"}})
        return httpx.Response(200, json={"status": "success", "data": {"nom": "Free!"}})

    client = TvdbClient(httpx.Client(transport=httpx.MockTransport(handle)), "k",
                        "https://tvdb.example/v4", clock=fake_time.clock, sleep=fake_time.sleep)
    with pytest.raises(ProviderUnavailable, match="unexpected answer"):
        client.series(278157)
