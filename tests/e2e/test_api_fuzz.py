"""Schema-driven fuzzing of ``immersion-tracker serve``: every route, bodies from the document.

Requests are generated from the served ``/openapi.json`` itself (valid bodies from each
request schema, plus arbitrary JSON and bytes), sent over loopback to the real server, and
every answer is held against the same document: no ``5xx``, a documented status, a body that
matches the documented schema, and ``{"message"}`` on every ``4xx`` (process and socket I/O).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handlers.http.routes import ROUTES
from tests.fakes.providers import ProviderFake
from tests.support.api_server import RunningApi, running_api
from tests.support.schema_strategies import from_schema, json_values

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

EXAMPLES_PER_ROUTE = 30

@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApi]:
    with ProviderFake() as providers, running_api(
        tmp_path_factory.mktemp("fuzz"), providers.environment()
    ) as running:
        yield running


@pytest.fixture(scope="module")
def document(api: RunningApi) -> dict[str, Any]:
    answer = httpx.get(api.base_url + "/openapi.json", timeout=30)
    assert answer.status_code == 200
    return dict(answer.json())


@pytest.fixture(scope="module")
def http(api: RunningApi) -> Iterator[httpx.Client]:
    with api.client() as client:
        yield client


def _rooted(schema: dict[str, Any], document: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with the document's components beside it, so local ``$ref``s resolve."""
    return {**schema, "components": document.get("components", {})}


def _body_strategy(operation: dict[str, Any], document: dict[str, Any]) -> st.SearchStrategy[bytes]:
    raw = st.binary(max_size=64)
    arbitrary = json_values.map(lambda value: json.dumps(value).encode())
    content = (operation.get("requestBody") or {}).get("content", {})
    schema = content.get("application/json", {}).get("schema")
    if schema is None:
        return st.one_of(st.just(b""), arbitrary)
    valid = from_schema(schema, document).map(lambda value: json.dumps(value).encode())
    return st.one_of(valid, valid, arbitrary, raw)


def _query_strategy(operation: dict[str, Any]) -> st.SearchStrategy[dict[str, str]]:
    fields: dict[str, st.SearchStrategy[str]] = {}
    for parameter in operation.get("parameters", []):
        if parameter.get("in") != "query":
            continue
        enum = parameter.get("schema", {}).get("enum")
        value = st.sampled_from([str(v) for v in enum]) if enum else st.text(max_size=40)
        fields[parameter["name"]] = value
    return st.fixed_dictionaries({}, optional=fields)


def _check_answer(answer: httpx.Response, operation: dict[str, Any], doc: dict[str, Any]) -> None:
    assert answer.status_code < 500, answer.text
    documented = operation["responses"]
    assert str(answer.status_code) in documented, (answer.status_code, answer.text)
    kind = answer.headers.get("content-type", "").split(";")[0]
    if kind != "application/json":
        # An export: its text type must be one the document names for this status.
        assert kind in documented[str(answer.status_code)].get("content", {}), kind
        return
    body = answer.json()
    if answer.status_code >= 400:
        assert isinstance(body, dict) and isinstance(body.get("message"), str), body
        assert body["message"].strip()
    schema = documented[str(answer.status_code)].get("content", {}).get("application/json", {})
    if "schema" in schema:
        jsonschema.validate(body, _rooted(schema["schema"], doc))


@pytest.mark.parametrize(
    "route", [r for r in ROUTES if r.authenticated], ids=lambda r: f"{r.method} {r.path}"
)
def test_no_route_fails_or_leaves_its_document(
    route: Any, api: RunningApi, document: dict[str, Any], http: httpx.Client
) -> None:
    operation = document["paths"][route.path][route.method.lower()]

    @settings(
        max_examples=EXAMPLES_PER_ROUTE,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(body=_body_strategy(operation, document), query=_query_strategy(operation))
    def one_request(body: bytes, query: dict[str, str]) -> None:
        answer = http.request(
            route.method,
            route.path,
            params=query,
            content=body if route.method != "GET" else None,
            headers={"Content-Type": "application/json"},
        )
        _check_answer(answer, operation, document)

    one_request()


def test_unauthenticated_requests_get_the_documented_refusal(
    api: RunningApi, document: dict[str, Any]
) -> None:
    with httpx.Client(base_url=api.base_url, timeout=30) as anonymous:
        for route in (r for r in ROUTES if r.authenticated):
            operation = document["paths"][route.path][route.method.lower()]
            for auth in (None, (api.user, "wrong password"), ("nobody", "x")):
                answer = anonymous.request(route.method, route.path, auth=auth)
                assert answer.status_code in (401, 403, 429), answer.text
                _check_answer(answer, operation, document)
