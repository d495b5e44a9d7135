"""``GET /progress`` is sent as the service builds it: the very bytes the model's validation
and dump give, over the golden stores, every clock and zone, goals set and not."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.http import responses
from handlers.http.exchange import send, send_built
from handlers.service.facade import Service
from handlers.service.kept.creating import create_new
from handlers.settings import Settings
from storage.memory import InMemoryItemRepository
from tests.unit.handlers.provider_doubles import fake_clients
from tests.unit.handlers.test_progress_golden import CLOCKS, STORES, USER, ZONES, _store

ORIGIN = "https://tracker.example"


def _service(store: str, now: datetime, zone: str) -> Service:
    repo = InMemoryItemRepository(clock=now.timestamp)
    service = Service(repo=repo, providers=fake_clients(), settings=Settings(timezone=zone),
                      clock=lambda: now)
    create_new(repo, USER, ZoneInfo(zone), _store(store))
    return service


@pytest.mark.parametrize("store", STORES)
@pytest.mark.parametrize("clock", sorted(CLOCKS))
@pytest.mark.parametrize("zone", ZONES)
def test_the_body_as_built_is_the_model_s_bytes(store: str, clock: str, zone: str) -> None:
    service = _service(store, CLOCKS[clock], zone)
    for goals in (False, True):
        if goals:
            service.goals.set_goal(USER, "all", "day", 30)
            service.goals.set_goal(USER, "all", "week", 300)
            service.goals.set_goal(USER, "watching", "day", 20)
        body = service.progress(USER)
        validated = send(responses.Progress.model_validate(body), ORIGIN)
        built = send_built(responses.Progress, body, ORIGIN)
        assert (built.status, built.body, built.headers) == (
            validated.status, validated.body, validated.headers)


def test_a_body_without_the_model_s_fields_in_order_is_refused() -> None:
    body = _service("sparse", CLOCKS["new-year"], "UTC").progress(USER)
    shuffled = dict(reversed(body.items()))
    with pytest.raises(ValueError, match="Progress"):
        send_built(responses.Progress, shuffled, ORIGIN)
    with pytest.raises(ValueError, match="Progress"):
        send_built(responses.Progress, {k: v for k, v in body.items() if k != "pace"}, ORIGIN)
