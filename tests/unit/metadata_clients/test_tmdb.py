"""TMDB client against the provider fake, in-process through httpx.MockTransport."""

from __future__ import annotations

import httpx
import pytest

from metadata_clients.errors import BadCredentials, NotFound, ProviderUnavailable
from metadata_clients.models import TmdbMovie
from metadata_clients.tmdb import TmdbClient
from tests.fakes.providers import TMDB_READ_ACCESS_TOKEN, ProviderFake
from tests.unit.metadata_clients.conftest import FakeTime


@pytest.fixture
def tmdb(providers: ProviderFake, http: httpx.Client, fake_time: FakeTime) -> TmdbClient:
    return TmdbClient(http, TMDB_READ_ACCESS_TOKEN, providers.url, clock=fake_time.clock,
                      sleep=fake_time.sleep)


def test_movie_uses_the_original_title_and_full_poster_url(tmdb: TmdbClient) -> None:
    assert tmdb.movie(372058) == TmdbMovie(
        id=372058, title="君の名は。", runtime_minutes=106,
        image="https://image.tmdb.org/t/p/w500/q719jXXEzOoYaps6babgKnONONX.jpg")


def test_movie_without_poster_has_no_image(tmdb: TmdbClient) -> None:
    assert tmdb.movie(916224).image is None


def test_unknown_movie_is_not_found(tmdb: TmdbClient) -> None:
    with pytest.raises(NotFound, match="no movie with id 5"):
        tmdb.movie(5)


def test_bad_token_is_bad_credentials(providers: ProviderFake, http: httpx.Client) -> None:
    with pytest.raises(BadCredentials):
        TmdbClient(http, "wrong", providers.url).movie(372058)


def test_429_then_success(tmdb: TmdbClient, providers: ProviderFake,
                          fake_time: FakeTime) -> None:
    providers.inject("tmdb.movie", "429", retry_after=2)
    assert tmdb.movie(372058).runtime_minutes == 106
    assert fake_time.sleeps == [2.0]


def test_malformed_is_unavailable(tmdb: TmdbClient, providers: ProviderFake) -> None:
    providers.inject("tmdb.movie", "malformed")
    with pytest.raises(ProviderUnavailable):
        tmdb.movie(372058)
