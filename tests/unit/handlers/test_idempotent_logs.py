"""POST /log sent twice with one Idempotency-Key logs once and answers the same twice."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta
from typing import Any

from handlers.http.api import Api, ApiRequest, ApiResponse
from handlers.service.facade import Service
from handlers.service.logbook.area import LoggedReply
from handlers.service.logbook.writes import LogRequest
from handlers.settings import Settings
from storage.memory import InMemoryItemRepository
from tests.unit.handlers.provider_doubles import fake_clients
from tests.unit.handlers.router_harness import ALICE, message, router

START = datetime(2024, 1, 7, 12, 0, tzinfo=UTC)
BODY = {"activity": "anime", "minutes": 24, "title": "Frieren"}


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


def _post(api: Api, body: dict[str, Any], key: str | None) -> ApiResponse:
    headers = {"Authorization": ALICE, **({"Idempotency-Key": key} if key else {})}
    return api.handle(ApiRequest("POST", "/log", headers=headers, query={},
                                 body=json.dumps(body).encode()))


def _entries(api: Api) -> list[dict[str, Any]]:
    return [entry.model_dump() for entry in api.service.logbook.history("alice").entries]


def test_a_repeated_key_answers_the_first_answer_and_logs_once() -> None:
    clock = Clock()
    with router(clock=clock) as api:
        first = _post(api, BODY, "3f0c9a51-key")
        clock.now += timedelta(minutes=5)
        again = _post(api, BODY, "3f0c9a51-key")
        assert first.status == again.status == 201
        assert again.json() == first.json()
        assert [e["id"] for e in _entries(api)] == [first.json()["entry"]["id"]]
        # Another key, or none, is another log.
        assert _post(api, BODY, "another-key").status == 201
        assert _post(api, BODY, None).status == 201
        assert len(_entries(api)) == 3


def test_a_key_is_remembered_for_a_day() -> None:
    clock = Clock()
    with router(clock=clock) as api:
        _post(api, BODY, "day-key")
        clock.now += timedelta(hours=23)
        assert _post(api, BODY, "day-key").status == 201 and len(_entries(api)) == 1
        clock.now += timedelta(hours=2)
        assert _post(api, BODY, "day-key").status == 201 and len(_entries(api)) == 2


def test_a_key_reused_for_another_log_is_refused() -> None:
    with router() as api:
        _post(api, BODY, "reused")
        answer = _post(api, {**BODY, "minutes": 48}, "reused")
        assert message(answer, 409).startswith("Idempotency-Key:")
        assert len(_entries(api)) == 1


def test_a_refused_log_leaves_its_key_free_for_the_corrected_one() -> None:
    with router() as api:
        assert message(_post(api, {"activity": "anime"}, "fix-me"), 400).startswith("minutes:")
        assert _post(api, {"activity": "anime"}, "fix-me").status == 400
        assert _post(api, BODY, "fix-me").status == 201
        assert len(_entries(api)) == 1


def test_a_key_that_is_no_key_is_a_400() -> None:
    with router() as api:
        for key in ("x" * 201, "with space", "naïve"):
            assert message(_post(api, BODY, key), 400).startswith("Idempotency-Key:")
        assert _entries(api) == []


def test_keys_are_each_users_own() -> None:
    with InMemoryItemRepository(clock=START.timestamp) as repo:
        service = Service(repo=repo, providers=fake_clients(), settings=Settings(),
                          clock=lambda: START)
        request = LogRequest(activity="book", minutes=30)
        alice = service.logbook.log("alice", request, "api", idempotency_key="shared")
        bob = service.logbook.log("bob", request, "api", idempotency_key="shared")
        assert not alice.repeated and not bob.repeated
        assert len(service.logbook.history("bob").entries) == 1


def test_racing_requests_with_one_key_log_once() -> None:
    with InMemoryItemRepository(clock=START.timestamp) as repo:
        service = Service(repo=repo, providers=fake_clients(), settings=Settings(),
                          clock=lambda: START)
        request = LogRequest(activity="book", minutes=30)
        answers: list[LoggedReply] = []
        start = threading.Barrier(8)

        def send() -> None:
            start.wait()
            answers.append(service.logbook.log("alice", request, "api", idempotency_key="race"))

        threads = [threading.Thread(target=send) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        entries = service.logbook.history("alice").entries
        assert len(entries) == 1
        assert {answer.entry.id for answer in answers} == {entries[0].id}
        assert sum(not answer.repeated for answer in answers) == 1
