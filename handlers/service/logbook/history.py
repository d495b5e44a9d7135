"""A user's history: every kind of entry as one list, newest first, a page at a time (store I/O).

A page is one read of one page of time-index references (see ``history_index``), whose
sealed copies are the entries; only unsealed references (which only an older version's
interrupted write leaves) cost a read of their entries and of the records those need.
Reads never write.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from handlers.service.core.errors import InvalidInput, NotFound
from handlers.service.core.sound_items import is_sound
from handlers.service.logbook import history_index
from handlers.service.logbook.history_entries import (
    Entry,
    EntryKind,
    entry_fields,
    entry_id,
    from_fields,
    related_sk,
    to_entry,
    token,
    token_key,
)
from storage.models import user_pk
from storage.repository import Item, ItemRepository

__all__ = ["Entry", "EntryKind", "HistoryPage", "entry_id", "entry_sk", "page", "to_entry"]

MAX_PAGE = 200
DEFAULT_PAGE = 50
FIRST_READ = 25
"""A few days of a learner's entries: the first read of ``references_between``, each next
one four times larger, up to ``MAX_PAGE``, so a read of the newest entries reads few more
references than it keeps (each carries a copy of its entry)."""
_SCAN_LIMIT = 20 * MAX_PAGE
"""A filtered page stops after this many references, so a rare filter cannot read it all."""
_CURSOR = re.compile(rf"{history_index.PREFIX}\d{{11}}#.+", re.DOTALL)


@dataclass(frozen=True)
class HistoryPage:
    entries: list[Entry]
    next_cursor: str | None


def entry_sk(identifier: str) -> str:
    """The sort key behind an entry id; NotFound for anything that is not one."""
    sk = token_key(identifier)
    if not history_index.is_entry(sk):
        raise NotFound("There is no such entry.")
    return sk


def cursor_for(reference_sk: str) -> str:
    """The opaque cursor of the page that starts after this index reference."""
    return token(reference_sk)


def _after(cursor: str) -> str:
    decoded = token_key(cursor)
    if not _CURSOR.fullmatch(decoded):
        raise InvalidInput("cursor: not a cursor this server gave out.")
    return decoded


def page(
    repo: ItemRepository,
    user: str,
    *,
    limit: int = DEFAULT_PAGE,
    cursor: str | None = None,
    activity: str | None = None,
    since: int | None = None,
    until: int | None = None,
) -> HistoryPage:
    """Entries newest first, ``since <= at <= until``, after ``cursor``; at most ``limit``."""
    if not 1 <= limit <= MAX_PAGE:
        raise InvalidInput(f"limit: must be between 1 and {MAX_PAGE}.")
    start = _after(cursor) if cursor else None
    if until is not None:
        start = max(start or "", history_index.first_sk_at_or_before(until))
    entries: list[Entry] = []
    scanned = 0
    chunks = _reference_chunks(repo, user, start, since, limit + 1)
    for chunk in chunks:
        for reference, fields in _load(repo, user, chunk):
            if fields is not None and (activity is None or fields["activity"] == activity):
                entries.append(from_fields(fields))
            if len(entries) == limit:
                more = reference != chunk[-1]["sk"] or next(chunks, None) is not None
                return HistoryPage(entries, cursor_for(reference) if more else None)
        scanned += len(chunk)
        if scanned >= _SCAN_LIMIT:
            return HistoryPage(entries, cursor_for(chunk[-1]["sk"]))
    return HistoryPage(entries, None)


def _reference_chunks(
    repo: ItemRepository, user: str, start: str | None, since: float | None, size: int,
    grow: bool = False,
) -> Iterator[list[Item]]:
    """References after ``start`` at or after ``since``, ``size`` per store read (with
    ``grow``, each next read four times larger, up to ``MAX_PAGE``)."""
    pk = user_pk(user)
    while True:
        chunk = list(repo.query_prefix(pk, history_index.PREFIX, start_after=start, limit=size))
        if since is not None and chunk and history_index.timestamp_of(chunk[-1]["sk"]) < since:
            # Newest first: only a chunk ending before ``since`` holds any older reference.
            chunk = [r for r in chunk if history_index.timestamp_of(r["sk"]) >= since]
        if chunk:
            yield chunk
        if len(chunk) < size:
            return
        start = chunk[-1]["sk"]
        if grow:
            size = min(size * 4, MAX_PAGE)


def references_between(repo: ItemRepository, user: str, since: float,
                       until: float | None = None) -> Iterator[Item]:
    """The references to entries at or after ``since`` (and before ``until``, given one),
    newest first, the first read sized for a few days of entries (``FIRST_READ``)."""
    start = None if until is None else history_index.first_sk_at_or_before(int(until) - 1)
    for chunk in _reference_chunks(repo, user, start, since, FIRST_READ, grow=True):
        yield from chunk


def fields_between(repo: ItemRepository, user: str, since: int, until: int | None = None,
                   size: int = MAX_PAGE) -> Iterator[Item]:
    """The fields (as ``entry_fields`` gives them) of every entry ``since <= at < until``
    (no ``until``: every later one), newest first: the references of that period only,
    ``size`` a read (a caller that knows the period's count reads it in one), checked as a
    page checks them (reads only)."""
    start = None if until is None else history_index.first_sk_at_or_before(until - 1)
    for chunk in _reference_chunks(repo, user, start, since, size):
        for _reference, fields in _load(repo, user, chunk):
            if fields is not None:
                yield fields


def _load(
    repo: ItemRepository, user: str, references: list[Item]
) -> Iterator[tuple[str, Item | None]]:
    """Each reference's entry fields: a sealed copy as it is, else the entry as stored
    (``None`` for a reference found stale). Reads only: ``rebuild`` mends what an older
    version's interrupted writes left unsealed."""
    pk = user_pk(user)
    checked = [r for r in references if not history_index.is_trusted(r)]
    if not checked:  # every copy sealed, as nearly always: nothing more to read
        for reference in references:
            yield reference["sk"], reference[history_index.COPY]
        return
    items = repo.get_many(pk, [str(r["ref"]) for r in checked])
    related = history_index.related_records(repo, user, items.values())
    for reference in references:
        if history_index.is_trusted(reference):
            yield reference["sk"], reference[history_index.COPY]
            continue
        item = items.get(str(reference["ref"]))
        if item is not None and not is_sound(item):
            yield reference["sk"], None  # left out of the answer, kept in the store
            continue
        if item is None or history_index.reference_sk(int(item["timestamp"]), item["sk"]) != (
            reference["sk"]
        ):
            # Left by a write that stopped half-way, or by an entry moved or removed since.
            yield reference["sk"], None
            continue
        yield reference["sk"], entry_fields(item, related.get(related_sk(item) or ""))


def entry_of(repo: ItemRepository, user: str, item: Item) -> Entry:
    """The history entry of one stored item, with its show, channel or podcast record."""
    wanted = related_sk(item)
    related = repo.get(user_pk(user), wanted) if wanted else None
    return to_entry(item, related)


def minutes_since(repo: ItemRepository, user: str, since: int) -> float:
    """Minutes of every entry at or after ``since`` (a day or a week: a few index pages)."""
    total, cursor = 0.0, None
    while True:
        found = page(repo, user, limit=MAX_PAGE, cursor=cursor, since=since)
        total += sum(entry.minutes for entry in found.entries)
        if found.next_cursor is None:
            return total
        cursor = found.next_cursor
