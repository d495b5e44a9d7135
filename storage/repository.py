"""The item repository port: the few storage operations the service layer needs (no I/O here).

Items are plain dicts of attribute name to value, exactly as stored (see the data model):
strings, integers, floats, booleans, ``None`` is never stored (absent instead), and lists
or dicts of those. Every item has a partition key ``pk`` and a sort key ``sk``; items of
a user live under ``pk = "USER#<user>"``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

Item = dict[str, Any]
"""One stored item: attribute name to value, including ``pk`` and ``sk``."""

TTL_ATTRIBUTE = "expires_at"
"""Epoch seconds after which an item is gone: reads never return it, creates may replace it.

DynamoDB deletes such items by TTL some time later; every adapter hides them at once, so a
short-lived record (a link code, an undo entry) means the same on every store.
"""

EpochClock = Callable[[], float]
"""Now, in epoch seconds; injected into the adapters so tests decide when items expire."""

system_epoch_clock: EpochClock = time.time


class StorageError(Exception):
    """Base class of every error a repository raises on purpose."""


class VersionConflict(StorageError):
    """An optimistic-locking update or delete found another ``version`` (or no item)."""

    def __init__(self, pk: str, sk: str) -> None:
        super().__init__(f"the item {sk!r} was changed by someone else; read it again")
        self.pk = pk
        self.sk = sk


def start_within(sk_prefix: str, start_after: str | None) -> tuple[bool, str | None]:
    """Whether any key of ``sk_prefix`` lies after ``start_after``, and the bound to use.

    A bound before the prefix is no bound at all; one past the prefix leaves nothing.
    """
    if start_after is None or start_after.startswith(sk_prefix):
        return True, start_after
    return start_after < sk_prefix, None


class StorageUnavailable(StorageError):
    """The store kept refusing (throttling, busy database) after bounded retries."""


class InvalidItem(StorageError, ValueError):
    """The item breaks a limit every store enforces; retrying cannot help.

    ``attribute`` names what is over: ``"pk"``, ``"sk"``, or ``None`` for the whole item
    (or when the store refused without saying what). ``limit`` is in bytes.
    """

    def __init__(
        self,
        message: str,
        *,
        attribute: str | None = None,
        sk: str | None = None,
        limit: int | None = None,
    ) -> None:
        super().__init__(message)
        self.attribute = attribute
        self.sk = sk
        self.limit = limit


class TransactionConflict(StorageError):
    """A condition of one op of a transaction failed; nothing was written.

    ``index`` is that op's position in the transaction (the first failing one).
    """

    def __init__(self, index: int, pk: str | None = None, sk: str | None = None) -> None:
        what = f"the item {sk!r}" if sk is not None else "its item"
        super().__init__(f"op {index} of the transaction found {what} changed; nothing written")
        self.index = index
        self.pk = pk
        self.sk = sk
        self.applied = 0
        """From ``transact_many``: how many of its transactions before this one stand."""


MAX_TRANSACTION_OPS = 100
"""The most ops one transaction may carry: DynamoDB's limit of actions per request."""


@dataclass(frozen=True)
class Put:
    """Write ``item`` whole; with a condition, only if no live item has its key
    (``if_absent``) or the stored item has ``version == expected_version``."""

    item: Item
    if_absent: bool = False
    expected_version: int | None = None


@dataclass(frozen=True)
class Delete:
    """Delete the item at ``(pk, sk)``, if any; with ``expected_version``, only if the
    stored item has that ``version`` (an absent item fails the condition)."""

    pk: str
    sk: str
    expected_version: int | None = None


@dataclass(frozen=True)
class Add:
    """Add numbers to top-level numeric attributes, creating the item (with ``pk``, ``sk``
    and the deltas as values) or the attributes when absent. Attributes listed in
    ``set_fields`` are set (overwritten) as given (``None`` removes). A counter brought to
    exactly 0 stays 0. Sums are decimal, as DynamoDB's: ``0.1 + 0.2`` is ``0.3``, and an
    integral result reads back as an ``int``."""

    pk: str
    sk: str
    deltas: Mapping[str, int | float]
    set_fields: Mapping[str, Any] = field(default_factory=dict)


Op = Put | Delete | Add
"""One write of a transaction (:meth:`ItemRepository.transact`)."""


def is_expired(item: Mapping[str, Any], now: float) -> bool:
    """Whether the item's TTL (if it has one) has passed at ``now``."""
    expires_at = item.get(TTL_ATTRIBUTE)
    return (
        isinstance(expires_at, int | float)
        and not isinstance(expires_at, bool)
        and (expires_at <= now)
    )


@runtime_checkable
class ItemRepository(Protocol):
    """What every storage adapter offers. Semantics are pinned by the contract tests.

    Items whose :data:`TTL_ATTRIBUTE` has passed are treated as absent by every operation.
    Writes check the limits of :mod:`storage.limits` first and raise :class:`InvalidItem`;
    reads by a key no item could have find nothing.
    """

    def get(self, pk: str, sk: str) -> Item | None:
        """Return the item with this key, or ``None``."""

    def get_many(self, pk: str, sks: Sequence[str]) -> dict[str, Item]:
        """Return the existing items among ``sks`` in partition ``pk``, keyed by ``sk``."""

    def get_keys(self, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], Item]:
        """Return the existing items among ``keys`` (any partitions), keyed by ``(pk, sk)``.

        One request per 100 keys on DynamoDB, one statement per 500 on SQLite: a caller
        needing a few items of each of many users reads them together.
        """

    def put(self, item: Item) -> None:
        """Write an item unconditionally (for records the service owns outright)."""

    def write_many(self, puts: Sequence[Item], deletes: Sequence[tuple[str, str]] = ()) -> None:
        """Write ``puts`` and delete the items at ``deletes``, all unconditionally.

        No key may appear twice among them (``ValueError``), as DynamoDB refuses one item
        twice in one request. The whole is not atomic: a store may apply it in parts (on
        DynamoDB transactions of up to 100 actions), the puts before the deletes, so a crash
        part-way leaves an item too many, never one too few.
        """

    def put_if_absent(self, item: Item) -> bool:
        """Create the item only if no item has its key; return whether it was created."""

    def put_many_if_absent(self, items: Sequence[Item]) -> set[tuple[str, str]]:
        """Create each item only if absent; return the ``(pk, sk)`` keys actually created.

        Racing writers never overwrite each other: an item created concurrently by someone
        else is reported as not created. Items repeating a key within ``items`` count once.
        """

    def query_prefix(
        self,
        pk: str,
        sk_prefix: str = "",
        *,
        start_after: str | None = None,
        limit: int | None = None,
    ) -> Iterator[Item]:
        """Stream the items of ``pk`` whose ``sk`` starts with ``sk_prefix``, in ``sk`` order.

        Sort-key order is that of DynamoDB: by the UTF-8 bytes of ``sk``. With
        ``start_after`` only keys after it come (a page after the last key seen); with
        ``limit`` at most that many, and the store reads no more than it needs for them.
        """

    def last_in_prefix(self, pk: str, sk_prefix: str = "") -> Item | None:
        """The live item of ``pk`` with the greatest ``sk`` starting with ``sk_prefix``
        (by UTF-8 bytes, as :meth:`query_prefix` orders them), or ``None``.

        One item read from the far end of the range (on DynamoDB a query read backwards
        with a limit), not the whole prefix: the oldest reference of the history index,
        whose keys sort newest first, is one read however long the history.
        """

    def scan(
        self, *, start_after: tuple[str, str] | None = None, limit: int | None = None
    ) -> Iterator[Item]:
        """Stream every item of every partition, each exactly once, in an order the store keeps.

        The order is stable while the store is unchanged: with ``start_after`` (the
        ``(pk, sk)`` of an item an earlier scan yielded) only the items after it come, so a
        long copy can resume where it stopped. With ``limit`` at most that many.
        """

    def update(
        self, pk: str, sk: str, changes: Mapping[str, Any], expected_version: int
    ) -> Item:
        """Set ``changes`` (a ``None`` value removes the attribute) and bump ``version``.

        Succeeds only if the stored item has ``version == expected_version``; otherwise
        raises :class:`VersionConflict`. Returns the item as now stored.
        """

    def delete(self, pk: str, sk: str, expected_version: int | None = None) -> bool:
        """Delete the item; return whether it existed.

        With ``expected_version`` the delete is conditional and raises
        :class:`VersionConflict` when the stored version differs.
        """

    def transact(self, ops: Sequence[Op]) -> None:
        """Apply every op or none (all-or-nothing, isolated).

        At most :data:`MAX_TRANSACTION_OPS` ops (``ValueError`` beyond); no key twice
        (``ValueError``). Conditions are checked against the store's state before the
        transaction; the first that fails raises :class:`TransactionConflict`. Items are
        checked against the storage limits (:class:`InvalidItem`) before anything is
        written. An expired item counts as absent for conditions and for :class:`Add`.
        On DynamoDB it is one ``TransactWriteItems`` request (a second only when an
        :class:`Add` finds its item expired, see :mod:`storage.dynamodb_transaction`).
        """

    def transact_many(self, transactions: Sequence[Sequence[Op]]) -> None:
        """Apply each of ``transactions`` as :meth:`transact` would, in order.

        Each is whole; a store may apply several together (SQLite: all in one of its own
        transactions, one commit for a bulk change), so when one fails (a condition, an
        invalid item, a crash) those before it may stand or not, and nothing after it
        does; a :class:`TransactionConflict` says how many stand (``applied``). On
        DynamoDB it is one ``TransactWriteItems`` request per transaction.
        """
