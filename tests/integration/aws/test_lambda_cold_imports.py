"""What importing each Lambda's entry loads, in a fresh interpreter (subprocesses).

A cold start pays for every module an entry imports at load; what the first event needs
loads with it. These pin what was made to wait: a module in a list below loaded at import
is a cold start paying again for something it has not yet used.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[3]

NEVER_AT_IMPORT = (
    "pydantic_settings",  # the settings read the environment themselves
    "httpx",  # provider and Discord clients are built with the service
    "metadata_clients.settings",
    "telegram",
    "telegram.ext",
    "matplotlib",
    "boto3",  # Secrets Manager is read on the first event
    "handlers.service.kept.writing",  # the rules load with the operation that needs them
)
CHAT_DOORS_AT_IMPORT = (
    # The chat Lambdas build the service and their door on the first event.
    "pydantic",
    "handlers.service.facade",
    "handlers.settings",
    "bot.application",
    "bot.discord.door",
    "nacl",
)
ENTRIES = {
    "handlers.aws.api_lambda": NEVER_AT_IMPORT,
    "handlers.aws.capture_lambda": NEVER_AT_IMPORT,
    # The authorizer builds no model at import: pydantic's plugin lookup waits too.
    "handlers.aws.authorizer": (*NEVER_AT_IMPORT, "pydantic.plugin._loader"),
    "bot.webhook_lambda": NEVER_AT_IMPORT + CHAT_DOORS_AT_IMPORT,
    "bot.notifier_lambda": NEVER_AT_IMPORT + CHAT_DOORS_AT_IMPORT,
    "bot.discord.interactions_lambda": NEVER_AT_IMPORT + CHAT_DOORS_AT_IMPORT,
}

PROBE = """
import importlib, json, sys
importlib.import_module(sys.argv[1])
compiled = []
if "pydantic" in sys.modules:
    from pydantic import BaseModel
    todo = [BaseModel]
    while todo:
        model = todo.pop()
        todo += model.__subclasses__()
        ours = model.__module__.split(".")[0] in ("handlers", "bot", "storage", "metadata_clients")
        if ours and model.__dict__.get("__pydantic_complete__"):
            compiled.append(model.__module__ + "." + model.__qualname__)
print(json.dumps({"modules": sorted(sys.modules), "compiled": sorted(compiled)}))
"""


def _import_alone(entry: str) -> dict[str, list[str]]:
    done = subprocess.run([sys.executable, "-c", PROBE, entry], capture_output=True, text=True,
                          check=True, timeout=120, cwd=ROOT)
    found: dict[str, list[str]] = json.loads(done.stdout)
    return found


@pytest.mark.parametrize("entry", sorted(ENTRIES))
def test_importing_a_lambda_entry_loads_nothing_its_first_event_can_load(entry: str) -> None:
    loaded = _import_alone(entry)
    assert entry in loaded["modules"]
    assert sorted(set(ENTRIES[entry]) & set(loaded["modules"])) == []


@pytest.mark.parametrize("entry", sorted(ENTRIES))
def test_importing_a_lambda_entry_compiles_none_of_our_models(entry: str) -> None:
    assert _import_alone(entry)["compiled"] == []
