"""The REST API router: route table dispatch, authentication, error answers (no I/O of its own).

Both doors — the API Gateway Lambda and the local HTTP server — turn their request into an
:class:`ApiRequest` and return what :meth:`Api.handle` answers, so status codes, headers and
bodies are the same everywhere.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict
from typing import TYPE_CHECKING

from pydantic import BaseModel

from handlers.http import api_models, portability_routes, responses
from handlers.http.auth import build_auth, check_origin
from handlers.http.capture_routes import CAPTURE_MAX_BYTES, capture_handlers, refuse_capture_token
from handlers.http.doors import MountedDoors, through
from handlers.http.errors import HANDLED, message_of, report_status, status_of
from handlers.http.exchange import (
    ApiRequest,
    ApiResponse,
    Handler,
    api_headers,
    send,
    send_built,
)
from handlers.http.log_handlers import log_handlers
from handlers.http.request_body import Body, is_text, parse_body
from handlers.http.review_routes import review_handlers
from handlers.http.routes import ROUTES, Route, route_for
from handlers.http.sessions import session_handlers
from handlers.service import Forbidden, InvalidInput, TooLarge, looks_like_token, size_limit_text

if TYPE_CHECKING:
    from handlers.service import Authenticator, Service, SyncReport

__all__ = ["Api", "ApiRequest", "ApiResponse", "api_headers"]
"""The router, and the exchange types its callers have always imported from here."""

log = logging.getLogger(__name__)

CORS_ALLOW_HEADERS = "Authorization,Content-Type"
CORS_ALLOW_METHODS = "GET,POST,PUT,OPTIONS"


class Api:
    """Answers every route of the REST contract through one dispatch table."""

    def __init__(self, service: Service, authenticator: Authenticator) -> None:
        self.service = service
        self.authenticator = authenticator
        self.auth = build_auth(
            lambda user, password: self.authenticator.verify(user, password),
            lambda token: self.service.sessions.user_of(token),
        )
        handlers: dict[tuple[str, str], Handler] = {
            ("GET", "/progress"): self._progress,
            ("GET", "/shows"): self._shows,
            ("POST", "/sync"): self._sync_episodes,
            ("PUT", "/show"): self._update_show,
            ("POST", "/syncmovies"): self._sync_movies,
            ("POST", "/syncyoutube"): self._sync_youtube,
            ("POST", "/syncspotify"): self._sync_spotify,
            ("GET", "/search"): self._search,
            ("POST", "/linkcode"): self._link_code,
            ("GET", "/export"): self._export,
            ("POST", "/import"): self._import,
            ("DELETE", "/imports/{import_id}"): self._undo_import,
            ("GET", "/openapi.json"): self._openapi,
            **log_handlers(self),
            **review_handlers(self),
            **session_handlers(self),
            **capture_handlers(self),
        }
        if set(handlers) != {route.key for route in ROUTES}:
            raise RuntimeError("the dispatch table and the route table name different routes")
        self.dispatch: dict[Route, Handler] = {route: handlers[route.key] for route in ROUTES}
        """Route → handler: the only way a request reaches code."""
        self.doors = MountedDoors()
        """Chat doors beside the routes (``POST`` only, no Basic auth; see ``doors``)."""

    # --- plumbing -------------------------------------------------------------------
    @property
    def size_limit(self) -> str:
        settings = self.service.settings
        return size_limit_text(settings.max_body_bytes, settings.max_items_per_request)

    def _headers(self) -> dict[str, str]:
        return api_headers(self.service.settings.web_origin)

    def send(self, body: BaseModel, status: int = 200) -> ApiResponse:
        """The response carrying ``body``: the model's fields in order, non-ASCII as is."""
        return send(body, self.service.settings.web_origin, status)

    def error(self, status: int, message: str) -> ApiResponse:
        response = self.send(responses.ErrorBody(message=message), status)
        if status == 401:
            response.headers["WWW-Authenticate"] = 'Basic realm="immersion-tracker"'
        return response

    def _report(self, report: SyncReport, added: type[BaseModel]) -> ApiResponse:
        return self.send(responses.report_body(report, added), report_status(report))

    def parse(self, request: ApiRequest, model: type[Body]) -> Body:
        """The request body as ``model``: a 400 naming the field, a 413 over the limits."""
        limit = self.service.settings.max_items_per_request
        return parse_body(request.body, model, self.size_limit, limit)

    # --- entry point ------------------------------------------------------------------
    def handle(self, request: ApiRequest) -> ApiResponse:
        """Answer one request; never raises."""
        method = request.method.upper()
        door = self.doors.find(request.path)
        if door is not None:
            status, body, extra = through(door, method, request.headers, request.body,
                                          self.service.settings.max_body_bytes)
            return ApiResponse(status, json.dumps(body, ensure_ascii=False),
                               {**self._headers(), **extra})
        if method == "OPTIONS":
            response = self.send(responses.Updated())
            response.headers["Access-Control-Allow-Headers"] = CORS_ALLOW_HEADERS
            response.headers["Access-Control-Allow-Methods"] = CORS_ALLOW_METHODS
            return response
        route, allowed, request.path_params = route_for(method, request.path)
        if route is None:
            if allowed:
                response = self.error(405, f"{method} is not allowed on this route.")
                response.headers["Allow"] = ",".join((*allowed, "OPTIONS"))
                return response
            return self.error(404, "There is no such route.")
        try:
            return self._dispatch(route, request)
        except HANDLED as error:
            response = self.error(status_of(error), message_of(error))
            if request.header("X-Requested-With"):
                # The page signs in with its own form; a challenge would open the browser's.
                response.headers.pop("WWW-Authenticate", None)
            return response
        except Exception as error:
            log.exception("unhandled error on %s %s", method, route.path)
            return self.error(500, message_of(error))

    def _dispatch(self, route: Route, request: ApiRequest) -> ApiResponse:
        if route.key == ("POST", "/import"):
            portability_routes.check_import_size(request, self.service.settings)
        elif route.key == ("POST", "/capture/{source}"):
            if len(request.body) > CAPTURE_MAX_BYTES:
                raise TooLarge(f"The body has {len(request.body)} bytes; at most 10 MB.")
        elif len(request.body) > self.service.settings.max_body_bytes:
            raise TooLarge(f"The body has {len(request.body)} bytes. {self.size_limit}")
        if not all(is_text(value) for value in request.query.values()):
            raise InvalidInput("A query parameter holds a lone UTF-16 surrogate; it is not text.")
        user = self._authenticate(request) if route.authenticated else ""
        return self.dispatch[route](request, user)

    def _authenticate(self, request: ApiRequest) -> str:
        # The token's shape alone: building the capture area for every request would load
        # its rules (and the logbook's) on a cold start's first request, whatever it asks.
        refuse_capture_token(request, looks_like_token)
        web_origin = self.service.settings.web_origin
        user = self.auth.user(
            request.header("Authorization"),
            request.header("Cookie"),
            vouched=request.principal,
            same_origin=lambda: check_origin(request.method, request.header, web_origin),
        )
        asked = request.query.get("user")
        if asked is not None and asked != user:
            raise Forbidden("You can only read and write your own data.")
        return user

    # --- routes ------------------------------------------------------------------------
    def _progress(self, _request: ApiRequest, user: str) -> ApiResponse:
        return send_built(responses.Progress, self.service.progress(user),
                          self.service.settings.web_origin)

    def _shows(self, _request: ApiRequest, user: str) -> ApiResponse:
        return self.send(responses.Shows.model_validate({"shows": self.service.shows(user)}))

    def _sync_episodes(self, request: ApiRequest, user: str) -> ApiResponse:
        # The sync rules load with the first sync, not with the router.
        from handlers.service import EpisodeRef

        body = self.parse(request, api_models.SyncEpisodesBody)
        refs = [EpisodeRef(e.folder_name, e.file_name) for e in body.episodes]
        return self._report(self.service.sync_episodes(user, refs), responses.EpisodesAdded)

    def _update_show(self, request: ApiRequest, user: str) -> ApiResponse:
        body = self.parse(request, api_models.ShowBody)
        self.service.update_show(user, body.folder_name, body.tvdb_id, body.activity)
        return self.send(responses.Updated())

    def _sync_movies(self, request: ApiRequest, user: str) -> ApiResponse:
        from handlers.service import MovieRef

        body = self.parse(request, api_models.SyncMoviesBody)
        refs = [MovieRef(m.file_name, m.tvdb_id, m.tmdb_id) for m in body.movies]
        return self._report(self.service.sync_movies(user, refs), responses.MoviesAdded)

    def _sync_youtube(self, request: ApiRequest, user: str) -> ApiResponse:
        body = self.parse(request, api_models.SyncYouTubeBody)
        return self._report(self.service.sync_youtube(user, body.video_ids), responses.VideosAdded)

    def _sync_spotify(self, request: ApiRequest, user: str) -> ApiResponse:
        body = self.parse(request, api_models.SyncSpotifyBody)
        report = self.service.sync_spotify(user, body.episode_ids, backfill=body.backfill)
        return self._report(report, responses.EpisodesAdded)

    def _search(self, request: ApiRequest, _user: str) -> ApiResponse:
        kind = request.query.get("type", "series")
        if kind not in ("series", "movie"):
            raise InvalidInput("type: must be 'series' or 'movie'.")
        results = self.service.search_tvdb(request.query.get("query", ""), kind)  # type: ignore[arg-type]
        hits = [responses.SearchHit.model_validate(asdict(r)) for r in results]
        return self.send(responses.SearchResults(results=hits))

    def _link_code(self, _request: ApiRequest, user: str) -> ApiResponse:
        from handlers.service import CODE_LIFETIME_SECONDS

        code = self.service.links.create_code(user)
        return self.send(responses.LinkCode(code=code, expires_in=CODE_LIFETIME_SECONDS))

    def _export(self, request: ApiRequest, user: str) -> ApiResponse:
        return portability_routes.export(self.service, request.query, user, self._headers())

    def _import(self, request: ApiRequest, user: str) -> ApiResponse:
        return self.send(portability_routes.import_body(self.service, request, user))

    def _undo_import(self, request: ApiRequest, user: str) -> ApiResponse:
        import_id = request.path_params["import_id"]
        removed, restored = self.service.portability.undo_import_counts(user, import_id)
        return self.send(responses.ImportRemoved(removed=removed, restored=restored))

    def _openapi(self, _request: ApiRequest, _user: str) -> ApiResponse:
        from handlers.http.openapi import openapi_document

        settings = self.service.settings
        document = openapi_document(settings.max_body_bytes, settings.max_items_per_request)
        return self.send(responses.OpenApiDocument.model_validate(document))
