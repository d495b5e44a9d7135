"""Least-privilege contract: each role grants exactly what its code path calls (reads files)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.infra.code_paths import complete_closure, handler_module, iam_actions_of
from tests.infra.terraform_config import (
    FUNCTION_MODULE_SOURCE,
    MODULE_DIR,
    as_list,
    load_module,
    reference,
)

MODULE = load_module()
FUNCTIONS = {
    name: body
    for name, body in MODULE.modules.items()
    if body.get("source") == FUNCTION_MODULE_SOURCE
}
SECRETS_OF: dict[str, list[str]] = MODULE.locals["function_secrets"]


def _policy_of(function: str) -> list[dict[str, Any]]:
    document = reference(FUNCTIONS[function]["policy_json"])
    kind, name, attribute = document.removeprefix("data.").split(".")
    assert (kind, attribute) == ("aws_iam_policy_document", "json")
    return as_list(MODULE.data[(kind, name)]["statement"])


def _granted(function: str) -> set[str]:
    return {action for s in _policy_of(function) for action in as_list(s["actions"])}


@pytest.mark.parametrize("function", sorted(FUNCTIONS))
def test_role_grants_exactly_the_actions_the_code_path_calls(function: str) -> None:
    handler = FUNCTIONS[function]["handler"]
    closure = complete_closure(handler_module(handler))
    used = iam_actions_of(closure.ours, [handler.rpartition(".")[2]])
    granted = _granted(function)
    assert granted - used == set(), f"{function} is granted actions its code never calls"
    assert used - granted == set(), f"{function}'s code calls actions its role lacks"


def _secret_parts(function: str) -> list[str]:
    """The secrets a function's policy grants, by part: its resources must be built from
    the function's own entry of ``local.function_secrets``."""
    key = function.removesuffix("_function")
    statements = [
        s for s in _policy_of(function) if "secretsmanager:GetSecretValue" in s["actions"]
    ]
    if not statements:
        assert SECRETS_OF[key] == [], f"{function} lists secrets its policy does not grant"
        return []
    (statement,) = statements
    assert statement["resources"] == (
        f"${{[for part in local.function_secrets.{key} : local.secret_arns[part]]}}"
    ), f"{function}'s secret grant is not built from local.function_secrets.{key}"
    parts: list[str] = SECRETS_OF[key]
    return parts


@pytest.mark.parametrize("function", sorted(FUNCTIONS))
def test_each_grant_is_scoped_to_this_table_or_the_functions_own_secrets(function: str) -> None:
    for statement in _policy_of(function):
        services = {action.split(":")[0] for action in as_list(statement["actions"])}
        assert len(services) == 1, "one service per statement keeps the scoping readable"
        (service,) = services
        if service == "secretsmanager":
            assert set(_secret_parts(function)) <= set(MODULE.locals["secret_descriptions"])
        elif service == "lambda":
            assert function == "discord_function", f"{function} may not invoke functions"
            [own] = as_list(statement["resources"])
            assert own.endswith(":function:${local.discord_function_name}")
        else:
            resources = [reference(r) for r in as_list(statement["resources"])]
            assert resources == ["local.table_arn"], statement


def test_the_capture_function_reads_no_secret_and_only_this_table() -> None:
    assert _secret_parts("capture_function") == []
    for statement in _policy_of("capture_function"):
        assert all(a.startswith("dynamodb:") for a in as_list(statement["actions"]))


def test_the_authorizer_reads_only_the_users_secret() -> None:
    assert _secret_parts("authorizer_function") == ["users"]


def test_password_hashes_and_the_bot_token_reach_only_the_functions_that_use_them() -> None:
    readers = {
        part: {f.removesuffix("_function") for f in FUNCTIONS if part in _secret_parts(f)}
        for part in MODULE.locals["secret_descriptions"]
    }
    assert readers == {
        "users": {"api", "authorizer"},
        "providers": {"api", "webhook", "discord"},
        "telegram": {"webhook", "digest"},
        "discord": {"discord", "digest"},
    }


def test_every_function_has_its_own_policy_document() -> None:
    documents = [reference(body["policy_json"]) for body in FUNCTIONS.values()]
    assert len(set(documents)) == len(FUNCTIONS)


def test_function_role_writes_only_its_own_logs() -> None:
    inner = load_module(MODULE_DIR / "modules" / "lambda_function")
    (statement,) = as_list(inner.data[("aws_iam_policy_document", "logs")]["statement"])
    assert sorted(statement["actions"]) == ["logs:CreateLogStream", "logs:PutLogEvents"]
    assert statement["resources"] == ["${aws_cloudwatch_log_group.this.arn}:*"]
    # The role has exactly two inline policies (logs and the caller's) and no managed ones.
    assert set(inner.resources_of_type("aws_iam_role_policy")) == {"logs", "code"}
    assert not inner.resources_of_type("aws_iam_role_policy_attachment")
    role = inner.resource("aws_iam_role", "this")
    assert reference(role["name"]) == "var.function_name"


def test_function_runs_python_312_on_arm64() -> None:
    inner = load_module(MODULE_DIR / "modules" / "lambda_function")
    function = inner.resource("aws_lambda_function", "this")
    assert function["runtime"] == "python3.12"
    assert function["architectures"] == ["arm64"]
    assert reference(function["role"]) == "aws_iam_role.this.arn"


def test_scheduler_may_only_invoke_the_digest_function() -> None:
    (statement,) = as_list(
        MODULE.data[("aws_iam_policy_document", "digest_scheduler")]["statement"]
    )
    assert statement["actions"] == ["lambda:InvokeFunction"]
    assert [reference(r) for r in statement["resources"]] == ["module.digest_function.arn"]
    schedule = MODULE.resource("aws_scheduler_schedule", "digest")
    (target,) = as_list(schedule["target"])
    assert reference(target["arn"]) == "module.digest_function.arn"
    assert reference(schedule["schedule_expression"]) == "var.digest_schedule_expression"


def test_the_authorizer_may_only_read_single_items() -> None:
    granted = {
        action
        for statement in _policy_of("authorizer_function")
        for action in as_list(statement["actions"])
        if action.startswith("dynamodb:")
    }
    assert granted == {"dynamodb:GetItem"}


def test_the_notifier_runs_every_15_minutes_for_local_reminder_times() -> None:
    variables = MODULE.variables["digest_schedule_expression"]
    assert variables["default"] == "rate(15 minutes)"


def test_the_discord_function_may_invoke_only_itself() -> None:
    assert FUNCTIONS["discord_function"]["function_name"] == "${local.discord_function_name}"
    invoking = [s for s in _policy_of("discord_function")
                if as_list(s["actions"]) == ["lambda:InvokeFunction"]]
    assert len(invoking) == 1
