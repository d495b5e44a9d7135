"""One player event applied to its session, and the session's entry kept in step (store I/O)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from handlers.service.capture import notices
from handlers.service.capture import session_store as store
from handlers.service.capture.counting import IDLE_SECONDS, MIN_SECONDS, Counting, Tally, point_of
from handlers.service.capture.entries import CaptureEntries
from handlers.service.capture.events import PlayerEvent
from handlers.service.capture.integrations import Integrations, TokenOwner, capture_pk
from handlers.service.capture.session_view import (
    SessionView,
    display_title,
    is_closed,
    tally_of,
    view,
)
from handlers.service.capture.watched import (
    KINDS,
    folder_of,
    is_watched,
    show_record,
    watched_entry,
)
from handlers.service.core.errors import Conflict
from metadata_clients.ports import TvdbLookup
from storage.models import Show, user_pk
from storage.repository import Item, ItemRepository

ACTIVITY = {"episode": "tv", "movie": "movie", "video": "video", "audio": "music",
            "audiobook": "audiobook"}
MAX_EVENT_AGE = 24 * 3600
GROW_STEP = 60
"""Seconds a playing session's entry may lag behind its count (it is exact once closed)."""
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


class Receiver:
    """Sessions of every integration of every user, as events arrive."""

    def __init__(self, repo: ItemRepository, entries: CaptureEntries,
                 clock: Callable[[], datetime], integrations: Integrations,
                 languages_of: Callable[[str], list[str]],
                 tvdb: TvdbLookup | None = None) -> None:
        self._repo = repo
        self._tvdb = tvdb
        self._entries = entries
        self._clock = clock
        self._integrations = integrations
        self._languages_of = languages_of

    def receive(self, owner: TokenOwner, event: PlayerEvent) -> SessionView:
        """Apply the event; a repeat or a stale one changes nothing and answers the session."""
        now = self._clock().timestamp()
        at = event_time(event, now)
        for _ in range(_ATTEMPTS):
            answered = self._attempt(owner, event, at, now)
            if answered is not None:
                return answered
        raise Conflict("The session changed at the same moment; send the event again.")

    def accept(self, user: str, session_id: str) -> SessionView | None:
        """Count an ignored session anyway; None when there is no such session."""
        now = self._clock().timestamp()
        for _ in range(_ATTEMPTS):
            found = store.find(self._repo, user, session_id)
            if found is None:
                return None
            item = {**found, "accepted": True}
            created = self._keep_entry(user, item, tally_of(item))
            if self._save(user, item, tally_of(item)):
                return view(item, now)
            self._forget(user, created)
        raise Conflict("The session changed at the same moment; try again.")

    def _attempt(self, owner: TokenOwner, event: PlayerEvent, at: float,
                 now: float) -> SessionView | None:
        user, integration = owner.user, owner.integration
        prefix = store.item_prefix(integration, event)
        current = store.latest(self._repo, user, prefix)
        if event.action == "played" and current is not None and (
                current.get("played") or current.get("watched")):
            return view(current, now)  # marked as played once already, or watched
        fresh = current is None or _ended_before(current, at)
        if fresh:
            languages = language_fields(event, self._languages_of(user),
                                        integration.require_language)
            item = store.new_session(user, integration, event, prefix, at, languages)
        else:
            item = dict(current)  # type: ignore[arg-type]
        if event.action == "played" and fresh:
            return self._played(owner, item, at, now)
        duration = float(item["duration"]) if item.get("duration") else None
        counting = Counting.of_item(item.get("counting") or {})
        added = counting.add(point_of(event, at), duration)
        if added is None:
            return view(item, now)
        item["counting"] = added.to_item()
        tally = added.tally(duration)
        created = self._keep_entry(user, item, tally)
        notify = self._closing(user, item, tally.stopped)
        if not self._save(user, item, tally):
            self._forget(user, created)
            return None
        if notify:
            notices.queue(self._repo, user, item, int(tally.counted), now)
        if fresh:
            self._autoplay(user, prefix, item)
        self._integrations.used(user, integration, new_session=fresh)
        return view(item, now)

    def _played(self, owner: TokenOwner, item: Item, at: float, now: float) -> SessionView | None:
        """Mark-as-played without playback: the episode or film counts as watched with its
        runtime, once (anything else: a log of its runtime)."""
        duration = float(item.get("duration") or 0)
        item["played"] = True
        item["closed"] = True
        item["counting"] = Counting(Tally(first_at=at, last_at=at, counted=duration,
                                          stopped=True, completed=True)).to_item()
        created = None
        if item.get("kind") in KINDS and _counts(item):
            recorded = self._record_watched(owner.user, item, tally_of(item), None)
            if recorded is False:
                return None
        else:
            created = self._keep_entry(owner.user, item, tally_of(item))
        notify = self._closing(owner.user, item, True)
        if item.get("version") == 0 and not store.save(self._repo, item):
            self._forget(owner.user, created)
            return None
        if notify:
            notices.queue(self._repo, owner.user, item, int(duration), now)
        self._integrations.used(owner.user, owner.integration, new_session=True)
        return view(item, now)

    def _save(self, user: str, item: Item, tally: Tally) -> bool:
        """Store the session (False: another event changed it first); once its episode or
        film is watched, its entry becomes that episode or movie in the same write."""
        if (not item.get("watched") and item.get("entry_id") and _counts(item)
                and is_watched(item, tally)):
            recorded = self._record_watched(user, item, tally, str(item["entry_id"]))
            if recorded is not None:
                return recorded
        return store.save(self._repo, item)

    def _record_watched(self, user: str, item: Item, tally: Tally,
                        replacing: str | None) -> bool | None:
        """Make the watched session's entry an episode or movie, saving the session with it:
        True when done, False when the session changed meanwhile (nothing written), None
        when it stays as it was (saved by the caller): its log keeps the minutes when the
        history holds that episode already or it names none, and a deleted one stays so."""
        entry = watched_entry(user, item, int(tally.first_at or 0), tally.counted)
        item["watched"] = True
        if entry is None:
            return None
        show = None
        if item.get("kind") == "episode" and self._repo.get(
                user_pk(user), Show.SK_PREFIX + folder_of(item)) is None:
            show = show_record(user, item, self._tvdb)  # TVDB is asked once per new show
        done = self._entries.record_watched(user, entry, show, item, replacing)
        if done.outcome == "recorded":
            item["entry_kind"] = str(item["kind"])
            return True
        if done.outcome == "raced":
            del item["watched"]
            return False
        if done.outcome == "gone":
            item["entry_deleted"] = True
        return None

    def _keep_entry(self, user: str, item: Item, tally: Tally) -> str | None:
        """Create or grow the session's entry as its counted seconds say; the id if created."""
        counts = _counts(item) and not item.get("entry_kind")  # a watched one stays as it is
        seconds = int(tally.counted)
        threshold = 1 if item.get("accepted") else MIN_SECONDS
        if not counts or seconds < threshold or tally.first_at is None:
            return None
        entry_id = item.get("entry_id")
        if entry_id is None:
            kind = str(item.get("kind", "video"))
            episode_title = str(item.get("title") or "")
            note = f"{display_title(item)}"
            if kind == "episode" and episode_title:
                note += f" · {episode_title}"
            item["entry_id"] = self._entries.create(
                user, activity=ACTIVITY.get(kind, "video"),
                title=str(item.get("series") or item.get("title") or "Untitled")
                if kind == "episode" else display_title(item),
                seconds=seconds, at=int(tally.first_at),
                note=f"{note} (from {item.get('player') or item.get('source')})")
            item["entry_seconds"] = seconds
            return str(item["entry_id"])
        written = int(item.get("entry_seconds") or 0)
        ends = tally.stopped or bool(item.get("closed"))
        # While it plays the entry grows a minute at a time (a write per minute, not per
        # report); when the session ends it takes the exact count.
        if seconds != written and (ends or abs(seconds - written) >= GROW_STEP):
            if self._entries.grow(user, str(entry_id), seconds):
                item["entry_seconds"] = seconds
            else:
                item["entry_deleted"] = True
        return None

    def undo(self, user: str, session_id: str) -> SessionView | None:
        """Delete the session's entry for good (a notice's Undo); None when there is none."""
        for _ in range(_ATTEMPTS):
            found = store.find(self._repo, user, session_id)
            if found is None or not found.get("entry_id") or found.get("entry_deleted"):
                return None
            self._entries.remove(user, str(found["entry_id"]))
            item = {**found, "entry_deleted": True}
            if store.save(self._repo, item):
                return view(item, self._clock().timestamp())
        raise Conflict("The session changed at the same moment; try again.")

    def _closing(self, user: str, item: Item, closes: bool) -> bool:
        """Whether this save closes a session with an entry whose user wants a notice."""
        if not (closes or item.get("closed")) or item.get("notified"):
            return False
        if not item.get("entry_id") or item.get("entry_deleted"):
            return False
        if not notices.wanted(self._repo, user):
            return False
        item["notified"] = True
        return True

    def _forget(self, user: str, created: str | None) -> None:
        # Another event saved the session first: the entry made for this attempt must go,
        # or a retry would make a second one.
        if created is not None:
            self._entries.remove(user, created)

    def _autoplay(self, user: str, prefix: str, item: Item) -> None:
        """A new item on a device closes the one it played before (autoplay, next episode)."""
        device = prefix[: prefix.rstrip("-").rfind("-") + 1]
        pointer_sk = "DEVICE#" + device[len(store.SESSION):]
        pointer = self._repo.get(capture_pk(user), pointer_sk)
        before = pointer.get("session_id") if pointer else None
        if before and before != item["session_id"]:
            previous = store.find(self._repo, user, str(before))
            if previous is not None and not previous.get("closed"):
                closed = {**previous, "closed": True}
                notify = self._closing(user, closed, True)
                if store.save(self._repo, closed) and notify:
                    notices.queue(self._repo, user, closed, int(tally_of(closed).counted),
                                  self._clock().timestamp())
        self._repo.put({"pk": capture_pk(user), "sk": pointer_sk,
                        "session_id": item["session_id"], "version": 1})


def _counts(item: Item) -> bool:
    """Whether the session's minutes go to the history (its language, or accepted)."""
    return bool((item.get("language_ok", True) or item.get("accepted"))
                and not item.get("entry_deleted"))


def _ended_before(current: Item, at: float) -> bool:
    """Whether an event at ``at`` starts a new session rather than joining ``current``."""
    tally = tally_of(current)
    if tally.last_at is None:
        return False
    if at - tally.last_at >= IDLE_SECONDS:
        return True
    return at > tally.last_at and is_closed(current, tally, at)
