"""The REST routes: one table for the router, OpenAPI and the infrastructure (no I/O)."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from handlers.http import api_models, responses


@dataclass(frozen=True)
class QueryParameter:
    """A query-string parameter a route reads."""

    name: str
    required: bool = False
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Route:
    """One HTTP route: method, last path segment, whether Basic auth guards it, its bodies.

    ``failures`` lists the route's own error statuses; the ones every route shares (auth,
    malformed or oversized body, unavailable store) are derived from the other fields.
    """

    method: str
    path: str
    authenticated: bool = True
    summary: str = ""
    body: type[BaseModel] | None = None
    ok: type[BaseModel] = responses.Updated
    failures: tuple[int, ...] = ()
    query: tuple[QueryParameter, ...] = ()

    @property
    def key(self) -> tuple[str, str]:
        return (self.method, self.path)


def _sync(path: str, body: type[BaseModel], ok: type[BaseModel], summary: str) -> Route:
    # Episodes from folders need no provider, so only the provider-backed syncs can fail per id.
    failures = () if path == "/sync" else (422, 503)
    return Route("POST", path, summary=summary, body=body, ok=ok, failures=failures)


ROUTES: tuple[Route, ...] = (
    Route("GET", "/progress", summary="Progress statistics", ok=responses.Progress),
    Route("GET", "/shows", summary="Show folders in folder order", ok=responses.Shows),
    _sync("/sync", api_models.SyncEpisodesBody, responses.EpisodesAdded, "Log watched episodes"),
    Route(
        "PUT",
        "/show",
        summary="Attach a TVDB series to a show folder",
        body=api_models.ShowBody,
        ok=responses.Updated,
        failures=(404, 422, 503),
    ),
    _sync("/syncmovies", api_models.SyncMoviesBody, responses.MoviesAdded, "Log watched movies"),
    _sync("/syncyoutube", api_models.SyncYouTubeBody, responses.VideosAdded, "Log YouTube videos"),
    _sync(
        "/syncspotify", api_models.SyncSpotifyBody, responses.EpisodesAdded, "Log Spotify episodes"
    ),
    Route(
        "GET",
        "/search",
        summary="Search TVDB for a series or a movie",
        ok=responses.SearchResults,
        failures=(400, 422, 503),
        query=(
            QueryParameter("query", required=True),
            QueryParameter("type", choices=("series", "movie")),
        ),
    ),
    Route(
        "POST",
        "/linkcode",
        summary="A single-use code to link a Telegram account",
        ok=responses.LinkCode,
    ),
    Route(
        "GET",
        "/openapi.json",
        authenticated=False,
        summary="This document",
        ok=responses.OpenApiDocument,
    ),
)
"""Routes of the API Lambda (the Telegram webhook is a separate function and route)."""

TELEGRAM_WEBHOOK_PATH = "/telegram/webhook"
"""Route of the bot's webhook Lambda: no Basic auth, checked by Telegram's secret-token header."""


def route_for(method: str, path: str) -> tuple[Route | None, tuple[str, ...]]:
    """The route whose path is the request path's last segment, and the methods that path allows.

    Only the last segment counts, so a base URL with a stage or prefix
    (``/prod/progress``, ``/some/prefix/sync``) reaches the same route.
    """
    last = "/" + path.rstrip("/").rsplit("/", 1)[-1]
    candidates = [r for r in ROUTES if r.path == last]
    match = next((r for r in candidates if r.method == method), None)
    return match, tuple(r.method for r in candidates)
