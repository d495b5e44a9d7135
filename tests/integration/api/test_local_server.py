"""The local HTTP server answers keep-alive requests without Nagle's delayed-ACK stall."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import httpx

from handlers.http.api import Api
from handlers.http.local_server import make_server
from handlers.service.accounts import AccountStore, Authenticator
from handlers.service.facade import Service
from storage.sqlite import SQLiteItemRepository
from tests.unit.handlers.provider_doubles import fake_clients


def test_keep_alive_answers_are_not_held_back(tmp_path: Path) -> None:
    repo = SQLiteItemRepository(tmp_path / "t.sqlite3")
    service = Service(repo=repo, providers=fake_clients())
    server = make_server(Api(service, Authenticator(AccountStore(repo))), "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{server.server_address[1]}") as http:
            http.get("/openapi.json").raise_for_status()  # connect and warm up
            began = time.perf_counter()
            for _ in range(10):
                http.get("/openapi.json").raise_for_status()
            elapsed = time.perf_counter() - began
    finally:
        server.shutdown()
        server.server_close()
        repo.close()
    # Headers and body are two writes: with Nagle on, each answer waited ~40 ms for the
    # client's delayed ACK (>= 0.4 s for ten); without it, ten take a few milliseconds.
    assert elapsed < 0.3, elapsed
