"""A change too big for one transaction, journaled first and then applied in parts (store I/O).

A unit of work's change that needs several transactions (a show's hundreds of episodes
deleted, a large import undone, a renamed show's references copied again) is written as
a journal in one transaction first: the head ``JOURNAL`` (its token, the number of its
last part) and one ``JOURNAL#<token>#<nnnn>`` item per part holding that part's ops. Each
part is then
applied in one transaction that also deletes its journal item, the last one the head
too: a part lands exactly once, whoever applies it. Each part holds whole source writes
with the totals they move, so the kept items equal what the entries give after any part;
the journal is what makes the change as a whole complete after a crash. The next write
of that user (``Writing.commit``) or ``rebuild`` applies what remains (``resume``);
reads never write. A part whose own condition fails (an entry changed meanwhile by a
writer that did not resume first) is dropped: that newer write stands.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import suppress
from typing import Any

from handlers.service.kept.contributions import TOTALS_SK, WRITES
from handlers.service.logbook.history_index import fresh_version
from storage.limits import ITEM_MAX_BYTES, TRANSACTION_MAX_BYTES, check_item, item_size
from storage.repository import (
    MAX_TRANSACTION_OPS,
    Add,
    Delete,
    InvalidItem,
    ItemRepository,
    Op,
    Put,
    TransactionConflict,
)
from storage.transaction import checked_ops

HEAD_SK = "JOURNAL"
"""The head of a user's pending journal (at most one: a second waits for the first)."""
PART_PREFIX = "JOURNAL#"
RESERVED_OPS = 2
"""Ops of a part's transaction that are the journal's own: its item's delete, the head's."""
_PART_VERSION = 1


class JournalConflict(Exception):
    """A part's own condition failed at ``sk``: that part was dropped, the others applied."""

    def __init__(self, sk: str | None) -> None:
        super().__init__(sk)
        self.sk = sk


def part_sk(token: int, number: int) -> str:
    return f"{_parts_of(token)}{number:04d}"


def _parts_of(token: int) -> str:
    return f"{PART_PREFIX}{token}#"


def counted(pk: str, ops: Sequence[Op]) -> list[Op]:
    """``ops`` of a transaction that changes entries or records, with the user's count of
    such writes (``TOTALS``' ``writes``) moved on by one, so a reminders' day summary built
    before it is no longer fresh (``day_totals``). It joins the transaction's ``Add`` on
    ``TOTALS`` when there is one (no op more: a log stays six items), else it is one op."""
    counted_ops = list(ops)
    for index, op in enumerate(counted_ops):
        if isinstance(op, Add) and (op.pk, op.sk) == (pk, TOTALS_SK):
            deltas = {**op.deltas, WRITES: op.deltas.get(WRITES, 0) + 1}
            counted_ops[index] = Add(op.pk, op.sk, deltas, op.set_fields)
            return counted_ops
    return [*counted_ops, Add(pk, TOTALS_SK, {WRITES: 1}, {"user": pk.removeprefix("USER#")})]


def apply(repo: ItemRepository, pk: str, parts: Sequence[Sequence[Op]], marked: bool) -> bool:
    """Journal ``parts`` and apply them in order; ``False`` (nothing written) when the
    journal would not fit one transaction. ``TransactionConflict`` when nothing was written
    (another journal is pending, or the store refused all at once); ``JournalConflict``
    when a part's own condition failed (it was dropped, the others stand)."""
    token = fresh_version()
    journal = _journal(pk, token, parts, marked)
    if journal is None:
        return False
    last = len(parts)
    transactions = [journal, *(_part(pk, token, number, ops, number == last, marked)
                               for number, ops in enumerate(parts, start=1))]
    for ops in transactions:
        # A part the store would refuse must never be journaled: every later write of the
        # user would meet it again. Refused here, nothing is written.
        checked_ops(ops)
    try:
        repo.transact_many(transactions)
    except TransactionConflict as conflict:
        if conflict.applied == 0:
            raise  # nothing of the change was written
        # A part was refused: by its journal item (another process resumed it) or by its
        # own condition. What remains is applied as any later write would apply it.
        resume(repo, pk)
        if conflict.sk != part_sk(token, conflict.applied):
            raise JournalConflict(conflict.sk) from None
    return True


def resume(repo: ItemRepository, pk: str) -> int:
    """Apply what remains of ``pk``'s journal, if any; answers how many parts it applied."""
    head = repo.get(pk, HEAD_SK)
    if head is None:
        return 0
    token, last, marked = int(head["version"]), int(head["last"]), bool(head.get("marked"))
    applied = 0
    for item in repo.query_prefix(pk, _parts_of(token)):
        number = int(str(item["sk"]).rpartition("#")[2])
        ops = [_decoded(encoded) for encoded in item["ops"]]
        try:
            repo.transact(_part(pk, token, number, ops, number == last, marked))
            applied += 1
        except TransactionConflict as conflict:
            if conflict.sk == item["sk"]:
                continue  # applied (or dropped) meanwhile by another process
            _drop(repo, pk, token, number, number == last)
        except ValueError:  # InvalidItem too: a part the store refuses never blocks writes
            _drop(repo, pk, token, number, number == last)
    # The head went with the last part (applied or dropped, here or elsewhere).
    return applied


def _drop(repo: ItemRepository, pk: str, token: int, number: int, last: bool) -> None:
    """Forget a part that can no longer apply (a newer write changed its items)."""
    ops: list[Op] = [Delete(pk, part_sk(token, number), expected_version=_PART_VERSION)]
    if last:
        ops.append(Delete(pk, HEAD_SK, expected_version=token))
    with suppress(TransactionConflict):  # dropped meanwhile by another process
        repo.transact(ops)


def _part(pk: str, token: int, number: int, ops: Sequence[Op], last: bool, marked: bool
          ) -> list[Op]:
    # The journal item first: a part already applied elsewhere is refused naming it.
    own: list[Op] = [Delete(pk, part_sk(token, number), expected_version=_PART_VERSION),
                     *(counted(pk, ops) if marked else ops)]
    if last:
        own.append(Delete(pk, HEAD_SK, expected_version=token))
    return own


def _journal(pk: str, token: int, parts: Sequence[Sequence[Op]], marked: bool
             ) -> list[Op] | None:
    """The transaction writing the journal of ``parts``, or ``None`` if it cannot hold them."""
    if len(parts) + 1 > MAX_TRANSACTION_OPS:
        return None
    head = {"pk": pk, "sk": HEAD_SK, "version": token, "last": len(parts), "marked": marked}
    items = [{"pk": pk, "sk": part_sk(token, number), "version": _PART_VERSION,
              "ops": [_encoded(op) for op in ops]}
             for number, ops in enumerate(parts, start=1)]
    try:
        bounds = [check_item(item) for item in items]
    except InvalidItem:
        return None  # a part too large for one item
    room = TRANSACTION_MAX_BYTES - ITEM_MAX_BYTES // 100  # the head's few bytes
    if sum(bounds) > room and sum(item_size(item) for item in items) > room:
        return None
    return [Put(head, if_absent=True), *(Put(item) for item in items)]


def _encoded(op: Op) -> dict[str, Any]:
    """An op as a map a store holds (no ``None``: a field an ``Add`` removes is listed)."""
    if isinstance(op, Put):
        encoded: dict[str, Any] = {"put": {k: v for k, v in op.item.items() if v is not None}}
        if op.if_absent:
            encoded["if_absent"] = True
        if op.expected_version is not None:
            encoded["expected_version"] = op.expected_version
        return encoded
    if isinstance(op, Delete):
        encoded = {"delete": op.sk, "pk": op.pk}
        if op.expected_version is not None:
            encoded["expected_version"] = op.expected_version
        return encoded
    return {"add": op.sk, "pk": op.pk, "deltas": dict(op.deltas),
            "set": {k: v for k, v in op.set_fields.items() if v is not None},
            "remove": [k for k, v in op.set_fields.items() if v is None]}


def _decoded(encoded: dict[str, Any]) -> Op:
    version = encoded.get("expected_version")
    expected = None if version is None else int(version)
    if "put" in encoded:
        return Put(dict(encoded["put"]), bool(encoded.get("if_absent")), expected)
    if "delete" in encoded:
        return Delete(str(encoded["pk"]), str(encoded["delete"]), expected)
    fields: dict[str, Any] = {**encoded.get("set", {}),
                              **dict.fromkeys(encoded.get("remove", []))}
    return Add(str(encoded["pk"]), str(encoded["add"]), dict(encoded["deltas"]), fields)
