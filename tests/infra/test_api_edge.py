"""The API's edge: access logs, one way in, a per-address rate limit (reads .tf files)."""

from __future__ import annotations

import re
from typing import Any

from handlers.http.compression import MIN_BYTES
from handlers.http.routes import DISCORD_INTERACTIONS_PATH, TELEGRAM_WEBHOOK_PATH
from tests.infra.terraform_config import as_list, expression, load_module, reference

MODULE = load_module()
STAGE = MODULE.resource("aws_api_gateway_stage", "this")
ACCESS_LOG_FORMAT: dict[str, str] = MODULE.locals["api_access_log_format"]
# Variables API Gateway fills from what the client sent: headers, bodies, query strings.
_CLIENT_TEXT = re.compile(r"header|body|querystring|input|requestOverride", re.IGNORECASE)


def _default(variable: str) -> Any:
    return MODULE.variables[variable]["default"]


def _only(body: dict[str, Any], block: str) -> dict[str, Any]:
    (only,) = as_list(body[block])
    assert isinstance(only, dict)
    return only


def test_access_logging_is_on_by_default_with_the_json_format() -> None:
    assert _default("enable_api_logging") is True
    assert _default("manage_api_gateway_account") is True
    (dynamic,) = as_list(STAGE["dynamic"])
    settings = dynamic["access_log_settings"]
    assert expression(settings["for_each"]) == "var.enable_api_logging ? [1] : []"
    (content,) = as_list(settings["content"])
    assert reference(content["destination_arn"]) == "aws_cloudwatch_log_group.api_access[0].arn"
    assert expression(content["format"]) == "jsonencode(local.api_access_log_format)"
    # Logging needs the account's API Gateway role first.
    assert STAGE["depends_on"] == ["${aws_api_gateway_account.this}"]


def test_access_log_lines_name_the_caller_but_carry_no_header_or_body() -> None:
    assert {"requestId", "ip", "user", "method", "path", "status"} <= set(ACCESS_LOG_FORMAT)
    for field, variable in ACCESS_LOG_FORMAT.items():
        assert re.fullmatch(r"\$context\.[A-Za-z.]+", variable), field
        assert not _CLIENT_TEXT.search(variable), f"{field} logs what the client sent"
        assert "authorization" not in variable.lower(), field


def test_execution_logs_hold_errors_only_never_request_data() -> None:
    method_settings = MODULE.resource("aws_api_gateway_method_settings", "all")
    settings = _only(method_settings, "settings")
    assert settings["data_trace_enabled"] is False
    assert expression(settings["logging_level"]) == 'var.enable_api_logging ? "ERROR" : "OFF"'


def test_every_api_log_group_keeps_logs_for_the_retention_setting() -> None:
    for name in ("api_access", "api_execution", "waf"):
        group = MODULE.resource("aws_cloudwatch_log_group", name)
        assert reference(group["retention_in_days"]) == "var.log_retention_days", name
    execution = MODULE.resource("aws_cloudwatch_log_group", "api_execution")
    # The name API Gateway writes execution logs to, so it never creates its own group.
    assert execution["name"] == (
        "API-Gateway-Execution-Logs_${aws_api_gateway_rest_api.this.id}/${var.stage_name}"
    )


def test_api_gateway_may_write_only_this_apis_log_groups() -> None:
    document = MODULE.data[("aws_iam_policy_document", "api_gateway_logs")]
    write, describe = as_list(document["statement"])
    assert sorted(write["resources"]) == [
        "${aws_cloudwatch_log_group.api_access[0].arn}:*",
        "${aws_cloudwatch_log_group.api_execution[0].arn}:*",
    ]
    assert "logs:CreateLogGroup" not in write["actions"]
    assert describe["actions"] == ["logs:DescribeLogGroups"]
    account = MODULE.resource("aws_api_gateway_account", "this")
    assert expression(account["count"]) == "local.api_logging_role ? 1 : 0"


def test_the_custom_domain_is_the_only_way_in_by_default() -> None:
    api = MODULE.resource("aws_api_gateway_rest_api", "this")
    assert expression(api["disable_execute_api_endpoint"]) == "!var.execute_api_endpoint_enabled"
    assert _default("execute_api_endpoint_enabled") is False


def _waf() -> dict[str, Any]:
    return MODULE.resource("aws_wafv2_web_acl", "api")


def _rule(name: str) -> dict[str, Any]:
    rules: list[dict[str, Any]] = [r for r in as_list(_waf()["rule"]) if r["name"] == name]
    (rule,) = rules
    return rule


def test_each_client_address_has_its_own_rate_limit_on_the_stage() -> None:
    assert _default("enable_waf") is True
    assert 100 <= _default("waf_rate_limit_per_address") <= 2_000_000_000
    acl = _waf()
    assert acl["scope"] == "REGIONAL"
    assert "allow" in _only(acl, "default_action")
    assert {r["name"] for r in as_list(acl["rule"])} == {"rate-per-address",
                                                          "capture-rate-per-address"}
    rule = _rule("rate-per-address")
    assert "block" in _only(rule, "action")
    rate = _only(_only(rule, "statement"), "rate_based_statement")
    assert rate["aggregate_key_type"] == "IP"
    assert reference(rate["limit"]) == "var.waf_rate_limit_per_address"
    association = MODULE.resource("aws_wafv2_web_acl_association", "api")
    assert reference(association["resource_arn"]) == "aws_api_gateway_stage.this.arn"
    assert reference(association["web_acl_arn"]) == "aws_wafv2_web_acl.api[0].arn"


def test_only_the_telegram_and_discord_paths_are_left_out_of_the_rate_rule() -> None:
    rule = _rule("rate-per-address")
    rate = _only(_only(rule, "statement"), "rate_based_statement")
    negated = _only(_only(_only(rate, "scope_down_statement"), "not_statement"), "statement")
    either = as_list(_only(negated, "or_statement")["statement"])
    matches = [_only(statement, "byte_match_statement") for statement in either]
    assert [reference(m["search_string"]) for m in matches] == [
        "local.telegram_webhook_path", "local.discord_interactions_path"]
    assert MODULE.locals["telegram_webhook_path"] == TELEGRAM_WEBHOOK_PATH
    assert MODULE.locals["discord_interactions_path"] == DISCORD_INTERACTIONS_PATH
    for match in matches:
        assert match["positional_constraint"] == "EXACTLY"
        assert "uri_path" in _only(match, "field_to_match")


def test_waf_never_keeps_credentials() -> None:
    acl = _waf()
    # Sampled requests keep whole requests, headers included, for the console.
    configs = [_only(acl, "visibility_config")]
    configs += [_only(rule, "visibility_config") for rule in as_list(acl["rule"])]
    for config in configs:
        assert config["sampled_requests_enabled"] is False
    logging = MODULE.resource("aws_wafv2_web_acl_logging_configuration", "api")
    fields = as_list(logging["redacted_fields"])
    redacted = {_only(f, "single_header")["name"] for f in fields if "single_header" in f}
    assert redacted == {"authorization", "x-telegram-bot-api-secret-token"}
    # A capture token rides in ?token= (Plex can send no header).
    assert any("query_string" in f for f in fields)


def test_player_events_have_their_own_rate_limit_per_address() -> None:
    assert 100 <= _default("waf_capture_rate_limit_per_address") < _default(
        "waf_rate_limit_per_address")
    rule = _rule("capture-rate-per-address")
    assert "block" in _only(rule, "action")
    rate = _only(_only(rule, "statement"), "rate_based_statement")
    assert rate["aggregate_key_type"] == "IP"
    assert reference(rate["limit"]) == "var.waf_capture_rate_limit_per_address"
    match = _only(_only(rate, "scope_down_statement"), "byte_match_statement")
    assert match["search_string"] == "/capture/"
    assert "uri_path" in _only(match, "field_to_match")


def test_api_gateway_gzips_answers_of_a_kilobyte_or_more() -> None:
    api = MODULE.resource("aws_api_gateway_rest_api", "this")
    # The same threshold as the local server's, so both doors answer alike.
    assert int(api["minimum_compression_size"]) == MIN_BYTES
