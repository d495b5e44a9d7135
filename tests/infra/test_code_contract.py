"""Contract tests, Terraform vs code: table keys, handlers, environment (reads files)."""

from __future__ import annotations

from typing import Any

import pytest

from handlers import settings as settings_module
from storage import dynamodb
from tests.infra.code_paths import REPO_ROOT, load_handler
from tests.infra.package_script import load_package_script
from tests.infra.terraform_config import FUNCTION_MODULE_SOURCE, as_list, load_module, reference

MODULE = load_module()
SECRET_ID = "IMMERSION_TRACKER_SECRET_ID"
FUNCTIONS = {
    name: body
    for name, body in MODULE.modules.items()
    if body.get("source") == FUNCTION_MODULE_SOURCE
}


def test_there_are_the_six_functions() -> None:
    handlers = {body["handler"] for body in FUNCTIONS.values()}
    assert handlers == {
        "handlers.aws.api_lambda.lambda_handler",
        "handlers.aws.capture_lambda.lambda_handler",
        "handlers.aws.authorizer.lambda_handler",
        "bot.webhook_lambda.lambda_handler",
        "bot.notifier_lambda.lambda_handler",
        "bot.discord.interactions_lambda.lambda_handler",
    }



def test_the_function_names_output_lists_every_function() -> None:
    # An operator finds each function (logs, metrics, a manual invoke) by this output.
    listed = {reference(value) for value in MODULE.outputs["function_names"]["value"].values()}
    assert listed == {f"module.{name}.function_name" for name in FUNCTIONS}

def _table() -> dict[str, Any]:
    return MODULE.resource("aws_dynamodb_table", "this")


def test_table_keys_are_those_the_adapter_writes() -> None:
    table = _table()
    assert table["hash_key"] == dynamodb.PARTITION_KEY
    assert table["range_key"] == dynamodb.SORT_KEY
    attributes = {a["name"]: a["type"] for a in as_list(table["attribute"])}
    # DynamoDB rejects attribute definitions that no key or index uses.
    assert attributes == {dynamodb.PARTITION_KEY: "S", dynamodb.SORT_KEY: "S"}


def test_table_expires_items_by_the_attribute_the_adapter_sets() -> None:
    (ttl,) = as_list(_table()["ttl"])
    assert ttl == {"attribute_name": dynamodb.TTL_ATTRIBUTE, "enabled": True}


def test_table_is_on_demand_recoverable_protected_and_encrypted() -> None:
    table = _table()
    assert table["billing_mode"] == "PAY_PER_REQUEST"
    assert as_list(table["point_in_time_recovery"]) == [{"enabled": True}]
    assert as_list(table["server_side_encryption"]) == [{"enabled": True}]
    protection = reference(table["deletion_protection_enabled"])
    assert MODULE.variables[protection.removeprefix("var.")]["default"] is True
    assert "global_secondary_index" not in table
    assert "local_secondary_index" not in table


@pytest.mark.parametrize("function", sorted(FUNCTIONS))
def test_handler_names_a_function_in_the_code(function: str) -> None:
    assert callable(load_handler(FUNCTIONS[function]["handler"]))


@pytest.mark.parametrize("function", sorted(FUNCTIONS))
def test_handler_is_packaged_in_the_artifact_the_function_deploys(function: str) -> None:
    package_script = load_package_script()
    body = FUNCTIONS[function]
    artifact_variable = reference(body["artifact_path"]).removeprefix("var.")
    artifact_name = artifact_variable.removesuffix("_artifact_path")
    (artifact,) = [a for a in package_script.ARTIFACTS if a.name == artifact_name]
    assert body["handler"].split(".")[0] in artifact.packages


def test_environment_names_settings_the_code_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    environment: dict[str, str] = MODULE.locals["common_environment"]
    samples = {
        "IMMERSION_TRACKER_STORAGE": "dynamodb://immersion-tracker",
        "IMMERSION_TRACKER_SECRET_ID": "arn:aws:secretsmanager:ap-southeast-2:1:secret:x/users",
        "IMMERSION_TRACKER_WEB_ORIGIN": "https://tracker.example.com",
        "IMMERSION_TRACKER_WEB_URL": "https://tracker.example.com/",
        "IMMERSION_TRACKER_TIMEZONE": "Europe/Berlin",
    }
    assert set(environment) | {SECRET_ID} == set(samples)
    assert environment["IMMERSION_TRACKER_STORAGE"].startswith("dynamodb://")
    for name, value in samples.items():
        monkeypatch.setenv(name, value)
    settings = settings_module.Settings()
    for name, value in samples.items():
        field = name.removeprefix("IMMERSION_TRACKER_").lower()
        assert getattr(settings, field) == value, f"{name} does not reach Settings.{field}"


def test_each_function_gets_the_common_environment_and_only_its_own_secret_ids() -> None:
    for name, body in FUNCTIONS.items():
        key = name.removesuffix("_function")
        assert reference(body["environment"]) == f"local.function_environment.{key}", name
        assert key in MODULE.locals["function_secrets"], name
    # One entry per function of local.function_secrets: the common settings plus the ids of
    # exactly the secrets its policy grants (handlers.aws.secret reads a comma-separated list).
    expression = " ".join(MODULE.locals["function_environment"].split())
    assert expression == (
        "${{for function, parts in local.function_secrets : function => "
        "merge(local.common_environment, {"
        f'{SECRET_ID} = join(",", [for part in parts : local.secret_arns[part]])}})}}}}'
    )


def test_the_example_root_uses_the_module() -> None:
    example = load_module(REPO_ROOT / "infra" / "example")
    (root,) = example.modules.values()
    assert root["source"] == "../modules/immersion_tracker"
