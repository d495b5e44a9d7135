"""The progress summary on every store: kept, read back and used, with the body every entry
gives, and out of use after a write (does I/O)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from handlers.service import progress_summary
from handlers.service.facade import Service
from handlers.service.logs import LogRequest
from handlers.service.progress import compute_progress
from handlers.service.stats import STATS_PREFIXES
from handlers.settings import Settings
from storage.models import LogEntry, user_pk
from storage.repository import ItemRepository
from tests.support.counting_repository import CountingRepository
from tests.unit.handlers.provider_doubles import fake_clients
from tests.unit.handlers.test_progress_summary import _history

NOW = datetime(2024, 9, 29, 1, tzinfo=UTC)


def _every_entry(service: Service) -> dict[str, object]:
    pk = user_pk("golden")
    items = [item for prefix in STATS_PREFIXES for item in service.repo.query_prefix(pk, prefix)]
    body = compute_progress(iter(items), NOW, service.timezone("golden"))
    return {name: body[name] for name in body}


def test_progress_from_the_kept_summary_is_progress_from_every_entry(
    concurrent_repository: ItemRepository,
) -> None:
    # The real stores (moto takes a minute over a thousand items and adds nothing here).
    repository = concurrent_repository
    service = Service(repo=repository, providers=fake_clients(), settings=Settings(),
                      clock=lambda: NOW)
    items = [{**item, "pk": user_pk("golden"), "user": "golden"}
             for item in _history(5, NOW - timedelta(days=3))]
    for begin in range(0, len(items), 100):
        repository.put_many_if_absent(items[begin : begin + 100])
    expected = _every_entry(service)
    first = service.progress("golden")
    kept = repository.get(user_pk("golden"), progress_summary.SUMMARY_SK)
    assert kept is not None and kept["recent"]
    second = service.progress("golden")
    assert {k: first[k] for k in expected} == expected == {k: second[k] for k in expected}
    service.logbook.log("golden", LogRequest(activity="book", minutes=20), "api")
    after = service.progress("golden")
    assert after["total_minutes"] == first["total_minutes"] + 20
    assert {k: after[k] for k in expected} == _every_entry(service)


def test_a_user_with_only_recent_entries_is_served_by_the_kept_summary(
    repository: ItemRepository,
) -> None:
    # The summary of a user with no entry older than its window holds no first or last
    # older entry: attributes a store does not keep, which must not void the summary.
    store = CountingRepository(repository)
    service = Service(repo=store, providers=fake_clients(), settings=Settings(),
                      clock=lambda: NOW)
    for hours in (2, 30, 50):
        at = int((NOW - timedelta(hours=hours)).timestamp())
        service.logbook.log("golden", LogRequest(activity="book", minutes=20, at=at), "api")
    first = service.progress("golden")
    store.items_read.clear()
    second = service.progress("golden")
    assert store.items_read[LogEntry.SK_PREFIX] == 0
    assert second == first and first["total_minutes"] == 60
