"""GET /progress from the kept items on every real store: the body every entry gives (does I/O)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from handlers.service.facade import Service
from handlers.service.kept.creating import create_new
from handlers.service.logbook.writes import LogRequest
from handlers.service.progress.statistics import progress_with_days
from handlers.service.progress.stats import STATS_PREFIXES
from handlers.settings import Settings
from storage.models import user_pk
from storage.repository import ItemRepository
from tests.unit.handlers.provider_doubles import fake_clients
from tests.unit.handlers.test_progress_kept import history

NOW = datetime(2024, 9, 29, 1, tzinfo=UTC)


def _every_entry(service: Service) -> dict[str, Any]:
    pk = user_pk("golden")
    items = [item for prefix in STATS_PREFIXES for item in service.repo.query_prefix(pk, prefix)]
    body, days, seconds = progress_with_days(iter(items), NOW, service.timezone("golden"))
    return {**body, **service.goals.figures("golden", days, seconds)}


def test_progress_from_the_kept_items_is_progress_from_every_entry(
    concurrent_repository: ItemRepository,
) -> None:
    # The real stores (moto takes a minute over a thousand items and adds nothing here).
    service = Service(repo=concurrent_repository, providers=fake_clients(), settings=Settings(),
                      clock=lambda: NOW)
    items = [{**item, "pk": user_pk("golden"), "user": "golden"}
             for item in history(5, NOW - timedelta(days=3))]
    create_new(service.store, "golden", service.timezone("golden"), items)
    assert service.kept.verify("golden") == []
    first = service.progress("golden")
    assert first == _every_entry(service) == service.progress("golden")
    service.logbook.log("golden", LogRequest(activity="book", minutes=20), "api")
    after = service.progress("golden")
    assert after["total_minutes"] == first["total_minutes"] + 20
    assert after == _every_entry(service)
