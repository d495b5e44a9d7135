"""The OpenAPI document describes exactly the routes the API serves."""

from __future__ import annotations

from handlers.http.openapi import openapi_document
from handlers.http.routes import ROUTES


def test_every_served_route_and_no_other_is_described() -> None:
    paths = openapi_document()["paths"]
    described = {(method.upper(), path) for path, item in paths.items() for method in item}
    assert described == {(route.method, route.path) for route in ROUTES}


def test_request_bodies_point_at_described_schemas() -> None:
    document = openapi_document()
    schemas = document["components"]["schemas"]
    for item in document["paths"].values():
        for operation in item.values():
            body = operation.get("requestBody")
            if body:
                ref = body["content"]["application/json"]["schema"]["$ref"]
                assert ref.rsplit("/", 1)[-1] in schemas
