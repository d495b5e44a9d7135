"""One whole sync run over a real library folder against the in-memory API (file I/O)."""

from __future__ import annotations

import io
from pathlib import Path

import httpx

from sync_script.api import TrackerApi, open_client
from sync_script.console import Console
from sync_script.session import SyncOptions, run_sync
from tests.unit.sync_script.fake_api import PASSWORD, USER, FakeTrackerApi


def sync(
    library: Path,
    fake: FakeTrackerApi,
    *,
    dry_run: bool = False,
    presets: dict[str, int] | None = None,
    spotify: httpx.Client | None = None,
) -> tuple[int, str]:
    """Run a sync that takes unambiguous TVDB answers; its exit status and output."""
    out = io.StringIO()

    def connect() -> TrackerApi:
        client = open_client("http://api.test/prod", USER, PASSWORD, transport=fake.transport())
        return TrackerApi(client, sleep=lambda _: None)

    options = SyncOptions(library, dry_run=dry_run, assume_yes=True, presets=presets or {})
    status = run_sync(options, Console(out, out), connect, None, spotify)
    return status, out.getvalue()
