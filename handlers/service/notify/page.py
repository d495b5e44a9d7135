"""One page of a notifier tick: read together, claimed together, outcomes written together.

A tick takes the due entries a page (at most ``due_index.PAGE``) at a time. For a page:

1. one batched read of every per-user item it needs (the settings, the summary of
   ``handlers.service.progress.day_totals`` with the ``TOTALS`` that says whether it is
   fresh, the index pointer, the digest subscription): one
   request per 100 keys, and each item read once per user per tick;
2. one batched conditional create of the page's leases (a DynamoDB transaction). The
   claims that exist already are read in one more batch (rare: another run holds them, a
   crash left them): an expired lease is taken over (one by one), a period already sent
   is moved on (a crash kept it from moving), a lease another run holds is left to it;
3. the outcomes (claim marked sent, next entry written, pointer moved, handled entry
   deleted) gathered and written ``FLUSH_USERS`` users at a time with ``write_many``.

The price of 3: a crash loses the "sent" marks not yet written, up to ``FLUSH_USERS``
of them, and each of those messages is sent again once its lease expires (a duplicate,
never a loss). Outcomes are recorded from the sender's threads, hence the lock (store I/O).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from handlers.service.accounts import user_settings
from handlers.service.accounts.user_settings import SETTINGS_SK
from handlers.service.core.calendar import iso_week_key, local_midnight
from handlers.service.goals.area import reminder_moment
from handlers.service.goals.settings import reminder_in
from handlers.service.kept.contributions import TOTALS_SK
from handlers.service.notify import due_index
from handlers.service.notify.digest_schedule import (
    DIGEST_RELEVANT,
    SUBSCRIPTION_SK,
    Subscription,
    from_record,
    next_moment,
)
from handlers.service.notify.due_index import INDEX_PK, POINTER_PREFIX, Due, Kind
from handlers.service.progress.day_totals import SUMMARY_SK, writes
from storage.models import user_pk
from storage.repository import Item, ItemRepository

FLUSH_USERS = 25
"""Outcomes written per request: 25 users' four writes fill one DynamoDB transaction."""
Key = tuple[str, str]


class _Writes:
    """Writes gathered for one ``write_many``, in order: a later write of a key wins."""

    def __init__(self) -> None:
        self.puts: dict[Key, Item] = {}
        self.deletes: dict[Key, None] = {}

    def put(self, item: Item) -> None:
        key = (item["pk"], item["sk"])
        self.deletes.pop(key, None)
        self.puts[key] = item

    def delete(self, key: Key) -> None:
        self.puts.pop(key, None)
        self.deletes[key] = None


def _keys(entries: Sequence[Due]) -> list[Key]:
    keys: list[Key] = []
    for entry in entries:
        pk = user_pk(entry.user)
        keys += [(pk, SETTINGS_SK), (pk, POINTER_PREFIX + entry.kind)]
        if entry.kind == "reminder":
            keys += [(pk, SUMMARY_SK), (pk, TOTALS_SK)]
        else:
            keys.append((pk, SUBSCRIPTION_SK))
    return keys


class Page:
    """The due entries of one page, what was read for them, and their pending outcomes."""

    def __init__(self, repo: ItemRepository, entries: Sequence[Due], now: datetime,
                 default_zone: str) -> None:
        self.now = now
        self._repo = repo
        self._default_zone = default_zone
        self._items = repo.get_keys(_keys(entries))
        self._pointers: dict[tuple[str, Kind], str | None] = {}
        self._held: dict[str, Item] = {}
        self._writes = _Writes()
        self._pending = 0
        self._blocked: set[str] = set()
        self._lock = threading.Lock()
        self.claimed, self.unclaimed = self._claim(entries)

    # --- what was read ------------------------------------------------------------------
    def settings(self, user: str) -> Item:
        return self._items.get((user_pk(user), SETTINGS_SK)) or {}

    def zone(self, user: str) -> ZoneInfo:
        return user_settings.zone_in(self.settings(user), self._default_zone)

    def summary(self, user: str) -> Item | None:
        return self._items.get((user_pk(user), SUMMARY_SK))

    def writes(self, user: str) -> int:
        """The user's count of writes as read with the summary (its freshness)."""
        return writes(self._items.get((user_pk(user), TOTALS_SK)))

    def _subscription(self, user: str) -> tuple[Subscription | None, int]:
        record = self._items.get((user_pk(user), SUBSCRIPTION_SK))
        if record is None:
            return None, 0
        return from_record(record), int(record.get("subscribed_at", 0))

    def _pointer(self, user: str, kind: Kind) -> str | None:
        if (user, kind) not in self._pointers:
            item = self._items.get((user_pk(user), POINTER_PREFIX + kind))
            self._pointers[(user, kind)] = None if item is None else str(item["index_sk"])
        return self._pointers[(user, kind)]

    # --- claims -------------------------------------------------------------------------
    def _claim(self, entries: Sequence[Due]) -> tuple[list[Due], list[Due]]:
        now = int(self.now.timestamp())
        first: dict[Key, Due] = {}
        for entry in entries:
            first.setdefault(due_index.claim_key(entry), entry)
        leases = {key: due_index.lease(entry, now) for key, entry in first.items()}
        created = self._repo.put_many_if_absent(list(leases.values()))
        # Claims that exist already (another run's, a crash's, a sent one): one batched read.
        taken = [key for key in leases if key not in created]
        existing = self._repo.get_keys(taken) if taken else {}
        claimed: list[Due] = []
        unclaimed: list[Due] = []
        for entry in entries:
            key = due_index.claim_key(entry)
            held = leases[key] if key in created and first[key] is entry else None
            if held is None and first[key] is entry:
                current = existing.get(key)
                held = due_index.take_over(self._repo, entry, current, now)
                if held is None and due_index.is_sent(current):
                    self.skip(entry)  # sent, but a crash kept the entry from moving on
            if held is None:
                unclaimed.append(entry)
            else:
                self._held[entry.sk] = held
                claimed.append(entry)
        return claimed, unclaimed

    # --- outcomes -----------------------------------------------------------------------
    def sent(self, entry: Due) -> None:
        """The message went out: mark its period and move the entry to the next one."""
        with self._lock:
            self._writes.put(due_index.sent_mark(self._held[entry.sk]))
            self._move_on(entry)
            self._counted()

    def skip(self, entry: Due) -> None:
        """Nothing to send this period (today done, stale, turned off): move on."""
        with self._lock:
            self._move_on(entry)
            self._counted()

    def failed(self, entry: Due) -> None:
        """The send failed: give the lease back so a later tick retries."""
        due_index.release(self._repo, entry)

    def blocking(self, entry: Due, block: Callable[[Due], None]) -> None:
        """The user blocked the bot: ``block`` them once what is pending for them is written."""
        with self._lock:
            self._flush()
            self._blocked.add(entry.user)
        block(entry)

    def finish(self) -> None:
        """Write what is still pending (the page is done)."""
        with self._lock:
            self._flush()

    def _counted(self) -> None:
        self._pending += 1
        if self._pending >= FLUSH_USERS:
            self._flush()

    def _flush(self) -> None:
        writes, self._writes, self._pending = self._writes, _Writes(), 0
        if writes.puts or writes.deletes:
            self._repo.write_many(list(writes.puts.values()), list(writes.deletes))

    def _move_on(self, entry: Due) -> None:
        done = datetime.fromtimestamp(entry.at, self.now.tzinfo)
        if entry.user in self._blocked:
            self._writes.delete((INDEX_PK, entry.sk))
            return
        zone = self.zone(entry.user)
        if entry.kind == "reminder":
            chosen = reminder_in(self.settings(entry.user))
            if not chosen.enabled:
                self._unschedule(entry)
                return
            # A reminder missed on an earlier day moves to today's, which may still be due.
            moment, day = reminder_moment(chosen, zone, max(done, local_midnight(self.now, zone)))
            self._schedule(entry, entry.chat_id, moment, day.isoformat(), entry.chat)
            return
        current, since = self._subscription(entry.user)
        if current is None or not current.enabled or current.blocked:
            self._unschedule(entry)
            return
        # A digest missed for weeks moves to the latest one still relevant.
        after = max(done, self.now - DIGEST_RELEVANT)
        moment = next_moment(after, current.weekday, current.local_time, zone, since)
        self._schedule(entry, current.chat_id, moment, iso_week_key(moment), current.chat)

    def _schedule(self, entry: Due, chat_id: int, moment: datetime, period: str,
                  chat: str) -> None:
        new, pointer = due_index.entry_items(entry.kind, entry.user, chat_id, moment, period,
                                             chat)
        previous = self._pointer(entry.user, entry.kind)
        self._writes.put(new)
        self._writes.put(pointer)
        for old in {previous, entry.sk} - {None, new["sk"]}:
            self._writes.delete((INDEX_PK, str(old)))
        self._pointers[(entry.user, entry.kind)] = new["sk"]

    def _unschedule(self, entry: Due) -> None:
        previous = self._pointer(entry.user, entry.kind)
        if previous is not None:
            self._writes.delete((INDEX_PK, previous))
            self._writes.delete((user_pk(entry.user), POINTER_PREFIX + entry.kind))
        self._writes.delete((INDEX_PK, entry.sk))
        self._pointers[(entry.user, entry.kind)] = None
