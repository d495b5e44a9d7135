"""Contract tests, API Gateway configuration vs the routes the code serves (reads files)."""

from __future__ import annotations

import fnmatch
from typing import Any

from handlers.aws import authorizer as authorizer_module
from handlers.http.openapi import openapi_document
from handlers.http.routes import DISCORD_INTERACTIONS_PATH, ROUTES, TELEGRAM_WEBHOOK_PATH
from tests.infra.terraform_config import as_list, load_module, reference

MODULE = load_module()
API_ROUTES: dict[str, dict[str, Any]] = MODULE.locals["api_routes"]
CAPTURE_ROUTES: dict[str, dict[str, Any]] = MODULE.locals["capture_routes"]
EVERY_ROUTE = {**API_ROUTES, **CAPTURE_ROUTES}
METHODS = MODULE.resources_of_type("aws_api_gateway_method")
RESOURCES = MODULE.resources_of_type("aws_api_gateway_resource")


def test_terraform_routes_are_exactly_the_code_routes() -> None:
    in_code = {(route.method, route.path, route.authenticated) for route in ROUTES}
    in_terraform = {(r["method"], r["path"], r["authenticated"]) for r in EVERY_ROUTE.values()}
    assert in_terraform == in_code
    assert not set(API_ROUTES) & set(CAPTURE_ROUTES)


def test_public_routes_are_the_ones_the_openapi_document_serves_without_auth() -> None:
    document = openapi_document(1_000_000, 1000)
    without_auth = {
        (method.upper(), path)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if operation.get("security") == []
    }
    public = {(r["method"], r["path"]) for r in EVERY_ROUTE.values() if not r["authenticated"]}
    assert without_auth == public


def test_route_keys_say_method_and_path() -> None:
    for key, route in EVERY_ROUTE.items():
        assert key == f"{route['method']} {route['path']}"


def test_route_paths_are_one_segment_or_one_and_a_parameter() -> None:
    # aws_api_gateway_resource.route hangs each first segment off the root,
    # aws_api_gateway_resource.child a parameter ("{id}") or a word ("telegram") off it, and
    # aws_api_gateway_resource.grandchild a word off that ("/captures/{id}/accept").
    assert RESOURCES["route"]["parent_id"] == "${aws_api_gateway_rest_api.this.root_resource_id}"
    assert RESOURCES["child"]["parent_id"] == (
        "${aws_api_gateway_resource.route[each.value.parent].id}"
    )
    assert RESOURCES["grandchild"]["parent_id"] == (
        "${aws_api_gateway_resource.child[each.value.parent].id}"
    )
    for route in API_ROUTES.values():
        segments = route["path"].removeprefix("/").split("/")
        assert route["path"].startswith("/") and len(segments) in (1, 2, 3), route
        if len(segments) >= 2 and segments[1].startswith("{"):
            assert segments[1].endswith("}"), route
        if len(segments) == 3:
            assert not segments[2].startswith("{"), route


def test_route_resources_and_methods_are_generated_from_the_route_map() -> None:
    assert "local.api_routes" in MODULE.locals["api_paths"]
    assert "local.api_paths" in MODULE.locals["api_top_paths"]
    assert "local.api_paths" in MODULE.locals["api_child_prefixes"]
    assert "local.api_child_prefixes" in MODULE.locals["api_child_paths"]
    assert "local.api_paths" in MODULE.locals["api_grandchild_paths"]
    assert reference(RESOURCES["route"]["for_each"]) == "local.api_top_paths"
    assert reference(RESOURCES["child"]["for_each"]) == "local.api_child_paths"
    assert reference(RESOURCES["grandchild"]["for_each"]) == "local.api_grandchild_paths"
    method = METHODS["route"]
    assert reference(method["resource_id"]) == "local.api_resource_ids[each.value.path]"
    assert reference(method["for_each"]) == "local.api_routes"
    assert reference(method["http_method"]) == "each.value.method"
    assert method["authorization"] == '${each.value.authenticated ? "CUSTOM" : "NONE"}'
    assert method["authorizer_id"] == (
        "${each.value.authenticated ? aws_api_gateway_authorizer.basic.id : null}"
    )
    integration = MODULE.resource("aws_api_gateway_integration", "route")
    assert reference(integration["for_each"]) == "local.api_routes"
    assert integration["type"] == "AWS_PROXY"
    assert reference(integration["uri"]) == "module.api_function.invoke_arn"


def test_there_are_no_other_methods_than_routes_preflight_webhooks_and_capture() -> None:
    assert set(METHODS) == {"route", "preflight", "telegram_webhook", "discord_interactions",
                            "capture"}
    preflight = METHODS["preflight"]
    assert preflight["http_method"] == "OPTIONS"
    assert preflight["authorization"] == "NONE"
    assert reference(preflight["for_each"]) == "local.api_paths"


def _resource_path(name: str) -> str:
    parts: list[str] = []
    current: str | None = name
    while current is not None:
        resource = RESOURCES[current]
        parts.append(resource["path_part"])
        parent = reference(resource["parent_id"])
        current = None
        if parent.startswith("aws_api_gateway_resource."):
            current = parent.split(".")[1]
        else:
            assert parent == "aws_api_gateway_rest_api.this.root_resource_id"
    return "/" + "/".join(reversed(parts))


def _assert_public_post_route(name: str, path: str, function: str) -> None:
    """The method ``name`` is ``POST path`` without basic auth, integrated with and allowed
    to invoke ``function``."""
    method = METHODS[name]
    assert method["http_method"] == "POST"
    assert method["authorization"] == "NONE"
    resource = reference(method["resource_id"]).split(".")[1]
    assert _resource_path(resource) == path
    integration = MODULE.resource("aws_api_gateway_integration", name)
    assert reference(integration["uri"]) == f"module.{function}.invoke_arn"
    permission = MODULE.resource("aws_lambda_permission", name)
    assert permission["source_arn"].endswith(f"/*/POST{path}")


def test_webhook_route_is_the_code_webhook_path_without_basic_auth() -> None:
    _assert_public_post_route("telegram_webhook", TELEGRAM_WEBHOOK_PATH, "webhook_function")


def test_discord_route_is_the_code_path_without_basic_auth() -> None:
    _assert_public_post_route("discord_interactions", DISCORD_INTERACTIONS_PATH,
                              "discord_function")


def test_no_resource_is_left_without_a_method() -> None:
    used = {"route", "child", "grandchild"} | {
        reference(body["resource_id"]).split(".")[1]
        for name, body in METHODS.items()
        if name != "route" and name != "preflight"
    }
    parents = {
        reference(body["parent_id"]).split(".")[1].split("[")[0]
        for body in RESOURCES.values()
        if reference(body["parent_id"]).startswith("aws_api_gateway_resource.")
    }
    assert set(RESOURCES) == used | parents


def test_the_capture_route_has_its_own_function_and_no_authorizer() -> None:
    method = METHODS["capture"]
    assert reference(method["for_each"]) == "local.capture_routes"
    assert method["authorization"] == "NONE" and "authorizer_id" not in method
    resource = reference(method["resource_id"]).split(".")[1]
    assert _resource_path(resource) == "/capture/{source}"
    assert list(CAPTURE_ROUTES) == ["POST /capture/{source}"]
    integration = MODULE.resource("aws_api_gateway_integration", "capture")
    assert reference(integration["uri"]) == "module.capture_function.invoke_arn"
    permission = MODULE.resource("aws_lambda_permission", "capture")
    assert reference(permission["function_name"]) == "module.capture_function.function_name"
    assert permission["source_arn"].endswith("/*/POST/capture/*")
    api = MODULE.resource("aws_api_gateway_rest_api", "this")
    assert "multipart/form-data" in api["binary_media_types"]


def test_authorizer_reads_the_authorization_header() -> None:
    authorizer = MODULE.resource("aws_api_gateway_authorizer", "basic")
    assert authorizer["type"] == "REQUEST"
    assert authorizer["identity_source"].split(",")[0] == "method.request.header.Authorization"
    assert reference(authorizer["authorizer_uri"]) == "module.authorizer_function.invoke_arn"


def test_a_cached_authorizer_decision_fits_every_route() -> None:
    """A decision cached under a key without the method and path answers every route, so
    the policy the authorizer returns must then cover the whole stage."""
    authorizer = MODULE.resource("aws_api_gateway_authorizer", "basic")
    cache_key = set(authorizer["identity_source"].split(","))
    if {"context.httpMethod", "context.resourcePath"} <= cache_key:
        return
    cache_seconds = reference(authorizer["authorizer_result_ttl_in_seconds"])
    assert MODULE.variables[cache_seconds.removeprefix("var.")]["default"] > 0
    method_arn = "arn:aws:execute-api:ap-southeast-2:123456789012:abc123/prod/GET/progress"
    other_route = "arn:aws:execute-api:ap-southeast-2:123456789012:abc123/prod/POST/sync"
    answer = authorizer_module.policy("alice", "Allow", method_arn)
    (statement,) = answer["policyDocument"]["Statement"]
    resource = statement["Resource"]
    assert fnmatch.fnmatchcase(other_route, resource), f"{resource} does not cover other routes"
    assert fnmatch.fnmatchcase(method_arn, resource)


def test_preflight_answers_with_the_cors_headers_of_the_spec() -> None:
    headers = MODULE.locals["cors_headers"]
    assert headers["Access-Control-Allow-Headers"] == "Authorization,Content-Type"
    assert headers["Access-Control-Allow-Methods"] == "GET,POST,PUT,OPTIONS"
    assert reference(headers["Access-Control-Allow-Origin"]) == "var.web_origin"
    assert headers["X-Content-Type-Options"] == "nosniff"
    integration = MODULE.resource("aws_api_gateway_integration", "preflight")
    assert integration["type"] == "MOCK"


def test_missing_credentials_get_401_with_a_basic_challenge() -> None:
    response = MODULE.resource("aws_api_gateway_gateway_response", "unauthorized")
    assert response["response_type"] == "UNAUTHORIZED"
    assert response["status_code"] == "401"
    parameters = response["response_parameters"]
    assert parameters["gatewayresponse.header.WWW-Authenticate"] == "'Basic'"
    assert parameters["gatewayresponse.header.X-Content-Type-Options"] == "'nosniff'"
    template = response["response_templates"]["application/json"]
    assert template == '${jsonencode({message = "Unauthorized"})}'


def test_default_errors_are_json_messages() -> None:
    response = MODULE.resource("aws_api_gateway_gateway_response", "default")
    assert response["for_each"] == '${toset(["DEFAULT_4XX", "DEFAULT_5XX"])}'
    parameters = response["response_parameters"]
    assert parameters["gatewayresponse.header.X-Content-Type-Options"] == "'nosniff'"
    template = response["response_templates"]["application/json"]
    assert template == '{"message":$context.error.messageString}'


def test_stage_is_throttled() -> None:
    settings = as_list(MODULE.resource("aws_api_gateway_method_settings", "all")["settings"])
    (only,) = settings
    assert reference(only["throttling_rate_limit"]) == "var.throttling_rate_limit"
    assert reference(only["throttling_burst_limit"]) == "var.throttling_burst_limit"
