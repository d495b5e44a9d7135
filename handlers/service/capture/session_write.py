"""One event's writes as one transaction: the session, its entry, their kept totals (store I/O).

Whatever an event changes — the session (replacing the current one of its item, which moves
under its own id), its log created or grown, the log become the episode or movie watched,
the notice of its end, the token's note of use, the device's last session — is staged on
one unit of work and committed as one transaction (one TransactWriteItems on DynamoDB),
the session conditioned on the version read. A failed condition names its item: the
session changed (read again), the entry was edited or deleted by its user (read it, then
write again), the episode is in the history already (the log keeps its minutes).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from handlers.service.capture import notices
from handlers.service.capture.counting import MIN_SECONDS, Tally
from handlers.service.capture.entries import grown, new_log
from handlers.service.capture.session_view import is_closed
from handlers.service.capture.watched import (
    KINDS,
    folder_of,
    is_watched,
    show_record,
    watched_entry,
)
from handlers.service.core.durations import item_seconds
from handlers.service.core.errors import NotFound
from handlers.service.kept.journal import HEAD_SK as JOURNAL_HEAD
from handlers.service.kept.writing import Conflicted, Writing
from handlers.service.logbook import history
from metadata_clients.ports import TvdbLookup
from storage.models import Show, user_pk
from storage.repository import Item, ItemRepository, Op, Put

GROW_STEP = 60
"""Seconds a playing session's entry may lag behind its count (it is exact once closed)."""
_TRIES = 4


@dataclass
class Staged:
    """What goes with the session besides its entry (fixed across retries)."""

    expected_version: int | None
    """The version of the session this one replaces (None: there is none)."""
    archive: Item | None = None
    extras: list[Op] = field(default_factory=list)
    notices_wanted: bool = False
    zone: ZoneInfo | None = None
    """The user's zone when already read (else it is read)."""
    played: bool = False
    """A mark-as-played: the item counts as watched without an entry before it."""
    show: Item | None = None
    show_read: bool = False
    """Whether ``show`` is the session's show record as read with the event (else it is
    read when needed)."""
    journal: Item | None = None
    journal_read: bool = False
    """Whether ``journal`` is the user's pending-change head as read with the event, so
    the commit does not read it again (one read and one write an event)."""


def counts(session: Item) -> bool:
    """Whether the session's minutes go to the history (its language, or accepted)."""
    return bool((session.get("language_ok", True) or session.get("accepted"))
                and not session.get("entry_deleted"))


class SessionWrite:
    """Commit a session's new state with every write it implies."""

    def __init__(self, repo: ItemRepository, zone_of: Callable[[str], ZoneInfo],
                 clock: Callable[[], datetime], tvdb: TvdbLookup | None = None,
                 random_bytes: Callable[[int], bytes] = secrets.token_bytes) -> None:
        self._repo = repo
        self._zone_of = zone_of
        self._clock = clock
        self._tvdb = tvdb
        self._random_bytes = random_bytes

    def commit(self, user: str, session: Item, tally: Tally, staged: Staged) -> bool:
        """Write ``session`` (updated in place with what was written: its entry, version);
        False when another event changed it first (nothing written: read it again)."""
        for _ in range(_TRIES):
            work = dict(session)
            writing = Writing(self._repo, user, staged.zone or self._zone_of(user))
            if staged.journal_read:
                writing.as_read(JOURNAL_HEAD, staged.journal)
            converting = self._entry(writing, user, work, tally, staged)
            notice = self._notice(user, work, tally, staged.notices_wanted)
            version = staged.expected_version
            work["version"] = (version or 0) + 1
            writing.put(work, if_absent=version is None, expected_version=version)
            for op in [*([Put(staged.archive)] if staged.archive else []), *staged.extras,
                       *([Put(notice)] if notice else [])]:
                writing.stage(op)
            try:
                writing.commit()
            except Conflicted as conflict:
                if not self._mended(user, session, conflict.sk, converting):
                    return False
                if conflict.sk is not None and conflict.sk.startswith(Show.SK_PREFIX):
                    staged.show_read = False  # made meanwhile: read what is stored now
                staged.journal_read = False
                continue
            session.clear()
            session.update(work)
            return True
        return False

    def _entry(self, writing: Writing, user: str, work: Item, tally: Tally,
               staged: Staged) -> str | None:
        """Stage the entry's writes; the key of the episode or movie it becomes, if so."""
        if not counts(work) or work.get("entry_kind") or tally.first_at is None:
            return None  # not counted, or watched already: that entry stays as it is
        played = staged.played
        seconds = int(tally.counted)
        threshold = 1 if work.get("accepted") else MIN_SECONDS
        reached = seconds >= threshold
        if (not work.get("watched") and work.get("kind") in KINDS and (reached or played)
                and is_watched(work, tally)):
            converted = self._watched(writing, user, work, tally, staged)
            if converted is not None:
                return converted
        if not reached or (played and work.get("kind") in KINDS):
            return None
        entry = work.get("entry")
        if entry is None and not work.get("entry_id"):
            show = self._show(user, work, staged) if work.get("kind") == "episode" else None
            entry = new_log(user, work, seconds, int(tally.first_at), self._clock(),
                            self._random_bytes, show)
            writing.add(entry)
            work.update(entry=entry, entry_id=history.entry_id(str(entry["sk"])),
                        entry_seconds=seconds)
            return None
        written = int(work.get("entry_seconds") or 0)
        # Closed by idleness too: a player's queue sent late lands after its 30 quiet minutes.
        held = not tally.playing or is_closed(work, tally, self._clock().timestamp())
        # While it plays the entry grows a minute at a time (a write per minute, not per
        # report); when the session pauses or ends it takes the exact count (a paused
        # player may never send again).
        if seconds != written and (held or abs(seconds - written) >= GROW_STEP):
            old = entry if entry is not None else self._stored_entry(user, work)
            if old is None:
                work["entry_deleted"] = True
                return None
            new = grown(old, seconds)
            writing.change(old, new)
            work.update(entry=new, entry_seconds=seconds)
        return None

    def _watched(self, writing: Writing, user: str, work: Item, tally: Tally,
                 staged: Staged) -> str | None:
        """Stage the episode or movie in place of the log; its key (None: it stays a log)."""
        entry = watched_entry(user, work, int(tally.first_at or 0), tally.counted)
        work["watched"] = True
        if entry is None:
            return None
        old = work.get("entry")
        if old is None and work.get("entry_id"):
            old = self._stored_entry(user, work)
            if old is None:
                work["entry_deleted"] = True
                return None
        if old is not None:
            writing.remove(old)
        writing.add(entry)
        show = self._show(user, work, staged) if work.get("kind") == "episode" else None
        if staged.show_read:
            writing.as_read(Show.SK_PREFIX + folder_of(work), show)
        if work.get("kind") == "episode" and show is None:
            # TVDB is asked once per new show; the record is written only if still absent.
            show = show_record(user, work, self._tvdb)
            writing.put_record(show, if_absent=True)
        work.pop("entry", None)
        # What the entry counts (an episode: its show's runtime), for the notice to say.
        work.update(entry_id=history.entry_id(str(entry["sk"])), entry_kind=str(work["kind"]),
                    entry_seconds=item_seconds(entry, show))
        return str(entry["sk"])

    def _show(self, user: str, work: Item, staged: Staged) -> Item | None:
        """The show record of the session's episode: as read with the event, else stored."""
        if staged.show_read:
            return staged.show
        return self._repo.get(user_pk(user), Show.SK_PREFIX + folder_of(work))

    def _stored_entry(self, user: str, work: Item) -> Item | None:
        try:
            return self._repo.get(user_pk(user), history.entry_sk(str(work["entry_id"])))
        except NotFound:
            return None

    def _notice(self, user: str, work: Item, tally: Tally, wanted: bool) -> Item | None:
        """The notice of a session closing with an entry, for a user who wants one."""
        if not wanted or work.get("notified") or not (tally.stopped or work.get("closed")):
            return None
        if not work.get("entry_id") or work.get("entry_deleted"):
            return None
        work["notified"] = True
        return notices.notice_item(user, work, int(tally.counted), self._clock().timestamp())

    def _mended(self, user: str, session: Item, sk: str | None, converting: str | None) -> bool:
        """After a failed condition at ``sk``: whether writing again can succeed, with
        ``session`` mended (its entry as stored now, or the episode left a log)."""
        if sk is not None and sk == converting:
            session["watched"] = True  # the history holds that episode: the log stays
            return True
        entry = session.get("entry")
        if entry is not None and sk == entry.get("sk"):
            found = self._repo.get(user_pk(user), str(sk))
            if found is None:
                session.pop("entry", None)
                session["entry_deleted"] = True
            else:
                session["entry"] = found  # edited by its user: grow what is stored
            return True
        return sk is not None and sk.startswith(Show.SK_PREFIX)  # made meanwhile: it is now

