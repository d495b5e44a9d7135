"""Faults injected under every route: a throttled store, providers that fail in every way.

Each answer must be a documented status with the documented body, nothing may be a 500,
and whatever a 200 confirmed must still be there once the faults clear (in-process: the
store is moto's DynamoDB driven through the real adapter with faults injected at
botocore's call hook, the providers answer through ``httpx.MockTransport``).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import boto3
import httpx
import pytest
from jsonschema import Draft202012Validator
from moto import mock_aws

from handlers.http.api import Api, ApiResponse
from handlers.http.openapi import openapi_document
from handlers.http.routes import ROUTES, route_for
from handlers.service.accounts.credentials import secret_users
from handlers.service.facade import Service
from metadata_clients.settings import ProviderSettings, build_clients
from storage.backoff import Backoff
from storage.dynamodb import DynamoDBItemRepository, create_table
from tests.fakes.providers import ProviderFake
from tests.support.aws_environment import FAKE_REGION, use_fake_aws_environment
from tests.support.dynamodb_faults import ThrottlingFaults
from tests.unit.handlers.router_harness import NOW, SETTINGS, call

DOCUMENT = openapi_document(SETTINGS.max_body_bytes, SETTINGS.max_items_per_request)


class TimingOut(httpx.BaseTransport):
    """A provider that stops answering: every request times out while ``down``."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner, self.down = inner, False

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            raise httpx.ReadTimeout("the provider did not answer", request=request)
        return self.inner.handle_request(request)


World = tuple[Api, ThrottlingFaults, ProviderFake, TimingOut]


@pytest.fixture
def world(monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    use_fake_aws_environment(monkeypatch)
    fake = ProviderFake()
    for name, value in fake.environment().items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        client = boto3.client("dynamodb", region_name=FAKE_REGION)
        create_table(client, "items")
        faults = ThrottlingFaults()
        faults.install(client)
        repo = DynamoDBItemRepository(
            "items", client, backoff=Backoff(max_attempts=3, sleep=lambda _: None)
        )
        transport = TimingOut(fake.mock_transport())
        with httpx.Client(transport=transport) as http:
            providers = build_clients(ProviderSettings(), http, sleep=lambda _: None)
            users = secret_users({"users": [{"user": "alice", "password": "secret:pass"}]})
            service = Service(repo=repo, providers=providers, settings=SETTINGS,
                              clock=lambda: NOW, secret_users=users)
            yield Api(service, service.accounts.authenticator), faults, fake, transport


def documented(method: str, path: str, answer: ApiResponse) -> None:
    """The answer is one the document describes for this route, with that body."""
    assert answer.status < 500 or answer.status == 503, answer.body
    route, _, _ = route_for(method, path)
    assert route is not None
    described = DOCUMENT["paths"][route.path][route.method.lower()]["responses"]
    assert str(answer.status) in described, (method, path, answer.status, answer.body)
    schema = described[str(answer.status)]["content"]["application/json"]["schema"]
    validator = Draft202012Validator({**schema, "components": DOCUMENT["components"]})
    assert [e.message for e in validator.iter_errors(answer.json())] == [], answer.body
    if answer.status >= 400:
        assert answer.json()["message"].strip()


BODIES: dict[tuple[str, str], Any] = {
    ("POST", "/sync"): {"episodes": [{"folder_name": "Free!", "file_name": "01"}]},
    ("PUT", "/show"): {"folder_name": "Free!", "tvdb_id": 278157},
    ("POST", "/syncmovies"): {"movies": [{"file_name": "m", "tvdb_id": 331904}]},
    ("POST", "/syncyoutube"): {"video_ids": ["9bZkp7q19f0"]},
    ("POST", "/syncspotify"): {"episode_ids": ["5TmVVWd9TOCaF2bEtyYDwv"]},
    ("POST", "/log"): {"activity": "anime", "minutes": 25},
    ("PATCH", "/history/{id}"): {"minutes": 5},
    ("PUT", "/settings"): {"timezone": "Europe/Berlin"},
    ("POST", "/integrations"): {"name": "home", "source": "jellyfin"},
}


def test_every_route_answers_a_documented_503_while_the_store_is_throttled(
    world: World,
) -> None:
    api, faults, _, _ = world
    faults.should_fail = lambda: True
    for route in (r for r in ROUTES if r.authenticated):
        path = route.path.replace("{id}", "TE9HIzE")
        answer = call(api, route.method, path, BODIES.get(route.key),
                      query={"query": "free", "name": "Frieren"})
        documented(route.method, path, answer)
        # Asking who is signed in with a password (a user of the secret) reads nothing stored.
        if route.key not in {("GET", "/search"), ("POST", "/linkcode"), ("GET", "/session")}:
            assert answer.status == 503, (route.key, answer.body)


def test_what_a_200_confirmed_survives_a_flaky_store(
    world: World,
) -> None:
    api, faults, _, _ = world
    ticks = itertools.count()
    faults.should_fail = lambda: next(ticks) % 4 == 3  # every fourth store call is refused
    confirmed: set[str] = set()
    for batch in range(12):
        names = [f"{batch:02d}-{n}" for n in range(5)]
        body = {"episodes": [{"folder_name": "Flaky", "file_name": name} for name in names]}
        answer = call(api, "POST", "/sync", body)
        documented("POST", "/sync", answer)
        if answer.status == 200:
            confirmed.update(names)
        logged = call(api, "POST", "/log", {"activity": "manga", "minutes": batch + 1})
        documented("POST", "/log", logged)
    faults.should_fail = lambda: False
    stored = {e.title for e in api.service.logbook.history("alice", limit=200).entries}
    assert confirmed and confirmed <= stored
    assert api.service.progress("alice")["total_episodes_watched"] >= len(confirmed)


@pytest.mark.parametrize("fault", ["429", "500", "malformed", "timeout"])
def test_provider_faults_are_documented_answers_and_a_retry_completes(
    world: World, fault: str
) -> None:
    api, _, fake, transport = world
    call(api, "POST", "/sync", BODIES[("POST", "/sync")])
    provider_routes = [("POST", "/syncyoutube"), ("POST", "/syncspotify"),
                       ("POST", "/syncmovies"), ("PUT", "/show"), ("GET", "/search")]
    if fault == "timeout":
        transport.down = True
    else:
        for endpoint in fake.endpoints():
            fake.inject(endpoint, fault, count=1000, retry_after=0)  # type: ignore[arg-type]
    for method, path in provider_routes:
        answer = call(api, method, path, BODIES.get((method, path)), query={"query": "free"})
        documented(method, path, answer)
        assert answer.status == 503, (path, answer.body)
    transport.down = False
    fake.clear_faults()
    for method, path in provider_routes:
        answer = call(api, method, path, BODIES.get((method, path)), query={"query": "free"})
        assert answer.status == 200, (path, answer.body)
    progress = api.service.progress("alice")
    assert (progress["youtube_videos_watched"], progress["spotify_episodes_watched"]) == (1, 1)
    assert progress["total_movies_watched"] == 1
