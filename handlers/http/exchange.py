"""The transport-neutral exchange: a request, a response, and what a route handler may use (no I/O).

The router, its route modules and every door (the Lambda adapter, the ASGI server) speak
these types; the route modules see the router only through :class:`Responder`, so none of
them imports the router that imports them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any, Protocol

from pydantic import BaseModel

from handlers.http.request_body import Body, is_text

if TYPE_CHECKING:
    from handlers.service import Service


def header_of(headers: Mapping[str, str], name: str) -> str | None:
    """The value of header ``name``, in whatever case it was given (a request's or an
    answer's)."""
    wanted = name.lower()
    return next((v for k, v in headers.items() if k.lower() == wanted), None)


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
    path_params: dict[str, str] = field(default_factory=dict)
    """Parameters of the route's path (``{id}``), filled in by the router."""
    body_file: IO[bytes] | None = None
    """An import's body spooled to a temporary file as it arrived (the local server), so a
    large upload is never held in memory; ``body`` is then empty."""
    form: dict[str, bytes] | None = None
    """The kept parts of a multipart body a server read as it streamed (``body`` is then
    empty): a capture keeps its JSON part and drops a thumbnail as it arrives."""

    def header(self, name: str) -> str | None:
        return header_of(self.headers, name)


@dataclass
class ApiResponse:
    status: int
    body: str
    headers: dict[str, str] = field(default_factory=dict)
    stream: Iterator[str] | None = None
    """A body produced while it is sent (an export); ``body`` is then empty. Servers send it
    chunk by chunk; the Lambda adapter must gather it (API Gateway cannot stream)."""
    binary: bytes | None = None
    """A body of bytes (an image); ``body`` is then empty. Lambda sends it base64-encoded."""

    def json(self) -> Any:
        return json.loads(self.body)


Handler = Callable[[ApiRequest, str], ApiResponse]
"""A route's handler: the request and the verified user ("" on a public route)."""


def api_headers(web_origin: str) -> dict[str, str]:
    """The headers of every API answer, errors included, on every door."""
    return {
        "Content-Type": "application/json; charset=utf-8",
        "Access-Control-Allow-Origin": web_origin,
        # A JSON answer must never be sniffed into a script or a page.
        "X-Content-Type-Options": "nosniff",
    }


def send(body: BaseModel, web_origin: str, status: int = 200) -> ApiResponse:
    """The response carrying ``body``: the model's fields in order, non-ASCII as is."""
    return _answer(body.model_dump(by_alias=True), web_origin, status)


def send_built(model: type[BaseModel], fields: Mapping[str, Any], web_origin: str,
               status: int = 200) -> ApiResponse:
    """The response carrying ``fields``, a body the service builds in ``model``'s shape
    already (its fields in order, each of the type it names), sent as built: the bytes
    ``send`` gives for it (a test holds each such body to that), without a validation and
    a dump per request. ``/progress`` lists every movie: at 20,000 entries those two took
    more time than the whole read. A body whose fields are not the model's is refused."""
    if list(fields) != list(model.model_fields):
        raise ValueError(f"the body does not have the fields of {model.__name__}, in order")
    return _answer(fields, web_origin, status)


def _answer(fields: Mapping[str, Any], web_origin: str, status: int) -> ApiResponse:
    # A body is a tree built per request, never a cycle: the encoder's check of every
    # container it enters is a sixth of its time on /progress's list of every movie.
    text = json.dumps(fields, ensure_ascii=False, check_circular=False)
    if not is_text(text):
        # A stored lone surrogate must not break the transport's UTF-8 encoding.
        text = json.dumps(fields, check_circular=False)
    return ApiResponse(status, text, api_headers(web_origin))


class Responder(Protocol):
    """What a route module's handlers use of the router: the service, body parsing, answers."""

    @property
    def service(self) -> Service: ...

    def send(self, body: BaseModel, status: int = 200) -> ApiResponse: ...

    def parse(self, request: ApiRequest, model: type[Body]) -> Body: ...
