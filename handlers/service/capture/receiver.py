"""One player event applied to its session, in one read and one write (store I/O).

The read fetches, in one request, the token's record and everything the event may need:
the current session of its item on its device, the user's languages, whether they want
notices, the device's last session, and the show record of the episode's series (its
activity names the log's, its runtime weighs the episode once watched). The write
(``session_write``) is one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from handlers.service.accounts import user_settings
from handlers.service.accounts.user_settings import SETTINGS_SK
from handlers.service.capture import notices
from handlers.service.capture import session_store as store
from handlers.service.capture.counting import IDLE_SECONDS, Counting, Tally, point_of
from handlers.service.capture.entries import CaptureEntries
from handlers.service.capture.events import PlayerEvent
from handlers.service.capture.integrations import (
    Integrations,
    TokenOwner,
    capture_pk,
    named_owner,
    token_key,
)
from handlers.service.capture.session_view import SessionView, is_closed, tally_of, view
from handlers.service.capture.session_write import SessionWrite, Staged
from handlers.service.capture.watched import folder_of
from handlers.service.core.errors import Conflict, Unauthorized
from handlers.service.kept.journal import HEAD_SK as JOURNAL_HEAD
from storage.models import Show, user_pk
from storage.repository import Item, ItemRepository, Op, Put

MAX_EVENT_AGE = 24 * 3600
REPLACED_AT = "replaced_at"
"""When the next item started on the session's device (autoplay), closing it."""
_ATTEMPTS = 5


def event_time(event: PlayerEvent, now: float) -> float:
    """The event's own time when it is plausible (within a day, not ahead), else arrival."""
    if event.at is not None and now - MAX_EVENT_AGE <= event.at <= now:
        return event.at
    return now


def language_fields(event: PlayerEvent, targets: Sequence[str],
                    require_language: bool) -> dict[str, Any]:
    """Whether the session counts for its language, and why not."""
    fields: dict[str, Any] = {"audio": list(event.audio_languages),
                              "subtitles": list(event.subtitle_languages)}
    wanted = set(targets)
    if not wanted or wanted & {*event.audio_languages, *event.subtitle_languages}:
        return {**fields, "language_ok": True}
    if not event.reports_language:
        if not require_language:
            return {**fields, "language_ok": True}
        reason = "The player reports no language, and this integration requires one."
    else:
        heard = ", ".join(event.audio_languages) or "none"
        shown = ", ".join(event.subtitle_languages) or "none"
        reason = (f"Audio {heard}, subtitles {shown}: not in your languages "
                  f"({', '.join(targets)}).")
    return {**fields, "language_ok": False, "language_reason": reason}


@dataclass(frozen=True)
class Snapshot:
    """What one read found for an event."""

    owner: TokenOwner
    prefix: str
    live: Item | None
    languages: list[str]
    notices: bool
    pointer: Item | None
    zone: ZoneInfo
    folder: str | None
    """The show folder whose record was read with the event (None: none was)."""
    show: Item | None
    journal: Item | None
    """The head of the user's pending change, if a crash left one (read with the event)."""


class Receiver:
    """Sessions of every integration of every user, as events arrive."""

    def __init__(self, repo: ItemRepository, entries: CaptureEntries, writer: SessionWrite,
                 clock: Callable[[], datetime], integrations: Integrations,
                 default_zone: str) -> None:
        self._repo = repo
        self._default_zone = default_zone
        self._entries = entries
        self._writer = writer
        self._clock = clock
        self._integrations = integrations

    def receive(self, token: str, owner: TokenOwner | None, event: PlayerEvent) -> SessionView:
        """Apply the event (``owner``: the token's, when already read); a repeat or a stale
        one changes nothing and answers the session."""
        now = self._clock().timestamp()
        at = event_time(event, now)
        for _ in range(_ATTEMPTS):
            answered = self._attempt(token, self._read(token, owner, event), event, at, now)
            if answered is not None:
                return answered
        raise Conflict("The session changed at the same moment; send the event again.")

    def _read(self, token: str, owner: TokenOwner | None, event: PlayerEvent) -> Snapshot:
        named = (owner.user, owner.integration.id) if owner else named_owner(token)
        if named is None:
            raise Unauthorized("The capture token is missing, wrong or revoked.")
        user, integration_id = named
        prefix = store.item_prefix(integration_id, event)
        pk = capture_pk(user)
        keys = [(pk, store.live_sk(prefix)), (user_pk(user), SETTINGS_SK),
                (pk, notices.PREFS_SK), (pk, store.pointer_sk(prefix))]
        folder = event_folder(event)
        show_key = (user_pk(user), Show.SK_PREFIX + folder) if folder else None
        journal_key = (user_pk(user), JOURNAL_HEAD)
        found = self._repo.get_keys([*([] if owner else [token_key(token)]), *keys,
                                     *([show_key] if show_key else []), journal_key])
        owner = owner or self._integrations.owner_in(token, found.get(token_key(token)))
        if owner is None:
            raise Unauthorized("The capture token is missing, wrong or revoked.")
        live, settings, prefs, pointer = (found.get(key) for key in keys)
        chosen = settings or {}
        return Snapshot(owner, prefix, live, user_settings.languages_in(chosen),
                        bool(prefs and prefs.get("notices")), pointer,
                        user_settings.zone_in(chosen, self._default_zone),
                        folder, found.get(show_key) if show_key else None,
                        found.get(journal_key))

    def _attempt(self, token: str, snap: Snapshot, event: PlayerEvent, at: float,
                 now: float) -> SessionView | None:
        user, integration = snap.owner.user, snap.owner.integration
        current = snap.live
        if event.action == "played" and current is not None and (
                current.get("played") or current.get("watched")):
            return view(current, now)  # marked as played once already, or watched
        fresh = current is None or _ended_before(current, at)
        if fresh and current is not None:
            # The session this one replaces ends here: its entry takes its exact count first.
            current = self._finished(user, current, snap)
            if current is None:
                return None  # another event changed it meanwhile: read again
        staged = Staged(None if current is None else int(current["version"]),
                        notices_wanted=snap.notices, zone=snap.zone)
        if fresh:
            languages = language_fields(event, snap.languages, integration.require_language)
            item = store.new_session(user, integration, event, snap.prefix, at, languages)
            if current is not None:
                staged.archive = {**store.archived(current), "closed": True}
        else:
            item = dict(current)  # type: ignore[arg-type]
            store.follow_duration(item, event, tally_of(item).furthest)
        # Finishing the replaced session committed a change: the journal head read
        # with the event may be out of date, so the commit reads it again.
        staged.journal, staged.journal_read = snap.journal, current is snap.live
        if snap.folder is not None and snap.folder == folder_of(item):
            staged.show, staged.show_read = snap.show, True
        if event.action == "played" and fresh:
            # Mark-as-played without playback: the item's runtime, once.
            duration = float(item.get("duration") or 0)
            item.update(played=True, closed=True, counting=Counting(Tally(
                first_at=at, last_at=at, counted=duration, stopped=True,
                completed=True)).to_item())
            staged.played = True
            tally = tally_of(item)
        else:
            duration_known = float(item["duration"]) if item.get("duration") else None
            counting = Counting.of_item(item.get("counting") or {})
            added = counting.add(point_of(event, at), duration_known)
            if added is None:
                return view(item, now)
            item["counting"] = added.to_item()
            tally = added.tally(duration_known)
        used = self._integrations.used(token, integration, new_session=fresh)
        staged.extras.extend([used] if used else [])
        if fresh:
            staged.extras.extend(self._device(user, snap, item, at))
        if not self._writer.commit(user, item, tally, staged):
            return None
        return view(item, now)

    def _device(self, user: str, snap: Snapshot, item: Item, at: float) -> list[Op]:
        """The writes of a new item on a device: it is the device's last session now, and
        the one it played before closes (autoplay, the next episode)."""
        ops: list[Op] = [Put({"pk": capture_pk(user), "sk": store.pointer_sk(snap.prefix),
                              "live": True, "session_id": item["session_id"], "version": 1})]
        before = str((snap.pointer or {}).get("session_id") or "")
        if not before or before == item["session_id"]:
            return ops
        if store.live_sk_of(before) == item["sk"]:
            return ops  # the same item again: the session it replaces is closed with it
        self._close(user, before, snap, at)
        return ops

    def _close(self, user: str, session_id: str, snap: Snapshot, at: float) -> None:
        """Close the session the device played before (read first: its entry takes its
        exact count, which a blind write could not give it)."""
        for _ in range(_ATTEMPTS):
            previous = store.find(self._repo, user, session_id)
            if previous is None or self._finished(user, previous, snap, at) is not None:
                return

    def _finished(self, user: str, session: Item, snap: Snapshot,
                  replaced_at: float | None = None) -> Item | None:
        """``session`` closed through the writer, so its entry holds the exact count and its
        notice is queued; None when another event changed it first (read it again).
        ``replaced_at``: when another item started on its device (its own events dated
        before that, arriving late, still belong to it)."""
        if session.get("closed") or tally_of(session).stopped:
            return session  # its stop or its close already wrote the exact count
        closed = {**session, "closed": True}
        if replaced_at is not None:
            closed[REPLACED_AT] = replaced_at
        staged = Staged(int(session["version"]), notices_wanted=snap.notices, zone=snap.zone)
        return closed if self._writer.commit(user, closed, tally_of(closed), staged) else None

    def accept(self, user: str, session_id: str) -> SessionView | None:
        """Count an ignored session anyway; None when there is no such session."""
        now = self._clock().timestamp()
        wanted = notices.wanted(self._repo, user)
        for _ in range(_ATTEMPTS):
            found = store.find(self._repo, user, session_id)
            if found is None:
                return None
            item = {**found, "accepted": True}
            if self._writer.commit(user, item, tally_of(item), Staged(
                    int(found["version"]), notices_wanted=wanted)):
                return view(item, now)
        raise Conflict("The session changed at the same moment; try again.")

    def undo(self, user: str, session_id: str) -> SessionView | None:
        """Delete the session's entry for good (a notice's Undo); None when there is none."""
        for _ in range(_ATTEMPTS):
            found = store.find(self._repo, user, session_id)
            if found is None or not found.get("entry_id") or found.get("entry_deleted"):
                return None
            self._entries.remove(user, str(found["entry_id"]))
            item = {**found, "entry_deleted": True}
            item.pop("entry", None)
            if store.save(self._repo, item):
                return view(item, self._clock().timestamp())
        raise Conflict("The session changed at the same moment; try again.")


def event_folder(event: PlayerEvent) -> str | None:
    """The show folder an episode's event names (its series, else its title), if any."""
    if event.kind != "episode":
        return None
    return folder_of({"series": event.series, "title": event.title}) or None


def _ended_before(current: Item, at: float) -> bool:
    """Whether an event at ``at`` starts a new session rather than joining ``current``."""
    tally = tally_of(current)
    if tally.last_at is None:
        return False
    if at - tally.last_at >= IDLE_SECONDS:
        return True
    if at <= float(current.get(REPLACED_AT) or 0):
        return False  # sent late, dated before the next item started on its device
    return at > tally.last_at and is_closed(current, tally, at)
