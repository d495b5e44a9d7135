"""Sync watched movies (``POST /syncmovies``): new movies looked up on TVDB or TMDB (I/O)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from handlers.service.catalog.sync_report import FailedItem, LoggedItem, SyncReport
from handlers.service.core.durations import runtime_seconds
from handlers.service.core.errors import ProviderNotConfigured
from handlers.service.kept.creating import create_new
from metadata_clients import errors as provider_errors
from storage.models import Movie, user_pk
from storage.repository import Item, ItemRepository

if TYPE_CHECKING:
    # For annotations only: the clients' module loads httpx, which no rule calls.
    from metadata_clients.settings import ProviderClients


@dataclass(frozen=True)
class MovieRef:
    """A movie as a client names it: file name without extension and a TVDB or a TMDB id."""

    file_name: str
    tvdb_id: int | None = None
    tmdb_id: int | None = None


def _logged(item: Item) -> LoggedItem:
    return LoggedItem(
        kind="movie",
        id=item["file_name"],
        sk=item["sk"],
        title=item.get("tvdb_name", item.get("tmdb_name")),
        source=None,
        duration_seconds=item.get("movie_duration"),
        timestamp=int(item["timestamp"]),
    )


def _look_up(providers: ProviderClients, user: str, ref: MovieRef, now: int) -> Item:
    """The movie item for ``ref``; raises a provider error when the lookup fails."""
    if ref.tmdb_id is not None:
        assert providers.tmdb is not None
        tmdb = providers.tmdb.movie(ref.tmdb_id)
        # A movie named by TMDB keeps the TMDB spelling of the later generation.
        spelling, (movie_id, name, image, minutes) = (
            "tmdb",
            (tmdb.id, tmdb.title, tmdb.image, tmdb.runtime_minutes),
        )
    else:
        assert providers.tvdb is not None and ref.tvdb_id is not None
        tvdb = providers.tvdb.movie(ref.tvdb_id)
        spelling, (movie_id, name, image, minutes) = (
            "tvdb",
            (tvdb.id, tvdb.name, tvdb.image, tvdb.runtime_minutes),
        )
    return Movie.model_validate(
        {
            "user": user,
            "file_name": ref.file_name,
            f"{spelling}_id": movie_id,
            f"{spelling}_name": name,
            f"{spelling}_image": image,
            "movie_duration": runtime_seconds(minutes),
            "timestamp": now,
        }
    ).to_item()


def sync_movies(
    repo: ItemRepository,
    providers: ProviderClients,
    user: str,
    movies: Sequence[MovieRef],
    now: int,
    zone: ZoneInfo,
) -> SyncReport:
    """Log each new movie with its name, poster and runtime; skip those already logged."""
    unique = list({m.file_name: m for m in movies}.values())
    existing = repo.get_many(user_pk(user), [Movie.SK_PREFIX + m.file_name for m in unique])
    new = [m for m in unique if Movie.SK_PREFIX + m.file_name not in existing]
    if any(m.tmdb_id is not None for m in new) and providers.tmdb is None:
        raise ProviderNotConfigured(
            "Movies named by tmdb_id need TMDB, and no TMDB token is configured."
        )
    report = SyncReport(existing=[_logged(i) for i in existing.values()])
    items: list[Item] = []
    for ref in new:
        if ref.tmdb_id is None and providers.tvdb is None:
            report.failed.append(FailedItem(ref.file_name, "No TVDB API key is configured."))
            report.provider_not_configured = True
            continue
        try:
            items.append(_look_up(providers, user, ref, now))
        except provider_errors.NotFound:
            which = (
                f"TMDB id {ref.tmdb_id}" if ref.tmdb_id is not None else f"TVDB id {ref.tvdb_id}"
            )
            report.failed.append(FailedItem(ref.file_name, f"There is no movie with {which}."))
        except provider_errors.ProviderError as error:
            report.failed.append(FailedItem(ref.file_name, str(error)))
            report.provider_unavailable = True
    created = create_new(repo, user, zone, items)
    for item in items:
        report.logged(_logged(item), (item["pk"], item["sk"]) in created)
    return report
