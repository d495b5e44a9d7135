"""Typed provider errors: actionable one-sentence messages and no secret anywhere."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial

import httpx
import pytest
from pydantic import SecretStr

from metadata_clients.errors import (
    BadCredentials,
    NotFound,
    ProviderError,
    ProviderUnavailable,
    QuotaExceeded,
)
from metadata_clients.settings import ProviderSettings, build_clients
from tests.fakes.providers import (
    SPOTIFY_CLIENT_SECRET,
    TMDB_READ_ACCESS_TOKEN,
    TVDB_API_KEY,
    YOUTUBE_API_KEY,
    ProviderFake,
)

SECRETS = [TVDB_API_KEY, YOUTUBE_API_KEY, SPOTIFY_CLIENT_SECRET, TMDB_READ_ACCESS_TOKEN]


@pytest.mark.parametrize("error", [
    NotFound("TVDB", "series", "42"),
    ProviderUnavailable("Spotify", "HTTP 503"),
    BadCredentials("YouTube"),
    QuotaExceeded("YouTube"),
])
def test_every_error_is_one_sentence_naming_its_provider(error: ProviderError) -> None:
    message = str(error)
    assert message.startswith(error.provider)
    assert message.endswith(".")
    assert message.count(". ") == 0
    assert error.provider in repr(error)


def test_not_found_names_the_one_id() -> None:
    error = NotFound("TVDB", "series", "42")
    assert (error.kind, error.id) == ("series", "42")
    assert "series with id 42" in str(error)


def _wrong(settings: ProviderSettings) -> ProviderSettings:
    """Settings whose credentials the fake refuses, with the test secrets in their place."""
    return settings.model_copy(update={
        "tvdb_api_key": SecretStr(TVDB_API_KEY + "-revoked"),
        "youtube_api_key": SecretStr(YOUTUBE_API_KEY + "-revoked"),
        "spotify_client_secret": SecretStr(SPOTIFY_CLIENT_SECRET + "-revoked"),
        "tmdb_read_access_token": SecretStr(TMDB_READ_ACCESS_TOKEN + "-revoked"),
    })


def test_secrets_never_appear_in_reprs_errors_or_logs(
    providers: ProviderFake, http: httpx.Client, caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    # The bot quiets httpx process-wide; this test must see httpx's request lines anyway.
    caplog.set_level(logging.DEBUG, logger="httpx")
    settings = ProviderSettings.model_validate(
        {k.removeprefix("IMMERSION_TRACKER_").lower(): v
         for k, v in providers.environment().items()})
    texts = [repr(settings), str(settings), repr(settings.model_dump())]
    for chosen in (settings, _wrong(settings)):
        clients = build_clients(chosen, http, sleep=lambda _: None)
        tvdb, youtube, spotify, tmdb = clients.tvdb, clients.youtube, clients.spotify, clients.tmdb
        assert tvdb and youtube and spotify and tmdb
        texts += [repr(clients), repr(tvdb), repr(youtube), repr(spotify), repr(tmdb)]
        lookups: list[Callable[[], object]] = [
            partial(tvdb.series, 278157), partial(youtube.videos, ["9bZkp7q19f0"]),
            partial(spotify.episode, "4qjerzMw8jfD30VOG0tjpK"), partial(tmdb.movie, 1)]
        for lookup in lookups:
            try:
                texts.append(repr(lookup()))
            except ProviderError as error:
                texts += [str(error), repr(error), repr(error.__cause__), repr(error.__context__)]
    texts += [record.getMessage() for record in caplog.records]
    assert any("refused the configured credentials" in text for text in texts)
    assert any("HTTP Request" in text for text in texts), "httpx request logs were captured"
    for secret in SECRETS:
        assert not any(secret in text for text in texts), secret
