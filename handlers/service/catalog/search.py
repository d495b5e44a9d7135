"""TVDB search by text for clients that need to pick a series or movie id (calls TVDB)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from handlers.service.core.errors import InvalidInput, ProviderNotConfigured, ServiceUnavailable
from metadata_clients.errors import ProviderError

if TYPE_CHECKING:
    # For annotations only: the clients' module loads httpx, which no rule calls.
    from metadata_clients.settings import ProviderClients


@dataclass(frozen=True)
class SearchResult:
    """One candidate: what a person needs to recognise it."""

    tvdb_id: int
    name: str
    year: str | None
    image_url: str | None


def search_tvdb(
    providers: ProviderClients, query: str, kind: Literal["series", "movie"], limit: int = 5
) -> list[SearchResult]:
    """The top ``limit`` TVDB matches for ``query``."""
    text = query.strip()
    if not text:
        raise InvalidInput("query: give some words to search for.")
    if kind not in ("series", "movie"):
        raise InvalidInput("type: must be 'series' or 'movie'.")
    if providers.tvdb is None:
        raise ProviderNotConfigured("TVDB search is not available: no TVDB API key is configured.")
    try:
        found = providers.tvdb.search(text, kind, limit=max(1, min(limit, 20)))
    except ProviderError as error:
        raise ServiceUnavailable(str(error)) from error
    return [SearchResult(r.tvdb_id, r.name, r.year, r.image_url) for r in found]
