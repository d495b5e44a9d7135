"""The OpenAPI 3.1 description of the REST API, built from the request models (no I/O)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from pydantic import BaseModel

from handlers.http import api_models
from handlers.service.request_limits import size_limit_text

_ERROR = {"$ref": "#/components/schemas/Error"}
_PARTIAL = {"$ref": "#/components/schemas/PartialFailure"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*statuses: int) -> dict[str, Any]:
    text = {
        400: "Malformed JSON, wrong types or missing fields (the message names the field)",
        401: "No Authorization header (with WWW-Authenticate: Basic)",
        403: "Wrong user or password, or ?user= naming another user",
        404: "No such show folder",
        413: size_limit_text(),
        422: "Unknown provider id: what succeeded stays written; failed lists the rest",
        503: "Provider or store unavailable after retries",
    }
    return {str(s): _json(_PARTIAL if s in (422, 503) else _ERROR, text[s]) for s in statuses}


def _count(name: str) -> dict[str, Any]:
    return {"type": "object", "required": [name], "properties": {name: {"type": "integer"}}}


def _sync(model: type[BaseModel], count: str, summary: str) -> dict[str, Any]:
    return {
        "post": {
            "summary": summary,
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {"$ref": f"#/components/schemas/{model.__name__}"}
                    }
                },
            },
            "responses": {
                "200": _json(_count(count), "Counts of new items"),
                **_errors(400, 401, 403, 413, 422, 503),
            },
        }
    }


def _nullable(kind: str) -> dict[str, Any]:
    return {"type": [kind, "null"]}


@lru_cache(maxsize=1)
def openapi_document() -> dict[str, Any]:
    """The document served at ``GET /openapi.json``."""
    models: list[type[BaseModel]] = [
        api_models.SyncEpisodesBody,
        api_models.ShowBody,
        api_models.SyncMoviesBody,
        api_models.SyncYouTubeBody,
        api_models.SyncSpotifyBody,
    ]
    schemas: dict[str, Any] = {}
    for model in models:
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(schema.pop("$defs", {}))
        schemas[model.__name__] = schema
    schemas["Error"] = {
        "type": "object",
        "required": ["message"],
        "properties": {"message": {"type": "string"}},
    }
    schemas["PartialFailure"] = {
        "type": "object",
        "required": ["message"],
        "properties": {
            "message": {"type": "string"},
            "failed": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"id": {"type": "string"}, "reason": {"type": "string"}},
                },
            },
        },
        "additionalProperties": {"type": "integer"},
    }
    show = {
        "type": "object",
        "properties": {
            "folder_name": {"type": "string"},
            "tvdb_id": _nullable("integer"),
            "tvdb_name": _nullable("string"),
            "tvdb_image": _nullable("string"),
        },
    }
    paths: dict[str, Any] = {
        "/progress": {
            "get": {
                "summary": "Progress statistics",
                "responses": {
                    "200": _json({"type": "object"}, "Statistics (see the progress contract)"),
                    **_errors(401, 403, 503),
                },
            }
        },
        "/shows": {
            "get": {
                "summary": "Show folders",
                "responses": {
                    "200": _json(
                        {
                            "type": "object",
                            "properties": {"shows": {"type": "array", "items": show}},
                        },
                        "Shows in folder order",
                    ),
                    **_errors(401, 403, 503),
                },
            }
        },
        "/sync": _sync(api_models.SyncEpisodesBody, "episodes_added", "Log watched episodes"),
        "/show": {
            "put": {
                "summary": "Attach a TVDB series to a show folder",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/ShowBody"}}
                    },
                },
                "responses": {
                    "200": _json({"type": "object"}, "Updated"),
                    **_errors(400, 401, 403, 404, 422, 503),
                },
            }
        },
        "/syncmovies": _sync(api_models.SyncMoviesBody, "movies_added", "Log watched movies"),
        "/syncyoutube": _sync(api_models.SyncYouTubeBody, "videos_added", "Log YouTube videos"),
        "/syncspotify": _sync(api_models.SyncSpotifyBody, "episodes_added", "Log Spotify episodes"),
        "/search": {
            "get": {
                "summary": "Search TVDB",
                "parameters": [
                    {
                        "name": "query",
                        "in": "query",
                        "required": True,
                        "schema": {"type": "string"},
                    },
                    {"name": "type", "in": "query", "schema": {"enum": ["series", "movie"]}},
                ],
                "responses": {
                    "200": _json(
                        {
                            "type": "object",
                            "properties": {
                                "results": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "properties": {
                                            "tvdb_id": {"type": "integer"},
                                            "name": {"type": "string"},
                                            "year": _nullable("string"),
                                            "image_url": _nullable("string"),
                                        },
                                    },
                                }
                            },
                        },
                        "Top matches",
                    ),
                    **_errors(400, 401, 403, 422, 503),
                },
            }
        },
        "/linkcode": {
            "post": {
                "summary": "A single-use code to link a Telegram account",
                "responses": {
                    "200": _json(
                        {
                            "type": "object",
                            "properties": {
                                "code": {"type": "string"},
                                "expires_in": {"type": "integer"},
                            },
                        },
                        "The code",
                    ),
                    **_errors(401, 403),
                },
            }
        },
        "/openapi.json": {
            "get": {
                "summary": "This document",
                "security": [],
                "responses": {"200": {"description": "OpenAPI document"}},
            }
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "Immersion Tracker API", "version": "1"},
        "security": [{"basic": []}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {"basic": {"type": "http", "scheme": "basic"}},
        },
    }
