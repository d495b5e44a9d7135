"""No modules of ours import each other around a loop, counting every import (reads source files).

Imports inside functions and under ``TYPE_CHECKING`` count too: a loop hidden in a function
still ties the modules together (neither can be understood, moved or tested without the
other), and it breaks the moment someone hoists the import. So does a callback named
``"package.module:function"`` (imported on its first call, ``bot.on_first_call``).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from bot.on_first_call import CALLBACK_NAME

ROOT = Path(__file__).parents[2]
PACKAGES = (
    "storage", "metadata_clients", "retrying", "handlers", "bot", "sync_script", "immersion_tracker"
)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _sources() -> dict[str, Path]:
    return {
        _module_name(path): path
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
    }


def _targets(module: str, is_package: bool, tree: ast.Module) -> Iterator[str]:
    """Every module name an import statement anywhere in ``tree`` may refer to."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                keep = len(base) - node.level + (1 if is_package else 0)
                prefix = ".".join(base[:keep])
                source = f"{prefix}.{node.module}" if node.module else prefix
            else:
                source = node.module or ""
            yield source
            # ``from package import module`` imports the module itself.
            yield from (f"{source}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            named = CALLBACK_NAME.fullmatch(node.value)
            if named:
                yield named.group(1)


def import_graph() -> dict[str, set[str]]:
    """Module → the modules of ours it imports (a submodule counts as its own node)."""
    sources = _sources()
    graph: dict[str, set[str]] = {}
    for module, path in sources.items():
        tree = ast.parse(path.read_text("utf-8"))
        is_package = path.name == "__init__.py"
        edges = {
            target for target in _targets(module, is_package, tree)
            if target in sources and target != module
        }
        graph[module] = edges
    return graph


def circles(graph: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """The strongly connected components of two or more modules (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_tarjan_finds_a_loop_and_nothing_in_a_tree() -> None:
    assert circles({"a": ["b"], "b": ["c"], "c": ["a"], "d": ["a"]}) == [["a", "b", "c"]]
    assert circles({"a": ["b", "c"], "b": ["c"], "c": []}) == []


def test_no_modules_of_ours_import_each_other_around_a_loop() -> None:
    assert circles(import_graph()) == []


def test_imports_in_functions_and_under_type_checking_count() -> None:
    source = """
from typing import TYPE_CHECKING
from . import sibling
if TYPE_CHECKING:
    from handlers.service.facade import Service
def later() -> None:
    import bot.polling
"""
    found = set(_targets("handlers.http.api", False, ast.parse(source)))
    assert {"handlers.http.sibling", "handlers.service.facade", "bot.polling"} <= found


def test_a_callback_named_to_be_imported_on_first_call_counts() -> None:
    source = """
ROUTES = (("start", "bot.account_commands:start"),)
PROSE = "not a module: just words"
"""
    found = set(_targets("bot.update_routes", False, ast.parse(source)))
    assert "bot.account_commands" in found
    assert not {name for name in found if " " in name}


def _reaches(graph: Mapping[str, Iterable[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        for nxt in graph.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def test_the_composition_root_imports_nothing_of_aws() -> None:
    # The Lambdas hand wiring their secret loader; the local server and the CLI never
    # need boto3 or Secrets Manager.
    assert not {m for m in _reaches(import_graph(), "handlers.wiring")
                if m.startswith("handlers.aws")}


def test_storage_and_metadata_clients_import_only_the_retry_policy_of_ours() -> None:
    graph = import_graph()
    found = {
        f"{module} imports {target}"
        for module, targets in graph.items()
        if module.split(".")[0] in ("storage", "metadata_clients", "retrying")
        for target in targets
        if target.split(".")[0] not in (module.split(".")[0], "retrying")
    }
    assert found == set()
