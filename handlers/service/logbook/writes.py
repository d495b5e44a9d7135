"""Log any immersion, edit or delete any entry of the history (store I/O).

The rules of a log live here for every door: which activity, how an amount becomes time,
which moment a date means in the user's zone, the 24-hour cap, and what each kind of
entry lets a user change. Writes go through the unit of work (``kept.writing``), which
keeps the history index and the totals in step.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from handlers.service.core.activities import (
    MAX_SECONDS,
    UNITS,
    UnknownActivity,
    canonical_activity,
    derive_seconds,
    unit_mismatch,
)
from handlers.service.core.calendar import OutOfRange, checked_at, checked_day, local_date
from handlers.service.core.durations import DURATION_ATTRIBUTE, sk_kind
from handlers.service.core.errors import Conflict, InvalidInput, NotFound
from handlers.service.kept.writing import Conflicted, Writing, updated
from handlers.service.logbook import history

# Re-exported: the rules' callers have always imported the requests from here.
from handlers.service.logbook.requests import EntryChanges as EntryChanges
from handlers.service.logbook.requests import LogRequest as LogRequest
from handlers.service.portability.imports.readers.in_place import EDITED, IN_PLACE
from storage.models import LogEntry, user_pk
from storage.repository import Item, ItemRepository


@dataclass(frozen=True)
class Logged:
    """A new log and how its time was derived, if it was."""

    entry: history.Entry
    derivation: str | None


def moment(day: str | None, at: int | None, now: datetime, zone: ZoneInfo) -> int:
    """Epoch seconds of a log: ``at``, or local noon of ``day`` (now for today), or now."""
    if at is not None and day is not None:
        raise InvalidInput("date: give a date or at, not both.")
    if at is not None:
        try:
            return checked_at(at, now)
        except OutOfRange as error:
            raise InvalidInput(f"at: {error}") from None
    if day is None:
        return int(now.timestamp())
    try:
        wanted = date.fromisoformat(day)
    except ValueError:
        raise InvalidInput("date: use YYYY-MM-DD, for example 2026-11-28.") from None
    if wanted == local_date(now, zone):
        return int(now.timestamp())
    try:
        return checked_day(wanted, zone, now)
    except OutOfRange as error:
        raise InvalidInput(f"date: {error}") from None


def canonical(word: str) -> str:
    """The activity ``word`` names; InvalidInput naming the field (with a suggestion)."""
    try:
        return canonical_activity(word)
    except UnknownActivity as error:
        raise InvalidInput(f"activity: {error}") from None


def _duration(
    request: LogRequest, activity: str, speeds: Callable[[], Mapping[str, float]]
) -> tuple[int, str | None]:
    if request.minutes is not None:
        seconds, derivation = request.minutes * 60, None
    elif request.amount is not None and request.unit is not None:
        mismatch = unit_mismatch(activity, request.unit)
        if mismatch is not None:
            raise InvalidInput(f"unit: {mismatch}")
        derived = derive_seconds(
            activity, request.amount, request.unit,
            episode_minutes=request.episode_minutes, reading_speed=speeds(),
        )
        seconds, derivation = derived.seconds, derived.explanation
    else:
        raise InvalidInput("minutes: give minutes, or an amount with its unit.")
    if seconds > MAX_SECONDS:
        raise InvalidInput("minutes: one entry covers at most 24 hours.")
    if seconds < 1:
        raise InvalidInput("minutes: must be at least one second.")
    return round(seconds), derivation


def _keeps_amount(request: LogRequest, activity: str) -> bool:
    """An amount beside the minutes is kept when its unit fits the activity: characters
    read in a measured time are what the reading-speed chart shows."""
    if request.amount is None or request.unit is None:
        return False
    return request.minutes is None or unit_mismatch(activity, request.unit) is None


def log(
    repo: ItemRepository,
    user: str,
    request: LogRequest,
    *,
    now: datetime,
    zone: ZoneInfo,
    reading_speed: Callable[[], Mapping[str, float]],
    source: str,
    log_id: str,
) -> Logged:
    """Store one log and answer it as a history entry with its derivation. The user's
    ``reading_speed`` is asked for only when an amount is turned into minutes (a log of
    minutes reads no setting for it)."""
    activity = canonical(request.activity)
    seconds, derivation = _duration(request, activity, reading_speed)
    keeps_amount = _keeps_amount(request, activity)
    entry = LogEntry(
        user=user,
        log_id=log_id,
        activity=activity,
        title=request.title.strip(),
        duration=seconds,
        amount=request.amount if keeps_amount else None,
        unit=request.unit if keeps_amount else None,
        # Characters read in minutes the learner gave are a reading speed (not one derived).
        timed=True if keeps_amount and request.minutes is not None else None,
        note=request.note or None,
        url=request.url or None,
        timestamp=moment(request.date, request.at, now, zone),
        created_at=int(now.timestamp()),
        source=source,
    ).to_item()
    try:
        with Writing(repo, user, zone) as writing:
            writing.add(entry)
    except Conflicted:
        # Two logs in one millisecond drew the same random bits: never overwrite one.
        raise Conflict(
            "Another log took this id at the same moment; please log it again."
        ) from None
    return Logged(history.to_entry(entry), derivation)


def _stored(repo: ItemRepository, user: str, entry_id: str) -> Item:
    item = repo.get(user_pk(user), history.entry_sk(entry_id))
    if item is None:
        raise NotFound("There is no such entry.")
    return item


_EDITABLE: dict[str, frozenset[str]] = {
    "log": frozenset({"minutes", "date", "at", "title", "activity", "note"}),
    "youtube": frozenset({"minutes", "date", "at"}),
    "spotify": frozenset({"minutes", "date", "at"}),
    "episode": frozenset({"date", "at"}),
    "movie": frozenset({"date", "at"}),
}


def editable_fields(kind: str) -> frozenset[str]:
    """What an edit may change on this kind of entry (doors offer only these)."""
    return _EDITABLE[kind]


def entry(repo: ItemRepository, user: str, entry_id: str) -> history.Entry:
    """The entry behind ``entry_id`` as the history shows it."""
    return history.entry_of(repo, user, _stored(repo, user, entry_id))


def _attribute_changes(
    kind: str, changes: EntryChanges, now: datetime, zone: ZoneInfo
) -> dict[str, Any]:
    asked = changes.model_dump(exclude_unset=True)
    refused = sorted(set(asked) - _EDITABLE[kind])
    if refused:
        raise InvalidInput(f"{refused[0]}: cannot be changed on this kind of entry.")
    out: dict[str, Any] = {}
    if "date" in asked or "at" in asked:
        out["timestamp"] = moment(changes.date, changes.at, now, zone)
    if changes.minutes is not None:
        # Checked before rounding: 1e308 minutes are an infinity of seconds.
        if changes.minutes * 60 > MAX_SECONDS:
            raise InvalidInput("minutes: one entry covers at most 24 hours.")
        seconds = round(changes.minutes * 60)
        out["duration" if kind == "log" else "watched_seconds"] = seconds
    if changes.title is not None:
        out["title"] = changes.title.strip()
    if changes.activity is not None:
        out["activity"] = canonical(changes.activity)
    if "note" in asked:
        out["note"] = changes.note or None
    return out


def edit(
    repo: ItemRepository,
    user: str,
    entry_id: str,
    changes: EntryChanges,
    *,
    now: datetime,
    zone: ZoneInfo,
) -> history.Entry:
    """Change an entry; a concurrent change in between is a Conflict, never a lost update."""
    item = _stored(repo, user, entry_id)
    kind = history.to_entry(item).kind
    updates = _attribute_changes(kind, changes, now, zone)
    if "duration" in updates and item.get("amount") is not None:
        # The pages or characters stay read; the learner now says how long they took, as
        # a log of both would (a measured time: the reading speed counts it).
        updates["timed"] = True
    unit = item.get("unit")
    if "activity" in updates and unit in UNITS and unit_mismatch(updates["activity"], unit):
        # Its time stays; an amount in a unit the new activity is not counted in goes.
        updates.update(amount=None, unit=None, timed=None)
    _check_part(item, kind, updates.get("watched_seconds"))
    if item.get(IN_PLACE):
        updates[EDITED] = True  # the learner's figures win over a later export of the day
    try:
        with Writing(repo, user, zone) as writing:
            writing.change(item, stored := updated(item, updates))
    except Conflicted:
        raise Conflict("The entry was changed elsewhere; load it again and retry.") from None
    return history.entry_of(repo, user, stored)


def _check_part(item: Item, kind: str, watched: int | None) -> None:
    """Refuse a part watched longer than the video or episode, when its length is known."""
    length = int(item.get(DURATION_ATTRIBUTE.get(sk_kind(item), "")) or 0)
    if watched is not None and length and watched > length:
        what = "video" if kind == "youtube" else "episode"
        raise InvalidInput(f"minutes: the {what} lasts {length / 60:.3g} min; the part "
                           "watched cannot be longer.")


def delete(repo: ItemRepository, user: str, entry_id: str, *, zone: ZoneInfo) -> history.Entry:
    """Remove exactly that entry (its show, channel or podcast record stays)."""
    item = _stored(repo, user, entry_id)
    entry = history.entry_of(repo, user, item)
    try:
        with Writing(repo, user, zone) as writing:
            writing.remove(item)
    except Conflicted:
        raise Conflict("The entry was changed elsewhere; load it again and retry.") from None
    return entry
