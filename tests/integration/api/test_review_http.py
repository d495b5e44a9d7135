"""The review card over HTTP: the local server sends the PNG's bytes, Lambda base64 (sockets)."""

from __future__ import annotations

import base64
import struct
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bot.review_card import render
from handlers.aws.api_lambda import response_to_proxy
from handlers.http.api import Api, ApiRequest
from handlers.http.local_server import LocalServer
from handlers.service.facade import Service
from storage.sqlite import SQLiteItemRepository
from tests.support.local_server import serving
from tests.unit.handlers.provider_doubles import fake_clients

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Api, httpx.Client]]:
    repo = SQLiteItemRepository(tmp_path / "t.sqlite3")
    service = Service(repo=repo, providers=fake_clients())
    service.accounts.add("alice", "correct horse")
    service.logbook.draw_card = render
    api = Api(service, service.accounts.authenticator)
    server = LocalServer(api, "127.0.0.1", 0)
    try:
        with serving(server):
            base = f"http://127.0.0.1:{server.address[1]}"
            with httpx.Client(base_url=base, auth=("alice", "correct horse")) as client:
                yield api, client
    finally:
        repo.close()


def test_the_card_arrives_as_png_bytes_on_both_doors(served: tuple[Api, httpx.Client]) -> None:
    api, http = served
    logged = http.post("/log", json={"activity": "anime", "minutes": 95, "title": "Frieren",
                                     "date": "2024-03-02"})
    assert logged.status_code == 201
    card = http.get("/review.png", params={"year": "2024"})
    assert card.status_code == 200 and card.headers["content-type"] == "image/png"
    assert card.content[:8] == PNG
    assert struct.unpack(">II", card.content[16:24]) == (1200, 630)
    assert int(card.headers["content-length"]) == len(card.content)
    review = http.get("/review", params={"year": "2024"}).json()
    assert review["total_minutes"] == 95 and review["top_titles"][0]["title"] == "Frieren"
    auth = "Basic " + base64.b64encode(b"alice:correct horse").decode()
    answer = api.handle(ApiRequest("GET", "/review.png", headers={"Authorization": auth},
                                   query={"year": "2024"}))
    proxy = response_to_proxy(answer)
    assert proxy["isBase64Encoded"] is True
    assert base64.b64decode(proxy["body"])[:8] == PNG
