"""Provider settings from the environment and the service secret, and the client factory (reads
environment variables).

Building clients does no I/O: they log in lazily on their first lookup.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx
from pydantic import BaseModel, ConfigDict, Field, SecretStr

from metadata_clients import spotify, tmdb, tvdb, youtube
from metadata_clients.environment import environment_values
from metadata_clients.ports import SpotifyLookup, TmdbLookup, TvdbLookup, YouTubeLookup
from metadata_clients.spotify import SpotifyClient
from metadata_clients.tmdb import TmdbClient
from metadata_clients.transport import Clock, RetryPolicy, Sleep
from metadata_clients.tvdb import TvdbClient
from metadata_clients.youtube import YouTubeClient

# Service-secret key -> settings field.
SECRET_KEYS = {
    "tvdb_api_key": "tvdb_api_key",
    "youtube_api_key": "youtube_api_key",
    "spotify_client_id": "spotify_client_id",
    "spotify_client_secret": "spotify_client_secret",
    "tmdb_api_read_access_token": "tmdb_read_access_token",
}


ENV_PREFIX = "IMMERSION_TRACKER_"


class ProviderSettings(BaseModel):
    """Base URLs, market and credentials, from ``IMMERSION_TRACKER_*`` variables (in any
    case); values given to the constructor win over them."""

    # Defaults validated like given values; built when first read, not at import.
    model_config = ConfigDict(extra="ignore", frozen=True, validate_default=True,
                              defer_build=True)

    def __init__(self, **values: Any) -> None:
        super().__init__(**{**environment_values(ENV_PREFIX, type(self).model_fields),
                            **values})

    tvdb_base_url: str = tvdb.DEFAULT_BASE_URL
    youtube_base_url: str = youtube.DEFAULT_BASE_URL
    spotify_api_base_url: str = spotify.DEFAULT_API_BASE_URL
    spotify_accounts_base_url: str = spotify.DEFAULT_ACCOUNTS_BASE_URL
    tmdb_base_url: str = tmdb.DEFAULT_BASE_URL
    spotify_market: str = Field(default="US", min_length=2, max_length=2)
    tvdb_api_key: SecretStr | None = None
    youtube_api_key: SecretStr | None = None
    spotify_client_id: SecretStr | None = None
    spotify_client_secret: SecretStr | None = None
    tmdb_read_access_token: SecretStr | None = None

    def with_secret(self, secret: Mapping[str, str]) -> ProviderSettings:
        """These settings with the service secret's credentials laid over them."""
        update = {field: SecretStr(secret[key]) for key, field in SECRET_KEYS.items()
                  if secret.get(key)}
        return self.model_copy(update=update)


@dataclass(frozen=True)
class ProviderClients:
    """One client per provider; ``None`` where its credentials are not configured."""

    tvdb: TvdbLookup | None
    youtube: YouTubeLookup | None
    spotify: SpotifyLookup | None
    tmdb: TmdbLookup | None


def _value(secret: SecretStr | None) -> str | None:
    return secret.get_secret_value() if secret is not None and secret.get_secret_value() \
        else None


def build_clients(settings: ProviderSettings, http: httpx.Client, *,
                  clock: Clock = time.monotonic, sleep: Sleep = time.sleep,
                  policy: RetryPolicy | None = None) -> ProviderClients:
    """Every provider client the settings allow, sharing one thread-safe ``http`` client."""
    tvdb_key = _value(settings.tvdb_api_key)
    youtube_key = _value(settings.youtube_api_key)
    spotify_id = _value(settings.spotify_client_id)
    spotify_secret = _value(settings.spotify_client_secret)
    tmdb_token = _value(settings.tmdb_read_access_token)
    tvdb_client = youtube_client = spotify_client = tmdb_client = None
    if tvdb_key:
        tvdb_client = TvdbClient(http, tvdb_key, settings.tvdb_base_url, clock=clock,
                                 sleep=sleep, policy=policy)
    if youtube_key:
        youtube_client = YouTubeClient(http, youtube_key, settings.youtube_base_url,
                                       clock=clock, sleep=sleep, policy=policy)
    if spotify_id and spotify_secret:
        spotify_client = SpotifyClient(
            http, spotify_id, spotify_secret, settings.spotify_api_base_url,
            settings.spotify_accounts_base_url, settings.spotify_market, clock=clock,
            sleep=sleep, policy=policy)
    if tmdb_token:
        tmdb_client = TmdbClient(http, tmdb_token, settings.tmdb_base_url, clock=clock,
                                 sleep=sleep, policy=policy)
    return ProviderClients(tvdb_client, youtube_client, spotify_client, tmdb_client)
