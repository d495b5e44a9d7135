"""Sync Spotify podcast episodes (``POST /syncspotify``), optionally back-filling (I/O)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from handlers.service.catalog.sync_report import FailedItem, LoggedItem, SyncReport
from handlers.service.kept.creating import create_new
from metadata_clients import errors as provider_errors
from metadata_clients.models import SpotifyEpisode as ProviderEpisode
from metadata_clients.models import SpotifyShow as ProviderShow
from storage.models import SpotifyEpisode, SpotifyShow, user_pk
from storage.repository import Item, ItemRepository

if TYPE_CHECKING:
    # For annotations only: the clients' module loads httpx, which no rule calls.
    from metadata_clients.settings import ProviderClients

EPISODE_ID = re.compile(r"[A-Za-z0-9]{22}")


def _logged(item: Item, show_name: str | None) -> LoggedItem:
    return LoggedItem(
        kind="spotify",
        id=item["spotify_episode_id"],
        sk=item["sk"],
        title=item.get("spotify_episode_title"),
        source=show_name,
        duration_seconds=item.get("spotify_episode_duration"),
        timestamp=int(item["timestamp"]),
    )


def _episode_item(user: str, episode: ProviderEpisode, show_id: str | None, now: int) -> Item:
    return SpotifyEpisode(
        user=user,
        spotify_episode_id=episode.id,
        spotify_episode_title=episode.name,
        spotify_show_id=show_id,
        spotify_episode_duration=episode.duration_seconds,
        timestamp=now,
    ).to_item()


def _show_item(user: str, show: ProviderShow) -> Item:
    return SpotifyShow(
        user=user,
        spotify_show_id=show.id,
        spotify_show_name=show.name,
        spotify_show_artwork_url=show.artwork_url,
    ).to_item()


def _show_names(repo: ItemRepository, user: str, show_ids: Iterable[str]) -> dict[str, str]:
    sks = sorted({SpotifyShow.SK_PREFIX + s for s in show_ids})
    found = repo.get_many(user_pk(user), sks) if sks else {}
    return {
        str(i["spotify_show_id"]): str(i["spotify_show_name"])
        for i in found.values()
        if i.get("spotify_show_name")
    }


def _released_by(episode: ProviderEpisode, target: date | None) -> bool:
    # Release dates of precision month or year are read as their lower bound (the 1st).
    return target is None or episode.release_date is None or episode.release_date <= target


def _backfill(
    providers: ProviderClients, target: ProviderEpisode, report: SyncReport
) -> list[ProviderEpisode]:
    """The target and every episode of its show released on or before it."""
    assert providers.spotify is not None
    if target.show is None:
        return [target]
    try:
        earlier = [
            e
            for e in providers.spotify.show_episodes(target.show.id)
            if e.id != target.id and _released_by(e, target.release_date)
        ]
    except provider_errors.ProviderError as error:
        report.failed.append(FailedItem(target.id, f"Could not list the show's episodes: {error}"))
        report.provider_unavailable = True
        return [target]
    return [target, *earlier]


Candidates = dict[str, tuple[ProviderEpisode, ProviderShow | None]]
"""Episodes to log by id, each with the podcast it belongs to."""


def _candidates(
    providers: ProviderClients, ids: list[str], backfill: bool, report: SyncReport
) -> Candidates:
    """Look the episodes up (and, with ``backfill``, their shows' earlier ones)."""
    assert providers.spotify is not None
    looked_up = providers.spotify.episodes(ids)
    candidates: Candidates = {}
    for episode_id in ids:
        result = looked_up.get(episode_id)
        if isinstance(result, ProviderEpisode):
            episodes = _backfill(providers, result, report) if backfill else [result]
            for episode in episodes:
                candidates.setdefault(episode.id, (episode, result.show))
        elif isinstance(result, provider_errors.NotFound) or result is None:
            report.failed.append(FailedItem(episode_id, "Spotify has no episode with this id."))
        else:
            report.failed.append(FailedItem(episode_id, str(result)))
            report.provider_unavailable = True
    return candidates


def _store(
    repo: ItemRepository, user: str, candidates: Candidates, existing: dict[str, Item], now: int,
    zone: ZoneInfo,
) -> tuple[list[Item], dict[str, str], set[tuple[str, str]]]:
    """Write the episodes not logged yet and their podcasts: (episodes, podcast names, created)."""
    shows = {show.id: show for _, show in candidates.values() if show is not None}
    episode_items = [
        _episode_item(user, episode, show.id if show else None, now)
        for episode_id, (episode, show) in candidates.items()
        if SpotifyEpisode.SK_PREFIX + episode_id not in existing
    ]
    podcasts = [_show_item(user, s) for s in shows.values()]
    created = create_new(repo, user, zone, episode_items + podcasts)
    return episode_items, {s.id: s.name for s in shows.values()}, created


def sync_spotify(
    repo: ItemRepository,
    providers: ProviderClients,
    user: str,
    episode_ids: Sequence[str],
    now: int,
    zone: ZoneInfo,
    *,
    backfill: bool = False,
) -> SyncReport:
    """Log each new episode and its podcast; with ``backfill`` also every earlier episode."""
    report = SyncReport()
    pk = user_pk(user)
    wanted = report.well_formed(episode_ids, EPISODE_ID, "This is not a Spotify episode id.")
    existing = repo.get_many(pk, [SpotifyEpisode.SK_PREFIX + e for e in wanted]) if wanted else {}
    to_look_up = (
        wanted if backfill else [e for e in wanted if SpotifyEpisode.SK_PREFIX + e not in existing]
    )
    if not backfill:
        names = _show_names(repo, user, (str(i.get("spotify_show_id")) for i in existing.values()))
        report.existing.extend(
            _logged(i, names.get(str(i.get("spotify_show_id")))) for i in existing.values()
        )
    if not to_look_up:
        return report
    if providers.spotify is None:
        report.failed.extend(
            FailedItem(e, "No Spotify credentials are configured.") for e in to_look_up
        )
        report.provider_not_configured = True
        return report
    candidates = _candidates(providers, to_look_up, backfill, report)
    # Back-filled episodes that are already logged are skipped without a store write.
    more = [SpotifyEpisode.SK_PREFIX + e for e in candidates]
    more = [sk for sk in more if sk not in existing]
    if backfill and more:
        existing.update(repo.get_many(pk, more))
    episode_items, show_names, created = _store(repo, user, candidates, existing, now, zone)
    for item in episode_items:
        logged = _logged(item, show_names.get(str(item.get("spotify_show_id"))))
        report.logged(logged, (item["pk"], item["sk"]) in created)
    if backfill:
        for item in existing.values():
            report.existing.append(_logged(item, show_names.get(str(item.get("spotify_show_id")))))
    return report
