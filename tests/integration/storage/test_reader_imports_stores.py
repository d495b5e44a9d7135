"""In-place reader imports on every store: replace, keep an edited day, undo (does I/O)."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from handlers.service.logbook.history_entries import entry_id
from handlers.service.logbook.writes import EntryChanges, edit
from handlers.service.portability.area import Portability
from storage.models import user_pk
from storage.repository import ItemRepository

FIXTURES = Path(__file__).parents[2] / "fixtures" / "readers"
NOW = datetime(2026, 12, 3, 3, 0, tzinfo=UTC)
TOKYO = ZoneInfo("Asia/Tokyo")


def figures(repo: ItemRepository) -> dict[str, tuple[int, int]]:
    return {str(i["external_id"]): (int(i["duration"]), int(i["characters"]))
            for i in repo.query_prefix(user_pk("alice"), "LOG#")}


def test_replace_keep_edited_and_undo(repository: ItemRepository) -> None:
    draws = iter(range(10**6))
    port = Portability(repository, lambda: NOW, lambda _u: TOKYO,
                       lambda n: next(draws).to_bytes(n))
    old = (FIXTURES / "ttu_statistics_old.json").read_bytes()
    new = (FIXTURES / "ttu_statistics_new.json").read_bytes()
    port.import_file("alice", io.BytesIO(old))
    before = figures(repository)
    newer = port.import_file("alice", io.BytesIO(new))
    assert (newer.added, newer.replaced) == (1, 1)
    port.undo_import("alice", newer.import_id)
    assert figures(repository) == before
    again = port.import_file("alice", io.BytesIO(new))
    day = next(i for i in repository.query_prefix(user_pk("alice"), "LOG#")
               if str(i["external_id"]).endswith("2026-12-01"))
    edit(repository, "alice", entry_id(str(day["sk"])), EntryChanges(minutes=90), now=NOW,
         zone=TOKYO)
    later = new.replace(b'"charactersRead": 12000', b'"charactersRead": 13000')
    report = port.import_file("alice", io.BytesIO(later))
    assert (report.replaced, report.edited_kept) == (0, 1)
    stored = repository.get(user_pk("alice"), str(day["sk"]))
    assert stored is not None and int(stored["duration"]) == 90 * 60
    assert again.replaced == 1
