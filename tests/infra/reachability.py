"""Which functions and methods of parsed modules a run can reach, matched by name (no I/O)."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

_FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef

# Annotations naming these are values no method of ours can be called on: `item.update(...)`
# on a `dict` must not make a repository's `update` reachable.
_FOREIGN_TYPES = frozenset(
    {
        "dict", "list", "set", "frozenset", "tuple", "str", "bytes", "bytearray", "int",
        "float", "bool", "Mapping", "MutableMapping", "Sequence", "MutableSequence",
        "defaultdict", "OrderedDict", "Counter", "deque",
    }
)  # fmt: skip
# Decorators that only wrap: anything else may register the function somewhere (a command
# table, say), so a function with another decorator is always reachable.
_WRAPPING_DECORATORS = frozenset(
    {
        "property", "setter", "staticmethod", "classmethod", "cached_property", "cache",
        "lru_cache", "wraps", "override", "abstractmethod", "contextmanager",
        "asynccontextmanager",
    }
)  # fmt: skip
_LITERALS = (
    ast.Constant, ast.Dict, ast.List, ast.Set, ast.Tuple, ast.JoinedStr,
    ast.DictComp, ast.ListComp, ast.SetComp,
)  # fmt: skip


def _head(annotation: ast.expr | None) -> str | None:
    """The outer type name of an annotation: ``dict`` for ``dict[str, Item]``."""
    while isinstance(annotation, ast.Subscript):
        annotation = annotation.value
    if isinstance(annotation, ast.Name):
        return annotation.id
    if isinstance(annotation, ast.Attribute):
        return annotation.attr
    return None  # unions, strings, None: unknown, so never treated as foreign


def _decorator_name(node: ast.expr) -> str | None:
    return _head(node.func if isinstance(node, ast.Call) else node)


@dataclass(frozen=True)
class _Unit:
    """A top-level function or a method of a top-level class, pruned when nothing names it."""

    node: _FunctionNode
    is_method: bool

    @property
    def always_reachable(self) -> bool:
        if self.is_method and self.node.name.startswith("__") and self.node.name.endswith("__"):
            return True  # called implicitly (construction, `with`, iteration, ...)
        return any(_decorator_name(d) not in _WRAPPING_DECORATORS for d in self.node.decorator_list)


def _split(trees: Iterable[ast.Module]) -> tuple[list[_Unit], list[ast.AST]]:
    units: list[_Unit] = []
    others: list[ast.AST] = []
    for tree in trees:
        for node in tree.body:
            if isinstance(node, _FunctionNode):
                units.append(_Unit(node, is_method=False))
            elif isinstance(node, ast.ClassDef):
                others.extend([*node.decorator_list, *node.bases, *node.keywords])
                for item in node.body:
                    if isinstance(item, _FunctionNode):
                        units.append(_Unit(item, is_method=True))
                    else:
                        others.append(item)
            else:
                others.append(node)
    return units, others


def _foreign_aliases(trees: Iterable[ast.Module], classes: set[str]) -> set[str]:
    """Module-level aliases of foreign types (``Item = dict[str, Any]``)."""
    aliases: set[str] = set()
    for tree in trees:
        for node in tree.body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                target = node.targets[0]
                if isinstance(target, ast.Name) and _head(node.value) in _FOREIGN_TYPES:
                    aliases.add(target.id)
    return aliases - classes


def _annotated(node: ast.AST) -> Iterator[tuple[str, ast.expr | None]]:
    for child in ast.walk(node):
        if isinstance(child, ast.arg):
            yield child.arg, child.annotation
        elif isinstance(child, ast.AnnAssign) and isinstance(child.target, ast.Name):
            yield child.target.id, child.annotation


@dataclass(frozen=True)
class _References:
    functions: set[str]
    """Names a top-level function can be reached by: any name, attribute or identifier string."""
    methods: set[str]
    """Names a method can be reached by: attributes of receivers that may be ours, strings."""


def _references(node: ast.AST, foreign_types: set[str]) -> _References:
    # A name is foreign when every annotation it has in this function says so.
    kinds: dict[str, set[bool]] = {}
    for name, annotation in _annotated(node):
        kinds.setdefault(name, set()).add(_head(annotation) in foreign_types)
    foreign_names = {name for name, seen in kinds.items() if seen == {True}}
    functions: set[str] = set()
    methods: set[str] = set()
    for child in ast.walk(node):
        if isinstance(child, ast.Name):
            functions.add(child.id)
        elif isinstance(child, ast.Attribute):
            functions.add(child.attr)
            receiver = child.value
            foreign = isinstance(receiver, _LITERALS) or (
                isinstance(receiver, ast.Name) and receiver.id in foreign_names
            )
            if not foreign:
                methods.add(child.attr)
        elif isinstance(child, ast.Constant) and str(child.value).isidentifier():
            # A name in a string may be looked up: getattr(repo, "close").
            functions.add(str(child.value))
            methods.add(str(child.value))
    return _References(functions, methods)


def reachable_parts(trees: list[ast.Module], entry_points: Iterable[str]) -> list[ast.AST]:
    """The parts of the modules a run can reach from the entry points (function names):
    module and class bodies, and the functions and methods something reachable names.
    A method counts when an attribute of that name is used on a receiver that may be one of
    ours, so ``item.update(...)`` on an annotated ``dict`` does not reach a repository's
    ``update``. Names are matched across modules and classes: this over-approximates the
    calls a run makes (never missing one) while keeping admin-only code paths out."""
    units, others = _split(trees)
    classes = {n.name for tree in trees for n in tree.body if isinstance(n, ast.ClassDef)}
    foreign_types = (set(_FOREIGN_TYPES) - classes) | _foreign_aliases(trees, classes)
    reachable: list[ast.AST] = list(others)
    functions = set(entry_points)
    methods: set[str] = set()
    for part in others:
        found = _references(part, foreign_types)
        functions |= found.functions
        methods |= found.methods
    pending = list(units)
    changed = True
    while changed:
        changed = False
        for unit in list(pending):
            names = methods if unit.is_method else functions
            if unit.always_reachable or unit.node.name in names:
                pending.remove(unit)
                reachable.append(unit.node)
                found = _references(unit.node, foreign_types)
                functions |= found.functions
                methods |= found.methods
                changed = True
    return reachable
