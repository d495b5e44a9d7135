"""The capture routes: integrations, player events, captured sessions (no I/O of their own).

``POST /capture/{source}`` is opened by a capture token alone (``Authorization: Bearer`` or
``?token=``, as Plex can send no header), never by a password; every other route refuses
such a token.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

from handlers.http.capture_models import (
    Captured,
    CaptureListed,
    Captures,
    IntegrationBody,
    IntegrationListed,
    Integrations,
    NewIntegration,
)
from handlers.http.exchange import ApiRequest, ApiResponse, Handler, Responder, header_of
from handlers.http.multipart import MultipartReader, boundary_of
from handlers.http.responses import ErrorBody
from handlers.service import InvalidInput, Unauthorized

CAPTURE_MAX_BYTES = 10 * 1024 * 1024
"""Largest capture body (Plex's with its thumbnail); the thumbnail is dropped as it streams."""
CAPTURE_ROUTE = ("POST", "/capture/{source}")
FORM_PARTS = frozenset({"payload", "data"})
"""The form fields a capture reads: Plex's ``payload``, older Emby's ``data``."""


def capture_token(request: ApiRequest) -> str | None:
    """The token of a capture request: the Bearer header, else ``?token=``; Basic is refused."""
    header = request.header("Authorization") or ""
    scheme, _, value = header.partition(" ")
    if header and scheme.lower() != "bearer":
        raise Unauthorized("Capture takes a capture token, not a password.")
    return value.strip() or request.query.get("token") or None


def refuse_capture_token(request: ApiRequest, is_token: Callable[[str | None], bool]) -> None:
    """A capture token opens only ``/capture/*``: anywhere else it is a 401."""
    header = request.header("Authorization") or ""
    if is_token(header.partition(" ")[2].strip()) or is_token(request.query.get("token")):
        raise Unauthorized("A capture token opens only /capture/; sign in instead.")


def capture_stream(route: tuple[str, str] | None,
                   headers: dict[str, str]) -> MultipartReader | None:
    """A reader for a capture's multipart body, fed as it arrives; None for any other body."""
    if route != CAPTURE_ROUTE:
        return None
    content_type = header_of(headers, "Content-Type")
    boundary = boundary_of(content_type)
    return None if boundary is None else MultipartReader(boundary, FORM_PARTS)


def capture_body(request: ApiRequest) -> bytes:
    """The JSON the event is in: the body, or the form field a multipart or form carries."""
    content_type = request.header("Content-Type")
    fields = request.form
    if fields is None:
        boundary = boundary_of(content_type)
        if boundary is not None:
            reader = MultipartReader(boundary, FORM_PARTS)
            reader.feed(request.body)
            fields = reader.finish()
        elif (content_type or "").lower().startswith("application/x-www-form-urlencoded"):
            form = parse_qs(request.body.decode("utf-8", "replace"))
            fields = {k: v[0].encode("utf-8") for k, v in form.items() if k in FORM_PARTS}
    if fields is None:
        return request.body
    for name in ("payload", "data"):
        if name in fields:
            return bytes(fields[name])
    raise InvalidInput("payload: the form has no payload (or data) field.")


def _base_url(request: ApiRequest, suffix: str) -> str:
    """Where this request came in, so the URL reaches this same server (a stage included)."""
    host = request.header("X-Forwarded-Host") or request.header("Host") or "localhost"
    scheme = (request.header("X-Forwarded-Proto") or "http").split(",")[0].strip()
    path = request.path.split("?")[0]
    prefix = path[: -len(suffix)] if path.endswith(suffix) else ""
    return f"{scheme}://{host}{prefix}"


def capture_handlers(api: Responder) -> dict[tuple[str, str], Handler]:
    """The capture routes' handlers, bound to ``api``."""
    # The area is looked up when a route is answered: building the router builds none.

    def connect(request: ApiRequest, user: str) -> ApiResponse:
        body = api.parse(request, IntegrationBody)
        made, token = api.service.capture.connect(user, body.name, body.source,
                                                  body.require_language)
        base = _base_url(request, "/integrations")
        url = f"{base}/capture/{made.source}?token={token}"
        _source, steps, template = api.service.capture.setup(made.source, url)
        return api.send(NewIntegration(id=made.id, name=made.name, source=made.source,
                                       token=token, capture_url=url, created_at=made.created_at,
                                       steps=steps, template=template), 201)

    def listed(_request: ApiRequest, user: str) -> ApiResponse:
        found = [IntegrationListed(id=i.id, name=i.name, source=i.source,
                                   created_at=i.created_at, last_used_at=i.last_used_at,
                                   sessions=i.sessions)
                 for i in api.service.capture.connections(user)]
        return api.send(Integrations(found))

    def revoke(request: ApiRequest, user: str) -> ApiResponse:
        api.service.capture.revoke(user, request.path_params["id"])
        response = api.send(Captured(state="closed"), 204)
        response.body = ""
        return response

    def event(request: ApiRequest, _user: str) -> ApiResponse:
        try:
            token = capture_token(request)
            answer = api.service.capture.capture(token, request.path_params["source"],
                                     lambda: capture_body(request))
        except Unauthorized as refused:
            response = api.send(ErrorBody(message=refused.message), 401)
            # A token is asked for here, never a password (no browser login prompt).
            response.headers["WWW-Authenticate"] = 'Bearer realm="immersion-tracker capture"'
            return response
        response = api.send(Captured.model_validate(answer), 202)
        # The contract leaves out what an answer does not have (no reason, no session).
        response.body = json.dumps(Captured.model_validate(answer).model_dump(
            exclude_none=True), ensure_ascii=False)
        return response

    def sessions(request: ApiRequest, user: str) -> ApiResponse:
        found = api.service.capture.captures(user, request.query.get("state") or None)
        return api.send(Captures(captures=[CaptureListed(**_listed(s)) for s in found]))

    def accept(request: ApiRequest, user: str) -> ApiResponse:
        accepted = api.service.capture.accept(user, request.path_params["id"])
        return api.send(CaptureListed(**_listed(accepted)))

    return {
        ("POST", "/integrations"): connect,
        ("GET", "/integrations"): listed,
        ("DELETE", "/integrations/{id}"): revoke,
        ("POST", "/capture/{source}"): event,
        ("GET", "/captures"): sessions,
        ("POST", "/captures/{id}/accept"): accept,
    }


def _listed(found: Any) -> dict[str, Any]:
    return dict(found.__dict__)
