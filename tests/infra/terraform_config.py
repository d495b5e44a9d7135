"""The Terraform configuration of infra/ as Python data (reads .tf files with python-hcl2)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import hcl2

INFRA_DIR = Path(__file__).resolve().parents[2] / "infra"
MODULE_DIR = INFRA_DIR / "modules" / "immersion_tracker"
FUNCTION_MODULE_SOURCE = "./modules/lambda_function"

_REFERENCE = re.compile(r"^\$\{([A-Za-z0-9_.\-\[\]\"]+)\}$")


def terraform_files(root: Path = INFRA_DIR) -> list[Path]:
    """Every .tf file under root, skipping provider caches of `terraform init`."""
    return sorted(path for path in root.rglob("*.tf") if ".terraform" not in path.parts)


def parse_file(path: Path) -> dict[str, Any]:
    """One .tf file as a dict: string literals unquoted, expressions kept as ``${...}``."""
    options = hcl2.SerializationOptions(
        with_comments=False, explicit_blocks=False, strip_string_quotes=True
    )
    result: dict[str, Any] = hcl2.loads(
        path.read_text(encoding="utf-8"), serialization_options=options
    )
    return result


@dataclass
class TerraformModule:
    """The blocks of one Terraform module directory, indexed by address."""

    resources: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    data: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    modules: dict[str, dict[str, Any]] = field(default_factory=dict)
    locals: dict[str, Any] = field(default_factory=dict)
    variables: dict[str, dict[str, Any]] = field(default_factory=dict)
    outputs: dict[str, dict[str, Any]] = field(default_factory=dict)

    def resources_of_type(self, kind: str) -> dict[str, dict[str, Any]]:
        return {name: body for (rtype, name), body in self.resources.items() if rtype == kind}

    def resource(self, kind: str, name: str) -> dict[str, Any]:
        return self.resources[(kind, name)]


def _typed_blocks(blocks: list[Mapping[str, Any]]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for block in blocks:
        for kind, named in block.items():
            for name, body in named.items():
                yield kind, name, body


@cache
def load_module(directory: Path = MODULE_DIR) -> TerraformModule:
    """Every block of the .tf files directly in one directory (parsed once per test run;
    callers must not change the result)."""
    module = TerraformModule()
    for path in sorted(directory.glob("*.tf")):
        parsed = parse_file(path)
        for kind, name, body in _typed_blocks(parsed.get("resource", [])):
            module.resources[(kind, name)] = body
        for kind, name, body in _typed_blocks(parsed.get("data", [])):
            module.data[(kind, name)] = body
        for block in parsed.get("module", []):
            module.modules.update(block)
        for block in parsed.get("locals", []):
            module.locals.update(block)
        for block in parsed.get("variable", []):
            module.variables.update(block)
        for block in parsed.get("output", []):
            module.outputs.update(block)
    return module


def reference(value: object) -> str:
    """The address inside a bare ``${address}`` expression (e.g. ``local.api_routes``)."""
    if not isinstance(value, str) or not (match := _REFERENCE.match(value)):
        raise ValueError(f"not a plain reference: {value!r}")
    return match.group(1)


def expression(value: object) -> str:
    """The text of a value that is one whole ``${...}`` expression (e.g. ``!var.flag``)."""
    if not isinstance(value, str) or not (value.startswith("${") and value.endswith("}")):
        raise ValueError(f"not an expression: {value!r}")
    return value[2:-1]


def as_list(value: object) -> list[Any]:
    """A block HCL may give once (a dict) or several times (a list of dicts) as a list."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [value]
