"""Size limits of the product's code: modules up to 300 lines, functions up to 60 (reads files).

Small modules named after one concept, and functions that fit on a screen, are how the code
stays readable; this check keeps them so instead of relying on review. Tests and benchmarks
are exempt (fixtures and scenarios read better whole).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = (
    "retrying", "storage", "metadata_clients", "handlers", "bot", "sync_script", "immersion_tracker"
)
EXTRA_MODULES = ("infra/package.py",)
MAX_MODULE_LINES = 300
MAX_FUNCTION_LINES = 60

ALLOWED_LONG_FUNCTIONS: set[str] = set()
ALLOWED_LONG_MODULES: set[str] = set()


def _modules() -> list[str]:
    found = [
        path.relative_to(ROOT).as_posix()
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
    ]
    return sorted(found + list(EXTRA_MODULES))


def _functions(tree: ast.AST) -> Iterator[tuple[str, int]]:
    """Every function and method, nested ones too, with its length in lines."""
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            yield node.name, (node.end_lineno or node.lineno) - start + 1


MODULES = _modules()


def test_the_check_sees_the_product() -> None:
    assert "handlers/service/progress/statistics.py" in MODULES
    assert "bot/formatting.py" in MODULES
    assert not [m for m in MODULES if m.startswith(("tests/", "bench/"))]


@pytest.mark.parametrize("module", MODULES)
def test_module_and_function_sizes(module: str) -> None:
    source = (ROOT / module).read_text(encoding="utf-8")
    lines = len(source.splitlines())
    if module not in ALLOWED_LONG_MODULES:
        assert lines <= MAX_MODULE_LINES, f"{module} has {lines} lines; split it by concept"
    too_long = [
        f"{name} ({length} lines)"
        for name, length in _functions(ast.parse(source, module))
        if length > MAX_FUNCTION_LINES and f"{module}::{name}" not in ALLOWED_LONG_FUNCTIONS
    ]
    assert not too_long, f"{module}: functions over {MAX_FUNCTION_LINES} lines: {too_long}"


def test_allowances_are_still_needed() -> None:
    """An allowance outliving its reason would hide the next long function there."""
    still_long = set()
    for entry in ALLOWED_LONG_FUNCTIONS:
        module, name = entry.split("::")
        path = ROOT / module
        if path.exists():
            tree = ast.parse(path.read_text(encoding="utf-8"))
            if any(n == name and length > MAX_FUNCTION_LINES for n, length in _functions(tree)):
                still_long.add(entry)
    assert still_long == ALLOWED_LONG_FUNCTIONS, "remove the allowances no longer needed"
