"""A whole Spotify show shared at once: what it holds, and logging all or up to one episode
(calls Spotify, reads and writes the store).

The listing comes from the show's episodes, 50 a page (the provider client's paging); how
many are already logged is one batched read. Logging "up to an episode" is the backfill of
``/syncspotify``: that episode and every one released before it.
"""

from __future__ import annotations

from dataclasses import dataclass

from handlers.service.errors import NotFound, ProviderNotConfigured, ServiceUnavailable
from metadata_clients import errors as provider_errors
from metadata_clients.settings import ProviderClients
from storage.models import SpotifyEpisode, user_pk
from storage.repository import ItemRepository


@dataclass(frozen=True)
class CollectionEpisode:
    id: str
    title: str
    seconds: int
    logged: bool


@dataclass(frozen=True)
class Collection:
    """A show's episodes, newest first, and how much of it the user logged already."""

    id: str
    name: str
    episodes: list[CollectionEpisode]

    @property
    def total_seconds(self) -> int:
        return sum(e.seconds for e in self.episodes)

    @property
    def logged_count(self) -> int:
        return sum(1 for e in self.episodes if e.logged)


def spotify_show(
    repo: ItemRepository, providers: ProviderClients, user: str, show_id: str
) -> Collection:
    """What the show holds; NotFound for an unknown show."""
    if providers.spotify is None:
        raise ProviderNotConfigured("Cannot look the show up: Spotify is not configured.")
    try:
        show = providers.spotify.show(show_id)
        listed = list(providers.spotify.show_episodes(show_id))
    except provider_errors.NotFound:
        raise NotFound("Spotify has no show with this id.") from None
    except provider_errors.ProviderError as error:
        raise ServiceUnavailable(str(error)) from error
    stored = repo.get_many(user_pk(user), [SpotifyEpisode.SK_PREFIX + e.id for e in listed])
    episodes = [
        CollectionEpisode(e.id, e.name, e.duration_seconds,
                          SpotifyEpisode.SK_PREFIX + e.id in stored)
        for e in listed
    ]
    return Collection(show.id, show.name, episodes)
