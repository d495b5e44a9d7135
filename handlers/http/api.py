"""The REST API: routing, authentication, request validation and error mapping (no I/O of its own).

Both doors — the API Gateway Lambda and the local HTTP server — turn their request into an
:class:`ApiRequest` and return what :meth:`Api.handle` answers, so status codes, headers and
bodies are the same everywhere.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from handlers.http import api_models
from handlers.http.basic_auth import basic_credentials
from handlers.http.errors import HANDLED, message_of, report_status, status_of
from handlers.http.routes import ROUTES, Route
from handlers.service.accounts import Authenticator
from handlers.service.errors import Forbidden, InvalidInput, TooLarge, Unauthorized
from handlers.service.facade import Service
from handlers.service.sync_episodes import EpisodeRef
from handlers.service.sync_movies import MovieRef
from handlers.service.sync_report import SyncReport

log = logging.getLogger(__name__)

Body = TypeVar("Body", bound=BaseModel)

_LIST_FIELDS = ("episodes", "movies", "video_ids", "episode_ids")


@dataclass
class ApiRequest:
    """A transport-neutral HTTP request."""

    method: str
    path: str
    headers: Mapping[str, str] = field(default_factory=dict)
    query: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""
    principal: str | None = None
    """The user an upstream authorizer already verified (API Gateway), if any."""

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        return next((v for k, v in self.headers.items() if k.lower() == wanted), None)


@dataclass
class ApiResponse:
    status: int
    body: str
    headers: dict[str, str] = field(default_factory=dict)

    def json(self) -> Any:
        return json.loads(self.body)


def route_for(method: str, path: str) -> tuple[Route | None, bool]:
    """The route whose path is the request path's last segment, and whether the path exists."""
    last = "/" + path.rstrip("/").rsplit("/", 1)[-1]
    candidates = [r for r in ROUTES if r.path == last]
    match = next((r for r in candidates if r.method == method), None)
    return match, bool(candidates)


def _field_error(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "body"
    return f"{where}: {first['msg']}"


class Api:
    """Answers every route of the REST contract."""

    def __init__(self, service: Service, authenticator: Authenticator) -> None:
        self.service = service
        self.authenticator = authenticator
        self._handlers: dict[tuple[str, str], Callable[[str, ApiRequest], ApiResponse]] = {
            ("GET", "/progress"): lambda user, _: self._ok(self.service.progress(user)),
            ("GET", "/shows"): lambda user, _: self._ok({"shows": self.service.shows(user)}),
            ("POST", "/sync"): self._sync_episodes,
            ("PUT", "/show"): self._update_show,
            ("POST", "/syncmovies"): self._sync_movies,
            ("POST", "/syncyoutube"): self._sync_youtube,
            ("POST", "/syncspotify"): self._sync_spotify,
            ("GET", "/search"): self._search,
            ("POST", "/linkcode"): self._link_code,
        }

    # --- plumbing -------------------------------------------------------------------
    def _headers(self) -> dict[str, str]:
        return {
            "Content-Type": "application/json; charset=utf-8",
            "Access-Control-Allow-Origin": self.service.settings.web_origin,
        }

    def _ok(self, body: Any, status: int = 200) -> ApiResponse:
        return ApiResponse(status, json.dumps(body, ensure_ascii=False), self._headers())

    def _error(self, status: int, message: str) -> ApiResponse:
        response = self._ok({"message": message}, status)
        if status == 401:
            response.headers["WWW-Authenticate"] = 'Basic realm="immersion-tracker"'
        return response

    def _report(self, report: SyncReport, count_field: str) -> ApiResponse:
        body: dict[str, Any] = {count_field: report.added_count}
        if report.failed:
            noun = "item" if len(report.failed) == 1 else "items"
            reason = "the provider is unavailable" if report.provider_unavailable else "see failed"
            body = {
                "message": f"{len(report.failed)} {noun} could not be logged ({reason}); "
                f"{report.added_count} added.",
                count_field: report.added_count,
                "failed": [{"id": f.id, "reason": f.reason} for f in report.failed],
            }
        return self._ok(body, report_status(report))

    def _parse(self, request: ApiRequest, model: type[Body]) -> Body:
        try:
            data = json.loads(request.body or b"null")
        except (ValueError, UnicodeDecodeError) as error:
            raise InvalidInput(f"The body is not valid JSON: {error}.") from None
        if not isinstance(data, dict):
            raise InvalidInput("The body must be a JSON object.")
        limit = self.service.settings.max_items_per_request
        for name in _LIST_FIELDS:
            value = data.get(name)
            if isinstance(value, list) and len(value) > limit:
                raise TooLarge(f"{name}: at most {limit} items per request (got {len(value)}).")
        try:
            return model.model_validate(data)
        except ValidationError as error:
            raise InvalidInput(_field_error(error)) from None

    # --- entry point ------------------------------------------------------------------
    def handle(self, request: ApiRequest) -> ApiResponse:
        """Answer one request; never raises."""
        method = request.method.upper()
        if method == "OPTIONS":
            response = self._ok({})
            response.headers["Access-Control-Allow-Headers"] = "Authorization,Content-Type"
            response.headers["Access-Control-Allow-Methods"] = "GET,POST,PUT,OPTIONS"
            return response
        route, path_exists = route_for(method, request.path)
        if route is None:
            if path_exists:
                return self._error(405, f"{method} is not allowed on this route.")
            return self._error(404, "There is no such route.")
        try:
            if len(request.body) > self.service.settings.max_body_bytes:
                raise TooLarge(f"The body exceeds {self.service.settings.max_body_bytes} bytes.")
            if not route.authenticated:
                from handlers.http.openapi import openapi_document

                return self._ok(openapi_document())
            user = self._authenticate(request)
            return self._handlers[(route.method, route.path)](user, request)
        except HANDLED as error:
            return self._error(status_of(error), message_of(error))
        except Exception as error:
            log.exception("unhandled error on %s %s", method, route.path)
            return self._error(500, message_of(error))

    def _authenticate(self, request: ApiRequest) -> str:
        if request.principal:
            user = request.principal
        else:
            header = request.header("Authorization")
            if not header:
                raise Unauthorized("Unauthorized")
            credentials = basic_credentials(header)
            if credentials is None or not self.authenticator.verify(*credentials):
                raise Forbidden("Wrong user name or password.")
            user = credentials[0]
        asked = request.query.get("user")
        if asked is not None and asked != user:
            raise Forbidden("You can only read and write your own data.")
        return user

    # --- routes ------------------------------------------------------------------------
    def _sync_episodes(self, user: str, request: ApiRequest) -> ApiResponse:
        body = self._parse(request, api_models.SyncEpisodesBody)
        refs = [EpisodeRef(e.folder_name, e.file_name) for e in body.episodes]
        return self._report(self.service.sync_episodes(user, refs), "episodes_added")

    def _update_show(self, user: str, request: ApiRequest) -> ApiResponse:
        body = self._parse(request, api_models.ShowBody)
        self.service.update_show(user, body.folder_name, body.tvdb_id)
        return self._ok({})

    def _sync_movies(self, user: str, request: ApiRequest) -> ApiResponse:
        body = self._parse(request, api_models.SyncMoviesBody)
        refs = [MovieRef(m.file_name, m.tvdb_id, m.tmdb_id) for m in body.movies]
        return self._report(self.service.sync_movies(user, refs), "movies_added")

    def _sync_youtube(self, user: str, request: ApiRequest) -> ApiResponse:
        body = self._parse(request, api_models.SyncYouTubeBody)
        return self._report(self.service.sync_youtube(user, body.video_ids), "videos_added")

    def _sync_spotify(self, user: str, request: ApiRequest) -> ApiResponse:
        body = self._parse(request, api_models.SyncSpotifyBody)
        report = self.service.sync_spotify(user, body.episode_ids, backfill=body.backfill)
        return self._report(report, "episodes_added")

    def _search(self, _user: str, request: ApiRequest) -> ApiResponse:
        kind = request.query.get("type", "series")
        if kind not in ("series", "movie"):
            raise InvalidInput("type: must be 'series' or 'movie'.")
        results = self.service.search_tvdb(request.query.get("query", ""), kind)  # type: ignore[arg-type]
        return self._ok({"results": [asdict(r) for r in results]})

    def _link_code(self, user: str, _request: ApiRequest) -> ApiResponse:
        from handlers.service.telegram_links import CODE_LIFETIME_SECONDS, create_link_code

        code = create_link_code(self.service.repo, user, self.service.now_epoch())
        return self._ok({"code": code, "expires_in": CODE_LIFETIME_SECONDS})
