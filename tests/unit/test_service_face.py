"""The doors see the service through one face: its names, never a module inside (reads sources)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

import handlers.service

ROOT = Path(__file__).parents[2]
DOORS = ("bot", "immersion_tracker", "handlers/http", "handlers/aws", "handlers/wiring.py")


def _sources(place: str) -> Iterator[Path]:
    path = ROOT / place
    yield from [path] if path.is_file() else sorted(path.rglob("*.py"))


def _imports(tree: ast.Module) -> Iterator[tuple[str, list[str]]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, []
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module, [alias.name for alias in node.names]


@pytest.mark.parametrize("door", DOORS)
def test_doors_import_only_the_service_s_face(door: str) -> None:
    found = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in _sources(door)
        for module, _ in _imports(ast.parse(path.read_text("utf-8")))
        if module.startswith("handlers.service.")
    ]
    assert found == []


def test_every_name_of_the_face_resolves() -> None:
    missing = [name for name in handlers.service.__all__
               if getattr(handlers.service, name, None) is None]
    assert missing == []
