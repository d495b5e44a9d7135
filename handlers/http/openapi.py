"""The OpenAPI 3.1 document of the REST API, generated from the route table and models (no I/O)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from pydantic import BaseModel

from handlers.http import responses, review_routes
from handlers.http.routes import ROUTES, Route
from handlers.service import size_limit_text

_REF = "#/components/schemas/{model}"

_WHEN = {
    400: "Malformed JSON, wrong types or missing fields (the message names the field)",
    401: "No Authorization header (answered with WWW-Authenticate: Basic)",
    403: "Wrong user or password, or ?user= naming another user",
    404: "No such show folder or entry (another user's entry is not found either)",
    409: "The entry was changed in between; load it again and retry",
    422: "Unknown provider id, or no credentials configured for the provider",
    429: "Too many failed logins from this address or for this name (see Retry-After)",
    503: "The provider or the store is unavailable after retries",
}


def _ref(model: type[BaseModel]) -> dict[str, str]:
    return {"$ref": _REF.format(model=model.__name__)}


def _content(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def error_statuses(route: Route) -> tuple[int, ...]:
    """Every non-200 status the route can answer (404/405 for unknown routes aside)."""
    statuses = set(route.failures) | ({401, 403, 429, 503} if route.authenticated else set())
    if route.body is not None:
        statuses |= {400, 413}
    return tuple(sorted(statuses))


def response_schema(route: Route, status: int) -> dict[str, Any]:
    """The schema of the route's body for ``status``: a sync route's 422/503 may be partial."""
    if status == route.ok_status:
        return _ref(route.ok)
    if status in (422, 503) and route.ok in responses.PARTIAL:
        return {"anyOf": [_ref(responses.partial_model(route.ok)), _ref(responses.ErrorBody)]}
    return _ref(responses.ErrorBody)


def _operation(route: Route, too_large: str) -> dict[str, Any]:
    ok = _content(response_schema(route, route.ok_status), route.summary)
    if route.ok is responses.ExportLines:
        plain = {"schema": {"type": "string"}}
        ok = {"description": route.summary,
              "content": {"application/x-ndjson": plain, "text/csv": plain}}
    if route.ok is review_routes.ReviewCard:
        ok = {"description": route.summary,
              "content": {"image/png": {"schema": {"type": "string", "format": "binary"}}}}
    answers = {str(route.ok_status): ok}
    for status in error_statuses(route):
        text = too_large if status == 413 else _WHEN[status]
        answers[str(status)] = _content(response_schema(route, status), text)
    operation: dict[str, Any] = {"summary": route.summary, "responses": answers}
    if not route.authenticated:
        operation["security"] = []
    if route.body is not None:
        json_body = {"application/json": {"schema": _ref(route.body)}}
        operation["requestBody"] = {"required": True, "content": json_body}
    parameters = [
        {"name": s[1:-1], "in": "path", "required": True, "schema": {"type": "string"}}
        for s in route.segments
        if s.startswith("{")
    ]
    parameters += [
        {
            "name": p.name,
            "in": "query",
            "required": p.required,
            "schema": {"enum": list(p.choices)} if p.choices else {"type": "string"},
        }
        for p in route.query
    ]
    parameters += [
        {"name": name, "in": "header", "required": False, "schema": {"type": "string"}}
        for name in route.headers
    ]
    if parameters:
        operation["parameters"] = parameters
    return operation


def _schemas() -> dict[str, Any]:
    models: set[type[BaseModel]] = {responses.ErrorBody}
    for route in ROUTES:
        models |= {route.ok, *([route.body] if route.body else [])}
        if route.ok in responses.PARTIAL:
            models.add(responses.partial_model(route.ok))
    schemas: dict[str, Any] = {}
    for model in sorted(models, key=lambda m: m.__name__):
        if model in {r.body for r in ROUTES}:
            schema = model.model_json_schema(ref_template=_REF, mode="validation")
        else:
            schema = model.model_json_schema(ref_template=_REF, mode="serialization")
        schemas.update(schema.pop("$defs", {}))
        schemas[model.__name__] = schema
    return schemas


@lru_cache(maxsize=4)
def openapi_document(max_body_bytes: int, max_items: int) -> dict[str, Any]:
    """The document served at ``GET /openapi.json`` for a deployment with these size limits."""
    too_large = size_limit_text(max_body_bytes, max_items)
    paths: dict[str, Any] = {}
    for route in ROUTES:
        paths.setdefault(route.path, {})[route.method.lower()] = _operation(route, too_large)
    return {
        "openapi": "3.1.0",
        "info": {"title": "Immersion Tracker API", "version": "1"},
        "security": [{"basic": []}],
        "paths": paths,
        "components": {
            "schemas": _schemas(),
            "securitySchemes": {"basic": {"type": "http", "scheme": "basic"}},
        },
    }
