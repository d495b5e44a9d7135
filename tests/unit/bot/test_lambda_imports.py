"""What the bot's Lambdas load before their first event (reads source files).

A cold start pays for every module imported at load time or on its first event, so the
notifier, which only sends, must never load the command handlers or the Application, and
no Lambda may load matplotlib before a chart is drawn.
"""

from __future__ import annotations

import ast
from pathlib import Path

from bot.on_first_call import CALLBACK_NAME

ROOT = Path(__file__).parents[3]
OURS = ("bot", "handlers", "storage", "metadata_clients", "retrying")


def _path(module: str) -> Path | None:
    base = ROOT.joinpath(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.exists():
            return candidate
    return None


def _loaded_at_import(tree: ast.Module, in_functions: bool = False) -> set[str]:
    """Modules a module's body imports when it runs (not for types; in functions too if
    ``in_functions``: what it may load once called)."""
    found: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        for inner in ast.walk(node):
            if not in_functions and isinstance(inner, ast.FunctionDef | ast.AsyncFunctionDef):
                break
            if isinstance(inner, ast.Import):
                found |= {alias.name for alias in inner.names}
            elif isinstance(inner, ast.ImportFrom) and inner.module and not inner.level:
                found.add(inner.module)
                found |= {f"{inner.module}.{alias.name}" for alias in inner.names}
    return found


def _callbacks_named(tree: ast.Module) -> list[str]:
    """The modules of the ``"package.module:function"`` callbacks a module names (each
    imported on its callback's first call)."""
    return [named.group(1) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and (named := CALLBACK_NAME.fullmatch(node.value))]


def loaded_by(entry: str, in_functions: bool = False, callbacks: bool = False) -> set[str]:
    """Every module ``entry``'s import loads (or, ``in_functions``, may load when its
    functions run; with ``callbacks``, when the callbacks it names run), ours followed
    through, others by name."""
    seen: set[str] = set()
    todo = [entry]
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen.add(module)
        path = _path(module) if module.split(".")[0] in OURS else None
        if path is not None:
            tree = ast.parse(path.read_text("utf-8"))
            todo += _loaded_at_import(tree, in_functions)
            if callbacks:
                todo += _callbacks_named(tree)
            parent = module.rpartition(".")[0]
            if parent:
                todo.append(parent)
    return {m for m in seen if m.split(".")[0] not in OURS or _path(m) is not None}


def loaded_with_first_event(entry: str, callbacks: bool = False) -> set[str]:
    """What ``entry`` loads with its first event: the modules its own functions import, and
    what those modules load at import (not what their functions load only when called;
    with ``callbacks``, what the callbacks they name load too)."""
    path = _path(entry)
    assert path is not None
    tree = ast.parse(path.read_text("utf-8"))
    named = _callbacks_named(tree) if callbacks else []
    seen = {entry}
    for module in [*_loaded_at_import(tree, in_functions=True), *named]:
        seen |= loaded_by(module, callbacks=callbacks)
    return seen


def loaded_by_some_event(entry: str) -> set[str]:
    """What ``entry`` may load with any event: its first event's modules and, followed
    through, every callback they name to import on its first call."""
    return loaded_with_first_event(entry, callbacks=True)


def test_the_notifier_lambda_loads_no_command_handler_nor_the_application() -> None:
    # Followed into functions: the entry loads its modules when a tick runs.
    loaded = loaded_by("bot.notifier_lambda", in_functions=True)
    assert "bot.notifier_sender" in loaded and "bot.sending" in loaded
    assert "bot.capture_notice_sender" in loaded
    commands = {
        "bot.application", "bot.webhook_lambda", "bot.account_commands", "bot.goal_commands",
        "bot.log_command", "bot.progress_command", "bot.history_command", "bot.show_commands",
        "bot.link_messages", "bot.plain_logs", "bot.portability_messages", "bot.entry_buttons",
        "bot.undo_buttons", "bot.watched_replies", "bot.whole_shows", "bot.context",
        "bot.capture_notices",
    }
    assert loaded & commands == set()


def test_no_bot_lambda_loads_matplotlib_before_drawing() -> None:
    for entry in ("bot.notifier_lambda", "bot.webhook_lambda"):
        loaded = loaded_by_some_event(entry)
        assert "bot.charts" in loaded or "bot.digest_text" in loaded, entry
        assert not {m for m in loaded if m.split(".")[0] == "matplotlib"}, entry


def test_the_webhook_lambda_loads_no_command_module_before_an_update_runs_it() -> None:
    loaded = loaded_with_first_event("bot.webhook_lambda")
    assert "bot.application" in loaded and "bot.update_routes" in loaded
    assert {"bot.account_commands", "bot.log_command", "bot.goal_commands",
            "bot.capture_notices", "bot.notifier_sender"} & loaded == set()
    # Each is still reached, through the callbacks the routes name.
    assert "bot.progress_command" in loaded_by_some_event("bot.webhook_lambda")
