"""Callbacks whose module is imported the first time they are called (no I/O).

A Lambda answers one update or interaction per cold start: registering every handler with
its function imported would load every command module, and the rules and texts each names,
for an event that runs one of them. A callback is named ``"package.module:function"``;
``tests/unit/test_import_graph.py`` counts such a name as an import of its module.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Coroutine
from importlib import import_module
from typing import Any

CALLBACK_NAME = re.compile(r"([a-z_][a-z0-9_.]*):([A-Za-z_][A-Za-z0-9_]*)")
"""``"package.module:function"``: what static readers of our code (the import graph, the
Lambdas' code paths) count as an import of ``package.module``."""


def resolve(target: str) -> Callable[..., Any]:
    """The function ``"package.module:function"`` names, its module imported (once: Python
    keeps it in ``sys.modules``)."""
    named = CALLBACK_NAME.fullmatch(target)
    if named is None:
        raise ValueError(f"{target!r} names no function as package.module:function")
    module, name = named.groups()
    found: Callable[..., Any] = getattr(import_module(module), name)
    return found


def sync_callback(target: str) -> Callable[..., Any]:
    """A plain function that imports ``target`` on its first call and calls it."""

    def call(*args: Any) -> Any:
        return resolve(target)(*args)

    call.__qualname__ = call.__name__ = target
    return call


def async_callback(target: str) -> Callable[..., Coroutine[Any, Any, Any]]:
    """A coroutine function that imports ``target`` on its first call and awaits it."""

    async def call(*args: Any) -> Any:
        return await resolve(target)(*args)

    call.__qualname__ = call.__name__ = target
    return call
