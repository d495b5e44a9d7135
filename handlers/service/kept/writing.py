"""The unit of work: the one way a user's entries and records change (store I/O at commit).

``with Writing(repo, user, zone) as w: w.add(entry)`` stages source writes; leaving the
block commits them with every kept item they move (history references, day and title
totals, by delta), each change whole, in as few transactions as fit (``plan``). Leaving by
an exception commits nothing. A condition that fails (an entry changed or created
elsewhere meanwhile) raises ``Conflicted`` naming its key; the transactions before it
stand, each complete.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any
from zoneinfo import ZoneInfo

from handlers.service.kept.contributions import TITLE_PREFIX, title_ref
from handlers.service.kept.kinds import ENTRY_KINDS, EntryKind, kind_of
from handlers.service.kept.plan import Change, entry_change, recopy_change, transactions
from storage.models import user_pk
from storage.repository import Delete, Item, ItemRepository, Op, Put, TransactionConflict


class Conflicted(Exception):
    """A condition of the unit of work failed at ``sk``: someone changed it meanwhile."""

    def __init__(self, sk: str | None) -> None:
        super().__init__(f"the item {sk!r} was changed elsewhere; nothing of it was written")
        self.sk = sk


@dataclass(frozen=True)
class _Staged:
    old: Item | None
    new: Item | None
    write: Op
    skip_existing: bool = False


def updated(item: Item, changes: dict[str, Any]) -> Item:
    """``item`` with ``changes`` applied (``None`` removes an attribute) and its version
    moved on, as ``change`` stores it."""
    new = {**item, **changes, "version": int(item.get("version", 0)) + 1}
    return {name: value for name, value in new.items() if value is not None}


class Writing:
    """Staged changes of one user's entries and records, committed together."""

    def __init__(self, repo: ItemRepository, user: str, zone: ZoneInfo) -> None:
        self._repo = repo
        self.user = user
        self._zone = zone
        self._pk = user_pk(user)
        self._entries: list[_Staged] = []
        self._records: list[tuple[Item, bool]] = []
        self._others: list[Op] = []
        self.created: set[str] = set()
        """After the commit: the sort keys of the entries it created."""

    def __enter__(self) -> Writing:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if kind is None:
            self.commit()

    # --- staging ------------------------------------------------------------------------
    def add(self, entry: Item, *, skip_existing: bool = False) -> None:
        """Create ``entry``; with ``skip_existing`` an entry already stored under its key
        is left alone (a sync seeing it again), else that is a conflict."""
        self._entries.append(_Staged(None, entry, Put(entry, if_absent=True), skip_existing))

    def change(self, old: Item, new: Item) -> None:
        """Replace the stored ``old`` (as read) by ``new`` (same key; see ``updated``)."""
        write = Put(new, expected_version=_version(old))
        self._entries.append(_Staged(old, new, write))

    def remove(self, entry: Item) -> None:
        """Delete the stored ``entry`` (as read)."""
        write = Delete(self._pk, str(entry["sk"]), expected_version=_version(entry))
        self._entries.append(_Staged(entry, None, write))

    def put_record(self, record: Item, *, if_absent: bool = False) -> None:
        """Write a show, channel or podcast record (with ``if_absent``, only if there is
        none); the copies of the entries naming it follow."""
        self._records.append((record, if_absent))

    def put(self, item: Item, *, if_absent: bool = False) -> None:
        """Write an item no kept item depends on (an undo record, an import's journal)."""
        self._others.append(Put(item, if_absent=if_absent))

    def delete(self, sk: str) -> None:
        """Delete an item of the user no kept item depends on."""
        self._others.append(Delete(self._pk, sk))

    # --- commit -------------------------------------------------------------------------
    def commit(self) -> None:
        """Write everything staged with the kept items it moves; clears the stage."""
        staged, self._entries = self._entries, []
        records, self._records = self._records, []
        others, self._others = self._others, []
        existing = self._existing(staged)
        staged = [s for s in staged if not (s.skip_existing and s.new is not None
                                            and s.new["sk"] in existing)]
        changed, known = self._records_known(records, staged)
        changes = [Change([op]) for op in others]
        changes += [entry_change(self.user, s.old, s.new, s.write, known, self._zone)
                    for s in staged]
        changes += [self._recopy(record, created, known, staged) for record, created in changed]
        for ops in transactions(self.user, changes):
            self._transact(ops)
        self.created = {str(s.new["sk"]) for s in staged if s.old is None and s.new is not None}

    def _transact(self, ops: list[Op]) -> None:
        try:
            self._repo.transact(ops)
        except TransactionConflict as conflict:
            raise Conflicted(conflict.sk) from None

    def _existing(self, staged: Sequence[_Staged]) -> set[str]:
        wanted = [str(s.new["sk"]) for s in staged if s.skip_existing and s.new is not None]
        return set(self._repo.get_many(self._pk, wanted)) if wanted else set()

    def _records_known(self, records: Sequence[tuple[Item, bool]], staged: Sequence[_Staged]
                       ) -> tuple[list[tuple[Item, bool]], dict[str, Item]]:
        """The records written, with whether each is new (one to write only if absent and
        found is not written), and every record the staged entries' copies show, staged
        or stored."""
        named = {sk for s in staged if s.new is not None and (sk := _record_sk(s.new))}
        wanted = sorted(named | {str(record["sk"]) for record, _ in records})
        stored = self._repo.get_many(self._pk, wanted) if wanted else {}
        changed = [(record, if_absent) for record, if_absent in records
                   if not (if_absent and record["sk"] in stored)]
        return changed, {**stored, **{str(r["sk"]): r for r, _ in changed}}

    def _recopy(self, record: Item, new: bool, known: dict[str, Item],
                staged: Sequence[_Staged]) -> Change:
        """The record's write and the copies of the stored entries naming it (those staged
        here are copied with it already). A new record is looked for only if its title
        total says entries name it (an entry stored before its record could be made)."""
        write = Change([Put(record, if_absent=new)])
        kind = _kind_naming(str(record["sk"]))
        if kind is None or (new and not self._named(kind, record)):
            return write
        mine = {str(s.new["sk"]) for s in staged if s.new is not None}
        mine |= {str(s.old["sk"]) for s in staged if s.old is not None}
        record_id = str(record["sk"])[len(kind.record_prefix or ""):]
        entries = [e for e in self._repo.query_prefix(self._pk, kind.prefix)
                   if kind.record_id(e) == record_id and e["sk"] not in mine]
        recopied = recopy_change(self.user, entries, known)
        return Change([*write.ops, *recopied.ops])

    def _named(self, kind: EntryKind, record: Item) -> bool:
        """Whether any stored entry names ``record`` (its title total says)."""
        ref = title_ref(kind, {kind.record_attribute or "": str(record["sk"])[
            len(kind.record_prefix or ""):]})
        total = self._repo.get(self._pk, f"{TITLE_PREFIX}{kind.activity}#{ref}")
        return bool(total and total.get("count"))


def _version(item: Item) -> int | None:
    version = item.get("version")
    return None if version is None else int(version)


def _record_sk(entry: Item) -> str | None:
    kind = kind_of(str(entry["sk"]))
    return kind.record_sk(entry) if kind is not None else None


def _kind_naming(record_sk: str) -> EntryKind | None:
    return next((k for k in ENTRY_KINDS if k.record_prefix and record_sk.startswith(
        k.record_prefix)), None)
