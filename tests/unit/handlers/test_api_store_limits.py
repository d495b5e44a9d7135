"""The REST API answers a request the store cannot hold with 400 and the limit (no I/O)."""

from __future__ import annotations

import json

from handlers.http.api import Api, ApiRequest
from handlers.service.accounts.credentials import AccountStore, Authenticator
from handlers.service.facade import Service
from handlers.settings import Settings
from storage.memory import InMemoryItemRepository
from storage.models import user_pk
from tests.unit.handlers.provider_doubles import fake_clients


def test_a_movie_name_too_long_for_the_store_is_a_400_naming_the_field() -> None:
    repo = InMemoryItemRepository()
    api = Api(
        Service(repo=repo, providers=fake_clients(), settings=Settings()),
        Authenticator(AccountStore(repo)),
    )
    movie = {"file_name": "x" * 1_100, "tvdb_id": 331904}
    body = json.dumps({"movies": [movie]}).encode()
    response = api.handle(ApiRequest("POST", "/syncmovies", body=body, principal="alice"))
    # It used to be refused by DynamoDB, retried, and answered 503 for good.
    assert response.status == 400
    assert json.loads(response.body) == {
        "message": "The movie file name is too long (at most 984 bytes in UTF-8)."
    }
    assert list(repo.query_prefix(user_pk("alice"))) == []
