"""The doors reach the store and the providers only through the Service (reads source files)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
DOORS = ("bot", "immersion_tracker")


def _modules(package: str) -> Iterator[tuple[str, ast.Module]]:
    for path in sorted((ROOT / package).rglob("*.py")):
        yield str(path.relative_to(ROOT)), ast.parse(path.read_text("utf-8"))


def _imported(tree: ast.Module) -> Iterator[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module


@pytest.mark.parametrize("package", DOORS)
def test_doors_use_the_service_not_the_store_or_the_providers(package: str) -> None:
    found = []
    for name, tree in _modules(package):
        found += [f"{name} imports {m}" for m in _imported(tree)
                  if m.split(".")[0] in ("storage", "metadata_clients")]
        found += [f"{name}:{node.lineno} uses .repo" for node in ast.walk(tree)
                  if isinstance(node, ast.Attribute) and node.attr == "repo"]
    assert found == []


def test_the_service_layer_never_imports_the_bot() -> None:
    found = [f"{name} imports {m}" for name, tree in _modules("handlers")
             for m in _imported(tree) if m.split(".")[0] == "bot"]
    assert found == []
