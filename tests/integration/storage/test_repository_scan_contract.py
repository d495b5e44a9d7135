"""The repository's whole-store scan, run against every storage adapter (does I/O)."""

from __future__ import annotations

from storage.repository import ItemRepository
from tests.integration.storage.samples import AWKWARD_NAMES, plain_item


def _fill(repository: ItemRepository) -> set[tuple[str, str]]:
    keys = set()
    for user in ("alice", "bob", *AWKWARD_NAMES):
        items = [plain_item(f"USER#{user}", f"LOG#{n:03d}", n=n) for n in range(7)]
        repository.put_many_if_absent(items)
        keys |= {(item["pk"], item["sk"]) for item in items}
    repository.put(plain_item("ACCOUNTS", "ACCOUNT#alice", user="alice"))
    return keys | {("ACCOUNTS", "ACCOUNT#alice")}


def test_scan_yields_every_item_of_every_partition_once(repository: ItemRepository) -> None:
    keys = _fill(repository)
    scanned = [(item["pk"], item["sk"]) for item in repository.scan()]
    assert sorted(scanned) == sorted(keys)
    assert next(item for item in repository.scan() if item["sk"] == "LOG#003")["n"] == 3


def test_scan_resumes_after_any_key_it_yielded(repository: ItemRepository) -> None:
    keys = _fill(repository)
    order = [(item["pk"], item["sk"]) for item in repository.scan()]
    for cut in (0, 1, 6, 7, 30, len(order) - 1):
        rest = [(i["pk"], i["sk"]) for i in repository.scan(start_after=order[cut])]
        assert rest == order[cut + 1 :]
    pages: list[tuple[str, str]] = []
    after = None
    while True:
        page = [(i["pk"], i["sk"]) for i in repository.scan(start_after=after, limit=5)]
        pages += page
        if len(page) < 5:
            break
        after = page[-1]
    assert pages == order
    assert len(set(pages)) == len(keys)


def test_scan_of_an_empty_store_yields_nothing(repository: ItemRepository) -> None:
    assert list(repository.scan()) == []
    assert list(repository.scan(limit=0)) == []
