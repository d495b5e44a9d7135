"""The sync client's import boundary, checked in a fresh interpreter (starts a process)."""

from __future__ import annotations

import ast
import subprocess
import sys


def test_the_client_loads_no_server_dependency() -> None:
    forbidden = ("pydantic", "boto3", "botocore", "telegram", "storage", "handlers", "bot")
    code = (
        "import sys, sync_script.cli, sync_script.session, sync_script.watch_cli\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {forbidden!r}))\n"
        "print(sorted(m for m in sys.modules if m.startswith('metadata_clients')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    server, metadata = done.stdout.splitlines()
    assert server == "[]"
    assert set(ast.literal_eval(metadata)) <= {
        "metadata_clients",
        "metadata_clients.errors",
        "metadata_clients.links",
        "metadata_clients.short_links",
    }
