"""The unit of work: the one way a user's entries and records change (store I/O at commit).

``with Writing(repo, user, zone) as w: w.add(entry)`` stages source writes; leaving the
block commits them with every kept item they move (history references, day and title
totals, by delta), each change whole, in as few transactions as fit (``plan``). Leaving by
an exception commits nothing. A condition that fails (an entry changed or created
elsewhere meanwhile) raises ``Conflicted`` naming its key; the transactions before it
may stand (each complete) or not, as the store applies them (``transact_many``).

A commit that needs several transactions is journaled first (``journal``), so a crash
between them leaves what remains written down; every commit first finishes a journal a
crashed one left. The head is read in the commit's own batched read, or taken from the
caller's (``as_read``): a commit that reads nothing else, a plain log, reads this one key.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any
from zoneinfo import ZoneInfo

from handlers.service.kept import journal
from handlers.service.kept.contributions import TOTALS_SK, record_counter, reweighed
from handlers.service.kept.kinds import kind_naming, kind_of
from handlers.service.kept.plan import Change, entry_change, recopy_change, transactions
from storage.models import user_pk
from storage.repository import (
    MAX_TRANSACTION_OPS,
    Delete,
    Item,
    ItemRepository,
    Op,
    Put,
    TransactionConflict,
)


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

    def __init__(self, repo: ItemRepository, user: str, zone: ZoneInfo, *,
                 journaled: bool = True) -> None:
        self._repo = repo
        self._journaled = journaled
        self.user = user
        self._zone = zone
        self._pk = user_pk(user)
        self._entries: list[_Staged] = []
        self._records: list[tuple[Item, bool]] = []
        self._gone: list[Item] = []
        self._versions: dict[str, int | None] = {}
        self._others: list[tuple[Op, bool]] = []
        self._as_read: dict[str, Item | None] = {}
        self.created: set[str] = set()
        """The sort keys of the items created so far (entries, new records, others)."""

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

    def put_record(self, record: Item, *, if_absent: bool = False,
                   expected_version: int | None = None) -> None:
        """Write a show, channel or podcast record (with ``if_absent``, only if there is
        none; with ``expected_version``, over that version only); the copies of the
        entries naming it follow."""
        self._records.append((record, if_absent))
        self._versions[str(record["sk"])] = expected_version

    def remove_record(self, record: Item) -> None:
        """Delete the stored show, channel or podcast ``record`` (as read): the entries
        naming it are copied again without it and, for a show, weighed as of no show."""
        self._gone.append(record)

    def put(self, item: Item, *, if_absent: bool = False, skip_existing: bool = False,
            expected_version: int | None = None) -> None:
        """Write an item no kept item depends on (an undo record, an import's journal);
        with ``skip_existing`` only if there is none (else ``if_absent``: a conflict)."""
        write = Put(item, if_absent=if_absent or skip_existing, expected_version=expected_version)
        self._others.append((write, skip_existing))

    def delete(self, sk: str) -> None:
        """Delete an item of the user no kept item depends on."""
        self._others.append((Delete(self._pk, sk), False))

    def stage(self, op: Op) -> None:
        """Write ``op`` (on any item no kept item depends on, in any partition) with the
        rest: a capture session's companions, say, in the same transaction."""
        self._others.append((op, False))

    def as_read(self, sk: str, item: Item | None) -> None:
        """What the caller's own read found under ``sk`` (None: nothing), so the commit
        does not read it again (a capture event reads its show with everything else)."""
        self._as_read[sk] = item

    # --- commit -------------------------------------------------------------------------
    def commit(self) -> None:
        """Write everything staged with the kept items it moves; clears the stage."""
        staged, self._entries = self._entries, []
        records, self._records = self._records, []
        gone, self._gone = self._gone, []
        others, self._others = self._others, []
        if not (staged or records or gone or others):
            return
        as_read, self._as_read = self._as_read, {}
        stored = self._read(staged, records, others, as_read)
        if journal.HEAD_SK in stored:  # a change a crash interrupted goes first, whole
            journal.resume(self._repo, self._pk)
            stored = self._read(staged, records, others, {})
        staged = [s for s in staged if not (s.skip_existing and s.new is not None
                                            and s.new["sk"] in stored)]
        changed, known, referred = self._records_known(records, staged, stored)
        for record in gone:  # the staged entries naming it count as of no record
            known.pop(str(record["sk"]), None)
        changes = [Change([op]) for op, skip in others if not (skip and _sk(op) in stored)]
        changes += [entry_change(self.user, s.old, s.new, s.write, known, self._zone)
                    for s in staged]
        changes += [self._recopy(str(record["sk"]), record, stored.get(str(record["sk"])),
                                 known, staged, new)
                    for record, new in changed if not new or record["sk"] in referred]
        changes += [self._recopy(str(record["sk"]), None, record, known, staged)
                    for record in gone]
        changes += [Change([Put(record, if_absent=True)])
                    for record, new in changed if new and record["sk"] not in referred]
        # Every transaction that changes entries or records counts itself on TOTALS
        # (``journal.counted``): a reminders' day summary built before it is not fresh.
        # One op is kept free for that count, needed when no Add on TOTALS comes along.
        marked = bool(staged or records or gone)
        limit = MAX_TRANSACTION_OPS - 1 if marked else MAX_TRANSACTION_OPS
        planned = list(transactions(self.user, changes, limit))
        if len(planned) > 1 and self._journaled and self._journal(changes, limit, marked):
            return
        self._transact([journal.counted(self._pk, ops) if marked else ops for ops in planned])

    def _journal(self, changes: Sequence[Change], limit: int, marked: bool) -> bool:
        """Apply ``changes`` in parts after a journal of them; ``False`` (nothing written)
        when the journal would not fit one transaction."""
        parts = list(transactions(self.user, changes, limit - journal.RESERVED_OPS))
        try:
            applied = journal.apply(self._repo, self._pk, parts, marked)
        except (TransactionConflict, journal.JournalConflict) as conflict:
            raise Conflicted(conflict.sk) from None
        if applied:
            self._created(parts)
        return applied

    def _transact(self, planned: list[list[Op]]) -> None:
        """Apply the transactions; one alone goes as such (one store request, one commit)."""
        try:
            if len(planned) == 1:
                self._repo.transact(planned[0])
            elif planned:
                self._repo.transact_many(planned)
        except TransactionConflict as conflict:
            self._created(planned[:conflict.applied])
            raise Conflicted(conflict.sk) from None
        self._created(planned)

    def _created(self, applied: Sequence[Sequence[Op]]) -> None:
        self.created |= {str(op.item["sk"]) for ops in applied for op in ops
                         if isinstance(op, Put) and op.if_absent}

    def _read(self, staged: Sequence[_Staged], records: Sequence[tuple[Item, bool]],
              others: Sequence[tuple[Op, bool]], as_read: dict[str, Item | None]
              ) -> dict[str, Item]:
        """In one read: what is stored under the keys to skip when taken, the records the
        staged entries name and those written, the all-time totals (which say whether
        stored entries name a new record), and the head of a journal left pending — but
        for what the caller read already."""
        wanted = {str(s.new["sk"]) for s in staged if s.skip_existing and s.new is not None}
        wanted |= {_sk(op) for op, skip in others if skip}
        wanted |= {sk for s in staged if s.new is not None and (sk := _record_sk(s.new))}
        # A removed episode takes from its day the seconds its show weighed it.
        wanted |= {sk for s in staged if s.old is not None and (sk := _record_sk(s.old))}
        wanted |= {str(record["sk"]) for record, _ in records}
        if any(if_absent for _, if_absent in records):
            wanted.add(TOTALS_SK)
        wanted.add(journal.HEAD_SK)
        known = {sk: item for sk, item in as_read.items() if sk in wanted and item is not None}
        wanted -= set(as_read)
        return {**(self._repo.get_many(self._pk, sorted(wanted)) if wanted else {}), **known}

    def _records_known(self, records: Sequence[tuple[Item, bool]], staged: Sequence[_Staged],
                       stored: dict[str, Item]
                       ) -> tuple[list[tuple[Item, bool]], dict[str, Item], set[str]]:
        """The records to write, with whether each is new (one to write only if absent and
        found is not written); every record the staged entries' copies show, staged or
        stored; and the new ones that stored entries name already (the all-time totals'
        counter of that record says: an entry stored before its record could be made)."""
        totals = stored.get(TOTALS_SK, {})
        changed = [(record, if_absent) for record, if_absent in records
                   if not (if_absent and record["sk"] in stored)]
        referred = {str(record["sk"]) for record, if_absent in records if if_absent
                    and totals.get(record_counter(str(record["sk"])) or "")}
        known = {sk: item for sk, item in stored.items() if kind_naming(sk) is not None}
        return changed, {**known, **{str(r["sk"]): r for r, _ in changed}}, referred

    def _recopy(self, sk: str, record: Item | None, before: Item | None,
                known: dict[str, Item], staged: Sequence[_Staged], new: bool = False) -> Change:
        """The write of the record under ``sk`` (``record``: its new state, created when
        ``new``; ``None``: removed) over ``before``, the record stored (as read), if any;
        the copies of the stored entries naming it (those staged here are copied with it
        already) and, for a record weighing its entries, their days moved by the change of
        weight (every stored entry: the staged ones are counted at the new weight)."""
        write: Op
        if record is None:
            write = Delete(self._pk, sk, expected_version=_version(before or {}))
        else:
            write = Put(record, if_absent=new, expected_version=self._versions.get(sk))
        kind = kind_naming(sk)
        if kind is None:
            return Change([write])
        mine = {str(s.new["sk"]) for s in staged if s.new is not None}
        mine |= {str(s.old["sk"]) for s in staged if s.old is not None}
        record_id = sk[len(kind.record_prefix or ""):]
        naming = [e for e in self._repo.query_prefix(self._pk, kind.entries_prefix(record_id))
                  if kind.record_id(e) == record_id]
        recopied = recopy_change(self.user, [e for e in naming if e["sk"] not in mine], known)
        moved = reweighed(naming, before, record, self._zone) if kind.weighed_by_record else {}
        return Change([write, *recopied.ops], moved)


def _sk(op: Op) -> str:
    return str(op.item["sk"]) if isinstance(op, Put) else op.sk


def _version(item: Item) -> int | None:
    version = item.get("version")
    return None if version is None else int(version)


def _record_sk(entry: Item) -> str | None:
    kind = kind_of(str(entry["sk"]))
    return kind.record_sk(entry) if kind is not None else None
