"""Which functions and methods of parsed modules a run can reach, matched by name (no I/O)."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from bot.on_first_call import CALLBACK_NAME

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
    module: int
    is_method: bool

    @property
    def always_reachable(self) -> bool:
        if self.is_method and self.node.name.startswith("__") and self.node.name.endswith("__"):
            return True  # called implicitly (construction, `with`, iteration, ...)
        return any(_decorator_name(d) not in _WRAPPING_DECORATORS for d in self.node.decorator_list)


def _split(trees: Iterable[ast.Module]) -> tuple[list[_Unit], list[tuple[int, ast.AST]]]:
    """Prunable units, and everything else (module and class bodies) with its module."""
    units: list[_Unit] = []
    others: list[tuple[int, ast.AST]] = []
    for module, tree in enumerate(trees):
        for node in tree.body:
            if isinstance(node, _FunctionNode):
                units.append(_Unit(node, module, is_method=False))
            elif isinstance(node, ast.ClassDef):
                parts = [*node.decorator_list, *node.bases, *node.keywords]
                others.extend((module, part) for part in parts)
                for item in node.body:
                    if isinstance(item, _FunctionNode):
                        units.append(_Unit(item, module, is_method=True))
                    else:
                        others.append((module, item))
            else:
                others.append((module, node))
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
    bare: set[str]
    """Plain names: they reach the module's own function of that name if it has one."""
    functions: set[str]
    """Attributes and identifier strings: they reach a top-level function of any module."""
    methods: set[str]
    """Names a method can be reached by: attributes of receivers that may be ours, strings."""


def _references(node: ast.AST, foreign_types: set[str]) -> _References:
    # A name is foreign when every annotation it has in this function says so.
    kinds: dict[str, set[bool]] = {}
    for name, annotation in _annotated(node):
        kinds.setdefault(name, set()).add(_head(annotation) in foreign_types)
    foreign_names = {name for name, seen in kinds.items() if seen == {True}}
    bare: set[str] = set()
    functions: set[str] = set()
    methods: set[str] = set()
    for child in ast.walk(node):
        if isinstance(child, ast.Name):
            bare.add(child.id)
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
        elif isinstance(child, ast.Constant) and (
                named := CALLBACK_NAME.fullmatch(str(child.value))):
            # A callback named to be imported on its first call (``bot.on_first_call``).
            functions.add(named.group(2))
    return _References(bare, functions, methods)


class _Names:
    """What reachable code names so far: a plain name in a module that defines a function of
    that name is that function (Python resolves it there); any other plain name may be an
    import, so it reaches a function of that name in every module."""

    def __init__(self, trees: list[ast.Module], entry_points: Iterable[str]) -> None:
        classes = {n.name for tree in trees for n in tree.body if isinstance(n, ast.ClassDef)}
        self.foreign_types = (set(_FOREIGN_TYPES) - classes) | _foreign_aliases(trees, classes)
        self.defined = [
            {n.name for n in tree.body if isinstance(n, _FunctionNode)} for tree in trees
        ]
        self.own: list[set[str]] = [set() for _ in trees]
        self.anywhere = set(entry_points)
        self.methods: set[str] = set()

    def add(self, module: int, node: ast.AST) -> None:
        found = _references(node, self.foreign_types)
        self.own[module] |= found.bare & self.defined[module]
        self.anywhere |= (found.bare - self.defined[module]) | found.functions
        self.methods |= found.methods

    def reach(self, unit: _Unit) -> bool:
        name = unit.node.name
        if unit.is_method:
            return name in self.methods
        return name in self.anywhere or name in self.own[unit.module]


def reachable_parts(trees: list[ast.Module], entry_points: Iterable[str]) -> list[ast.AST]:
    """The parts of the modules a run can reach from the entry points (function names):
    module and class bodies, and the functions and methods something reachable names.
    A method counts when an attribute of that name is used on a receiver that may be one of
    ours, so ``item.update(...)`` on an annotated ``dict`` does not reach a repository's
    ``update``; a module's private ``_store`` does not reach another module's ``_store``.
    Otherwise names are matched across modules and classes: this over-approximates the
    calls a run makes (never missing one) while keeping admin-only code paths out."""
    units, others = _split(trees)
    names = _Names(trees, entry_points)
    for module, part in others:
        names.add(module, part)
    reachable: list[ast.AST] = [part for _, part in others]
    pending = list(units)
    changed = True
    while changed:
        changed = False
        for unit in list(pending):
            if unit.always_reachable or names.reach(unit):
                pending.remove(unit)
                reachable.append(unit.node)
                names.add(unit.module, unit.node)
                changed = True
    return reachable
