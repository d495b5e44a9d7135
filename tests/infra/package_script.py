"""Loads infra/package.py (a script, not a package) as a module for the tests (reads a file)."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

from tests.infra.code_paths import REPO_ROOT

_NAME = "infra_package"


def load_package_script() -> ModuleType:
    """infra/package.py, loaded once per test run."""
    if _NAME in sys.modules:
        return sys.modules[_NAME]
    spec = importlib.util.spec_from_file_location(_NAME, REPO_ROOT / "infra" / "package.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # dataclasses resolve the module through sys.modules while it executes.
    sys.modules[_NAME] = module
    spec.loader.exec_module(module)
    return module
