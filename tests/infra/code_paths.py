"""Static code paths of Lambda handlers: modules loaded and AWS actions called (reads source)."""

from __future__ import annotations

import ast
import importlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import botocore.session
from botocore import xform_name

from bot.on_first_call import CALLBACK_NAME
from tests.infra.reachability import reachable_parts

REPO_ROOT = Path(__file__).resolve().parents[2]
OUR_PACKAGES = frozenset(
    {"retrying", "storage", "metadata_clients", "handlers", "bot", "sync_script",
     "immersion_tracker"}
)
SERVICES = ("dynamodb", "secretsmanager", "lambda")
"""The AWS services the infrastructure grants access to (by boto3 client name)."""

# IAM authorizes a transaction item by item, with the action of the single-item call.
_TRANSACTION_ITEM_ACTIONS = {
    "Put": "dynamodb:PutItem",
    "Update": "dynamodb:UpdateItem",
    "Delete": "dynamodb:DeleteItem",
    "ConditionCheck": "dynamodb:ConditionCheckItem",
}
_TRANSACT_GET_ACTION = "dynamodb:GetItem"


@dataclass(frozen=True)
class ModuleSource:
    """One of our modules: its dotted name, its file, and whether it is a package."""

    name: str
    path: Path

    @property
    def is_package(self) -> bool:
        return self.path.name == "__init__.py"


def find_module(name: str, root: Path = REPO_ROOT) -> ModuleSource | None:
    """The source file of one of our modules, or None when it is not ours or does not exist."""
    parts = name.split(".")
    if parts[0] not in OUR_PACKAGES:
        return None
    base = root.joinpath(*parts)
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return ModuleSource(name, candidate)
    return None


def _is_type_checking_guard(node: ast.If) -> bool:
    test = node.test
    if isinstance(test, ast.Name):
        return test.id == "TYPE_CHECKING"
    return isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"


def _runtime_nodes(tree: ast.AST) -> Iterator[ast.AST]:
    """Every node that can run, skipping the bodies of ``if TYPE_CHECKING:`` blocks."""
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, ast.If) and _is_type_checking_guard(node):
            stack.extend(node.orelse)
            continue
        stack.extend(ast.iter_child_nodes(node))


def _parents_and_self(name: str) -> list[str]:
    parts = name.split(".")
    return [".".join(parts[: i + 1]) for i in range(len(parts))]


def _absolute_from(module: ModuleSource, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    package_parts = module.name.split(".")
    if not module.is_package:
        package_parts = package_parts[:-1]
    base = package_parts[: len(package_parts) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


@dataclass(frozen=True)
class Imports:
    """Dotted names a module imports at run time, parents included. ``required`` names must be
    modules; ``maybe_modules`` are the ``name`` of ``from package import name``, which may be a
    submodule or just an attribute."""

    required: frozenset[str]
    maybe_modules: frozenset[str]


@cache
def lazy_names(name: str, root: Path = REPO_ROOT) -> dict[str, str]:
    """Where a module that answers names on first use (a module-level ``__getattr__``, PEP
    562) loads each name from: the imports it declares under ``TYPE_CHECKING``. Empty for
    any other module."""
    module = find_module(name, root)
    if module is None:
        return {}
    tree = ast.parse(module.path.read_text(encoding="utf-8"), filename=str(module.path))
    if not any(isinstance(n, ast.FunctionDef) and n.name == "__getattr__" for n in tree.body):
        return {}
    found: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.If) and _is_type_checking_guard(node):
            for child in ast.walk(node):
                if isinstance(child, ast.ImportFrom):
                    source = _absolute_from(module, child)
                    found.update({alias.asname or alias.name: source for alias in child.names})
    return found


def imported_names(module: ModuleSource) -> Imports:
    """What one module imports at run time (ours and others'). A name taken from a module
    that loads lazily brings the module it is loaded from, and only that one."""
    tree = ast.parse(module.path.read_text(encoding="utf-8"), filename=str(module.path))
    required: set[str] = set()
    maybe: set[str] = set()
    for node in _runtime_nodes(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                required.update(_parents_and_self(alias.name))
        elif isinstance(node, ast.ImportFrom):
            source = _absolute_from(module, node)
            required.update(_parents_and_self(source))
            maybe.update(f"{source}.{alias.name}" for alias in node.names)
            lazily = lazy_names(source)
            for alias in node.names:
                if alias.name in lazily:
                    required.update(_parents_and_self(lazily[alias.name]))
                    maybe.add(f"{lazily[alias.name]}.{alias.name}")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            # A callback named to be imported on its first call (``bot.on_first_call``).
            named = CALLBACK_NAME.fullmatch(node.value)
            if named:
                required.update(_parents_and_self(named.group(1)))
    return Imports(frozenset(required), frozenset(maybe))


@dataclass(frozen=True)
class ImportClosure:
    """Everything a module can load at run time: our modules, others' top-level packages, and
    modules of ours that are imported but do not exist (yet)."""

    ours: tuple[ModuleSource, ...]
    third_party: frozenset[str]
    missing: frozenset[str]

    @property
    def our_packages(self) -> frozenset[str]:
        return frozenset(module.name.split(".")[0] for module in self.ours)


def import_closure(entry: str, root: Path = REPO_ROOT) -> ImportClosure:
    """The static import closure of one of our modules, following our own modules only."""
    seen: dict[str, ModuleSource] = {}
    third_party: set[str] = set()
    missing: set[str] = set()
    pending = [(name, True) for name in _parents_and_self(entry)]
    while pending:
        name, required = pending.pop()
        if name in seen:
            continue
        module = find_module(name, root)
        if module is None:
            if name.split(".")[0] not in OUR_PACKAGES:
                third_party.add(name.split(".")[0])
            elif required:
                missing.add(name)
            continue
        seen[name] = module
        imports = imported_names(module)
        pending.extend((name, True) for name in imports.required - seen.keys())
        pending.extend((name, False) for name in imports.maybe_modules - seen.keys())
    ours = tuple(sorted(seen.values(), key=lambda module: module.name))
    return ImportClosure(ours, frozenset(third_party), frozenset(missing))


class MissingModules(ImportError):
    """A handler's code imports modules of ours that do not exist: the function cannot start."""


def complete_closure(entry: str, root: Path = REPO_ROOT) -> ImportClosure:
    """:func:`import_closure`, failing (never skipping) when a module of ours is missing."""
    closure = import_closure(entry, root)
    if closure.missing:
        raise MissingModules(
            f"{entry} imports modules that do not exist: {sorted(closure.missing)}"
        )
    return closure


def load_handler(handler: str) -> Callable[..., object]:
    """The entry point a Lambda handler string names, imported for real: a broken import
    raises here, so a contract test fails instead of being skipped."""
    module = importlib.import_module(handler_module(handler))
    entry: object = getattr(module, handler.rpartition(".")[2], None)
    if not callable(entry):
        raise AttributeError(f"{handler} is not a function")
    return entry


@cache
def _operations_by_method() -> dict[str, tuple[str, str]]:
    """boto3 client method name -> (service, API operation), from botocore's own models."""
    session = botocore.session.get_session()
    table: dict[str, tuple[str, str]] = {}
    ambiguous: set[str] = set()
    for service in SERVICES:
        for operation in session.get_service_model(service).operation_names:
            method = xform_name(operation)
            if method in table:
                ambiguous.add(method)
            table[method] = (service, operation)
    # A name several of the services share cannot be attributed from source text alone.
    for method in ambiguous:
        del table[method]
    return table


@cache
def _needs_arguments(service: str, operation: str) -> bool:
    """Whether the operation has required parameters, so a call without any is not it."""
    model = botocore.session.get_session().get_service_model(service)
    shape = model.operation_model(operation).input_shape
    return shape is not None and bool(shape.required_members)


def _called_operations(tree: ast.AST) -> set[tuple[str, str]]:
    operations = _operations_by_method()
    called: set[tuple[str, str]] = set()
    for node in _runtime_nodes(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        method = node.func.attr
        if method in operations:
            if not node.args and not node.keywords and _needs_arguments(*operations[method]):
                continue  # another library's namesake (pydantic's SecretStr.get_secret_value())
            called.add(operations[method])
        elif method == "get_paginator" and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant) and first.value in operations:
                called.add(operations[first.value])
    return called


def _transaction_item_kinds(tree: ast.AST) -> set[str]:
    """Kinds of transaction items a module builds: the keys of its ``{"Put": ...}`` dicts."""
    kinds: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            for key in node.keys:
                if isinstance(key, ast.Constant) and key.value in _TRANSACTION_ITEM_ACTIONS:
                    kinds.add(key.value)
        elif isinstance(node, ast.Call):
            for keyword in node.keywords:
                if keyword.arg in _TRANSACTION_ITEM_ACTIONS:
                    kinds.add(keyword.arg)
    return kinds


class UnmappedOperation(LookupError):
    """The code calls an operation whose IAM action this check does not know how to derive."""


def _iam_actions(operations: set[tuple[str, str]], transaction_kinds: set[str]) -> set[str]:
    actions: set[str] = set()
    for service, operation in operations:
        if (service, operation) == ("dynamodb", "TransactWriteItems"):
            if not transaction_kinds:
                raise UnmappedOperation("transact_write_items with no recognisable item kinds")
            actions.update(_TRANSACTION_ITEM_ACTIONS[kind] for kind in transaction_kinds)
        elif (service, operation) == ("dynamodb", "TransactGetItems"):
            actions.add(_TRANSACT_GET_ACTION)
        elif (service, operation) == ("lambda", "Invoke"):
            actions.add("lambda:InvokeFunction")  # the API operation's IAM action differs
        elif service == "dynamodb" and operation.endswith("Statement"):
            raise UnmappedOperation(f"PartiQL operation {operation}: map it to PartiQL actions")
        else:
            actions.add(f"{service}:{operation}")
    return actions


def iam_actions_of(modules: Iterable[ModuleSource], entry_points: Iterable[str]) -> set[str]:
    """IAM actions needed by the AWS client calls the given modules can make when run from
    the entry points (function names), taken together (a transaction's items may be built
    in one module and sent from another)."""
    trees = [
        ast.parse(module.path.read_text(encoding="utf-8"), filename=str(module.path))
        for module in modules
    ]
    operations: set[tuple[str, str]] = set()
    kinds: set[str] = set()
    for part in reachable_parts(trees, entry_points):
        operations |= _called_operations(part)
        kinds |= _transaction_item_kinds(part)
    return _iam_actions(operations, kinds)


def handler_module(handler: str) -> str:
    """The module part of a Lambda handler string ``package.module.function``."""
    module, _, _ = handler.rpartition(".")
    return module
