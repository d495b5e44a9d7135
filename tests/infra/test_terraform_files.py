"""The Terraform source itself: it parses, is formatted, grants no wildcard (reads files)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.infra.terraform_config import (
    INFRA_DIR,
    MODULE_DIR,
    as_list,
    load_module,
    parse_file,
    terraform_files,
)


def test_the_module_and_example_have_terraform_files() -> None:
    directories = {path.parent.relative_to(INFRA_DIR).as_posix() for path in terraform_files()}
    assert {
        "modules/immersion_tracker",
        "modules/immersion_tracker/modules/lambda_function",
        "example",
    } <= directories


@pytest.mark.parametrize(
    "path", terraform_files(), ids=lambda p: p.relative_to(INFRA_DIR).as_posix()
)
def test_every_terraform_file_parses(path: Path) -> None:
    assert isinstance(parse_file(path), dict)


def test_terraform_fmt_finds_nothing_to_change() -> None:
    terraform = shutil.which("terraform")
    if terraform is None:
        pytest.skip("no terraform binary on PATH (terraform fmt needs no providers or network)")
    completed = subprocess.run(
        [terraform, "fmt", "-check", "-recursive", "-list=true", str(INFRA_DIR)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, f"run `terraform fmt -recursive infra`:\n{completed.stdout}"


def _policy_statements() -> list[tuple[str, dict[str, Any]]]:
    found: list[tuple[str, dict[str, Any]]] = []
    for directory in (MODULE_DIR, MODULE_DIR / "modules" / "lambda_function"):
        module = load_module(directory)
        for (kind, name), body in module.data.items():
            if kind == "aws_iam_policy_document":
                found.extend((name, statement) for statement in as_list(body.get("statement")))
    return found


def test_no_policy_grants_a_wildcard_action() -> None:
    statements = _policy_statements()
    assert statements
    for name, statement in statements:
        actions = as_list(statement.get("actions"))
        assert actions, f"policy {name} has a statement without actions"
        for action in actions:
            assert isinstance(action, str)
            assert "*" not in action, f"policy {name} grants {action}"
        assert "not_actions" not in statement, f"policy {name} uses not_actions"


def test_no_policy_statement_applies_to_every_resource() -> None:
    for name, statement in _policy_statements():
        resources = as_list(statement.get("resources"))
        if "principals" in statement:  # trust policies name principals, not resources
            continue
        assert resources, f"policy {name} has a statement without resources"
        assert "*" not in resources, f"policy {name} applies to every resource"
