"""Show folders: list them, attach a TVDB series to one, say one is anime (store, TVDB I/O)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from handlers.service.catalog.show_words import show_activity
from handlers.service.core.durations import runtime_seconds
from handlers.service.core.errors import (
    InvalidInput,
    NotFound,
    ProviderNotConfigured,
    ServiceUnavailable,
    Unprocessable,
    quoted,
)
from handlers.service.kept.writing import Conflicted, Writing, updated
from metadata_clients import errors as provider_errors
from metadata_clients.models import TvdbSeries
from storage.models import Show, user_pk
from storage.repository import ItemRepository

if TYPE_CHECKING:
    # For annotations only: the clients' module loads httpx, which no rule calls.
    from metadata_clients.settings import ProviderClients


def show_listing(item: dict[str, Any]) -> dict[str, Any]:
    """A show as ``GET /shows`` lists it: nullable fields present with ``null``."""
    return {
        "folder_name": item["folder_name"],
        "tvdb_id": item.get("tvdb_id"),
        "tvdb_name": item.get("tvdb_name"),
        "tvdb_image": item.get("tvdb_image"),
    }


def list_shows(repo: ItemRepository, user: str) -> list[dict[str, Any]]:
    """Every show record of the user, in sort-key (folder name) order."""
    return [show_listing(item) for item in repo.query_prefix(user_pk(user), Show.SK_PREFIX)]


def tvdb_series(providers: ProviderClients, tvdb_id: int) -> TvdbSeries:
    """The TVDB series with that id; Unprocessable when TVDB has none."""
    if providers.tvdb is None:
        raise ProviderNotConfigured("Cannot look the series up: no TVDB API key is configured.")
    try:
        return providers.tvdb.series(tvdb_id)
    except provider_errors.NotFound as error:
        raise Unprocessable(f"TVDB has no series with id {tvdb_id}.") from error
    except provider_errors.ProviderError as error:
        raise ServiceUnavailable(str(error)) from error


def update_show(repo: ItemRepository, providers: ProviderClients, user: str, folder_name: str,
                tvdb_id: int | None, zone: ZoneInfo,
                activity: str | None = None) -> dict[str, Any]:
    """Look the series up on TVDB and store its name, image and runtime on the show record,
    and (given one) the activity its episodes count as; the history's copies of the
    folder's episodes follow in the same unit of work."""
    if tvdb_id is None and activity is None:
        raise InvalidInput("tvdb_id: give the series' TVDB id (or the show's activity).")
    changes: dict[str, Any] = {}
    if activity is not None:
        # ``tv`` is what an unmarked show is: stored as no mark at all.
        changes["activity"] = "anime" if show_activity(activity) == "anime" else None
    pk, sk = user_pk(user), Show.SK_PREFIX + folder_name
    if repo.get(pk, sk) is None:
        raise NotFound(f"You have no show folder named {quoted(folder_name)}; "
                       "sync its episodes first.")
    if tvdb_id is not None:
        series = tvdb_series(providers, tvdb_id)
        changes.update({
            "tvdb_id": series.id,
            "tvdb_name": series.name,
            "tvdb_image": series.image,
            "tvdb_average_runtime": runtime_seconds(series.average_runtime_minutes),
        })
    # Optimistic locking: re-read and retry when a concurrent update bumped the version.
    for _ in range(5):
        current = repo.get(pk, sk)
        if current is None:
            raise NotFound(f"The show folder {quoted(folder_name)} was just removed.")
        record = updated(current, changes)
        try:
            with Writing(repo, user, zone) as writing:
                writing.put_record(record, expected_version=current.get("version"))
        except Conflicted:
            continue
        return show_listing(record)
    raise ServiceUnavailable("The show kept changing while being updated; please try again.")
