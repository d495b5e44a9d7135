"""The REST routes: one table for the router, OpenAPI and the infrastructure (no I/O)."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from handlers.http import api_models, capture_models, log_responses, responses, review_routes
from handlers.http.sessions import SignedIn, TelegramSignInBody, TokenSignedIn
from handlers.service import EntryChanges, LogRequest, SettingsChanges


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
    ok_status: int = 200
    headers: tuple[str, ...] = ()
    """Optional request headers the route reads (beyond authentication)."""

    @property
    def key(self) -> tuple[str, str]:
        return (self.method, self.path)

    @property
    def segments(self) -> tuple[str, ...]:
        return tuple(self.path.strip("/").split("/"))

    def match(self, segments: tuple[str, ...]) -> dict[str, str] | None:
        """The path parameters if the request path ends with this route's path, else None.

        A parameter (``{id}``) matches any one non-empty segment; the rest match literally.
        """
        own = self.segments
        if len(segments) < len(own):
            return None
        found: dict[str, str] = {}
        for mine, theirs in zip(own, segments[len(segments) - len(own) :], strict=True):
            if mine.startswith("{") and mine.endswith("}"):
                if not theirs:
                    return None
                found[mine[1:-1]] = theirs
            elif mine != theirs:
                return None
        return found


def _sync(path: str, body: type[BaseModel], ok: type[BaseModel], summary: str) -> Route:
    # Episodes from folders need no provider, so only the provider-backed syncs can fail per id.
    failures = () if path == "/sync" else (422, 503)
    return Route("POST", path, summary=summary, body=body, ok=ok, failures=failures)


_CAPTURE: tuple[Route, ...] = (
    # Players log themselves: integrations and their tokens, events, the captured sessions.
    Route("POST", "/integrations", summary="Connect a player: a capture token, shown once",
          body=capture_models.IntegrationBody, ok=capture_models.NewIntegration, ok_status=201),
    Route("GET", "/integrations", summary="The connected players (never their tokens)",
          ok=capture_models.Integrations),
    Route("DELETE", "/integrations/{id}", summary="Revoke a player's token at once",
          failures=(404,), ok_status=204),
    Route("POST", "/capture/{source}", authenticated=False,
          summary="A player's event (capture token: Bearer header or ?token=)",
          ok=capture_models.Captured, ok_status=202, failures=(400, 401, 404, 413),
          query=(QueryParameter("token"),)),
    Route("GET", "/captures", summary="Captured sessions, newest first",
          ok=capture_models.Captures, failures=(400,),
          query=(QueryParameter("state", choices=("open", "closed", "ignored")),)),
    Route("POST", "/captures/{id}/accept", summary="Count an ignored session anyway",
          ok=capture_models.CaptureListed, failures=(404,)),
)

ROUTES: tuple[Route, ...] = (
    Route("GET", "/progress", summary="Progress statistics", ok=responses.Progress),
    Route("GET", "/shows", summary="Show folders in folder order", ok=responses.Shows),
    _sync("/sync", api_models.SyncEpisodesBody, responses.EpisodesAdded, "Log watched episodes"),
    Route(
        "PUT",
        "/show",
        summary="Attach a TVDB series to a show folder, or say it is anime",
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
        "POST",
        "/log",
        summary="Log any immersion: minutes, or an amount with its unit",
        body=LogRequest,
        ok=log_responses.Logged,
        ok_status=201,
        failures=(409,),
        headers=("Idempotency-Key",),
    ),
    Route(
        "GET",
        "/history",
        summary="Every kind of entry, newest first, a page at a time",
        ok=log_responses.History,
        failures=(400,),
        query=(
            QueryParameter("limit"),
            QueryParameter("cursor"),
            QueryParameter("activity"),
            QueryParameter("from"),
            QueryParameter("to"),
        ),
    ),
    Route(
        "PATCH",
        "/history/{id}",
        summary="Change one entry",
        body=EntryChanges,
        ok=log_responses.OneEntry,
        failures=(404, 409),
    ),
    Route(
        "DELETE",
        "/history/{id}",
        summary="Remove exactly one entry",
        ok=log_responses.OneEntry,
        failures=(404, 409),
    ),
    Route(
        "GET",
        "/stats",
        summary="Minutes per local day, week or month, by group, activity and title",
        ok=log_responses.Stats,
        failures=(400,),
        query=(
            QueryParameter("from"),
            QueryParameter("to"),
            QueryParameter("bucket", choices=("day", "week", "month")),
        ),
    ),
    Route(
        "GET",
        "/review",
        summary="A year in review: total, days active, streak, busiest day, months, titles",
        ok=review_routes.Review,
        failures=(400,),
        query=(QueryParameter("year"),),
    ),
    Route(
        "GET",
        "/review.png",
        summary="The year in review as a shareable 1200×630 PNG card",
        ok=review_routes.ReviewCard,
        failures=(400, 422),
        query=(QueryParameter("year"),),
    ),
    Route(
        "GET",
        "/title",
        summary="One title: time, sessions, first and last day, weeks, reading speed",
        ok=review_routes.TitlePage,
        failures=(400, 404),
        query=(QueryParameter("name", required=True), QueryParameter("activity")),
    ),
    Route("GET", "/settings", summary="The user's settings", ok=log_responses.Settings),
    Route(
        "PUT",
        "/settings",
        summary="Change any subset of the settings",
        body=SettingsChanges,
        ok=log_responses.Settings,
    ),
    Route(
        "GET",
        "/export",
        summary="Every item (JSON Lines) or the history (CSV), streamed",
        ok=responses.ExportLines,
        failures=(400,),
        query=(QueryParameter("format", choices=("jsonl", "csv")),),
    ),
    Route(
        "POST",
        "/import",
        summary="Import an export of ours, another tracker's, or a reader's statistics (in"
        " place; the file's bytes, gzip too)",
        ok=responses.ImportResult,
        failures=(400,),
        query=(
            QueryParameter(
                "format", choices=("auto", "ours", "botsu", "tmw", "nihongotracker", "kechimochi",
                                   "ttu", "mokuro", "exstatic", "koreader", "anki")
            ),
            QueryParameter("dry_run", choices=("true", "false")),
        ),
    ),
    Route(
        "DELETE",
        "/imports/{import_id}",
        summary="Remove exactly what one import added",
        ok=responses.ImportRemoved,
        failures=(404,),
    ),
    Route(
        "GET",
        "/openapi.json",
        authenticated=False,
        summary="This document",
        ok=responses.OpenApiDocument,
    ),
    Route("GET", "/session", summary="Who is signed in", ok=SignedIn),
    Route("POST", "/session", summary="Sign in with a password: a session cookie", ok=SignedIn),
    Route(
        "POST",
        "/session/token",
        summary="Sign in with a password: a session token for the Mini App (no cookie)",
        ok=TokenSignedIn,
    ),
    Route(
        "DELETE",
        "/session",
        authenticated=False,
        summary="Sign out: the session ends and its cookie is cleared",
        ok=responses.Updated,
    ),
    Route(
        "POST",
        "/session/telegram",
        authenticated=False,
        summary="Sign in from the Telegram Mini App with its initData",
        body=TelegramSignInBody,
        ok=TokenSignedIn,
        failures=(403, 422),
    ),
    *_CAPTURE,
)
"""Routes of the API Lambda (the Telegram webhook is a separate function and route)."""

TELEGRAM_WEBHOOK_PATH = "/telegram/webhook"
"""Route of the bot's webhook Lambda: no Basic auth, checked by Telegram's secret-token header."""
DISCORD_INTERACTIONS_PATH = "/discord/interactions"
"""Route of the Discord door (its own Lambda, or mounted on ``serve``): no Basic auth, each
request is checked by its Ed25519 signature."""


def route_for(method: str, path: str) -> tuple[Route | None, tuple[str, ...], dict[str, str]]:
    """The route the request path ends with, the methods that path allows, its parameters.

    Only the route's own segments at the end of the path count, so a base URL with a stage
    or prefix (``/prod/progress``, ``/some/prefix/history/<id>``) reaches the same route.
    The longest matching route path wins (``/history/progress`` is an entry id).
    """
    segments = tuple(path.rstrip("/").split("/"))
    matches = [(r, params) for r in ROUTES if (params := r.match(segments)) is not None]
    if not matches:
        return None, (), {}
    longest = max(len(r.segments) for r, _ in matches)
    candidates = [(r, params) for r, params in matches if len(r.segments) == longest]
    chosen = next(((r, params) for r, params in candidates if r.method == method), None)
    allowed = tuple(r.method for r, _ in candidates)
    return (chosen[0], allowed, chosen[1]) if chosen else (None, allowed, {})
