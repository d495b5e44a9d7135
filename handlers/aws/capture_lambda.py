"""AWS Lambda entry for ``POST /capture/{source}``: player events, authorised by a token (I/O).

A function of its own, so a flood of player events cannot take the API's concurrency, and
its role reads and writes the table only: it holds no secret (no password hash, no
provider key), since a capture token is checked against its digest in the table.
"""

from __future__ import annotations

from typing import Any

from handlers.aws.proxy_events import request_from_event, response_to_proxy
from handlers.http.api import Api
from handlers.http.exchange import ApiResponse, api_headers
from handlers.http.routes import route_for
from handlers.service import Service
from handlers.settings import load_settings
from storage.url import open_repository

_router: Api | None = None
CAPTURE_ROUTE = ("POST", "/capture/{source}")


def _capture_router() -> Api:
    # Built once per warm container, without secrets: capture needs the table alone.
    global _router
    if _router is None:
        # No provider is ever called here: their clients' module (httpx) loads only to
        # say so, on the first event rather than with the entry.
        from metadata_clients.settings import ProviderClients

        settings = load_settings()
        service = Service(repo=open_repository(settings.storage_url()),
                          providers=ProviderClients(None, None, None, None), settings=settings)
        _router = Api(service, service.accounts.authenticator)
    return _router


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Answer one player's event; any other route is not this function's (404)."""
    request = request_from_event(event)
    route = route_for(request.method.upper(), request.path)[0]
    if route is None or route.key != CAPTURE_ROUTE:
        body = '{"message": "There is no such route."}'
        return response_to_proxy(ApiResponse(404, body, api_headers("*")))
    # The token is the only credential here: an authorizer's principal never applies.
    request.principal = None
    return response_to_proxy(_capture_router().handle(request))
