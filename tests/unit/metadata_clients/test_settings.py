"""Provider settings from the environment and the service secret, and the client factory."""

from __future__ import annotations

import httpx
import pytest

from metadata_clients.settings import ProviderSettings, build_clients
from tests.fakes.providers import ProviderFake

ENV_NAMES = [
    "IMMERSION_TRACKER_TVDB_BASE_URL", "IMMERSION_TRACKER_YOUTUBE_BASE_URL",
    "IMMERSION_TRACKER_SPOTIFY_API_BASE_URL", "IMMERSION_TRACKER_SPOTIFY_ACCOUNTS_BASE_URL",
    "IMMERSION_TRACKER_TMDB_BASE_URL", "IMMERSION_TRACKER_TVDB_API_KEY",
    "IMMERSION_TRACKER_YOUTUBE_API_KEY", "IMMERSION_TRACKER_SPOTIFY_CLIENT_ID",
    "IMMERSION_TRACKER_SPOTIFY_CLIENT_SECRET", "IMMERSION_TRACKER_TMDB_READ_ACCESS_TOKEN",
    "IMMERSION_TRACKER_SPOTIFY_MARKET",
]


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_defaults_are_the_real_hosts_and_no_credentials(clean_env: pytest.MonkeyPatch,
                                                        http: httpx.Client) -> None:
    settings = ProviderSettings()
    assert settings.tvdb_base_url == "https://api4.thetvdb.com/v4"
    assert settings.youtube_base_url == "https://www.googleapis.com"
    assert settings.spotify_api_base_url == "https://api.spotify.com"
    assert settings.spotify_accounts_base_url == "https://accounts.spotify.com"
    assert settings.tmdb_base_url == "https://api.themoviedb.org"
    assert settings.spotify_market == "US"
    clients = build_clients(settings, http)
    assert (clients.tvdb, clients.youtube, clients.spotify, clients.tmdb) == (
        None, None, None, None)


def test_environment_of_the_fake_wires_every_client(
    clean_env: pytest.MonkeyPatch, providers: ProviderFake, http: httpx.Client,
) -> None:
    for name, value in providers.environment().items():
        clean_env.setenv(name, value)
    clean_env.setenv("IMMERSION_TRACKER_SPOTIFY_MARKET", "JP")
    assert set(providers.environment()) <= set(ENV_NAMES)
    clients = build_clients(ProviderSettings(), http)
    assert clients.tvdb is not None and clients.tvdb.series(278157).name == "Free!"
    assert clients.youtube is not None and "kJQP7kiw5Fk" in clients.youtube.videos(
        ["kJQP7kiw5Fk"])
    assert clients.spotify is not None
    assert clients.spotify.episode("4qjerzMw8jfD30VOG0tjpK").duration_seconds == 388
    assert providers.calls.all()[-1].query["market"] == "JP"
    assert clients.tmdb is not None and clients.tmdb.movie(372058).runtime_minutes == 106


def test_service_secret_overlays_the_environment(clean_env: pytest.MonkeyPatch,
                                                 http: httpx.Client) -> None:
    clean_env.setenv("IMMERSION_TRACKER_TVDB_API_KEY", "from-env")
    settings = ProviderSettings().with_secret({
        "tvdb_api_key": "from-secret", "youtube_api_key": "yt",
        "spotify_client_id": "id", "spotify_client_secret": "",
        "tmdb_api_read_access_token": "tmdb", "unrelated": "x",
    })
    assert settings.tvdb_api_key is not None
    assert settings.tvdb_api_key.get_secret_value() == "from-secret"
    assert settings.tmdb_read_access_token is not None
    assert "from-secret" not in repr(settings)
    clients = build_clients(settings, http)
    assert clients.spotify is None, "an empty client secret leaves Spotify unconfigured"
    assert clients.tvdb is not None and clients.youtube is not None
    assert clients.tmdb is not None
